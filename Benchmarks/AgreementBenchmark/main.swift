// Times every agreement statistic with 1,000 cluster-bootstrap resamples on 100,000 ratings:
// 20,000 units (criteria of notes) in 500 clusters (encounters), each rated by 5 raters on a
// 1–5 scale, and the same ratings as binary verdicts (4 or 5 = met). With --out DIR it also
// writes the data, the bootstrap draws and its results, for Benchmarks/agreement_peer.py to
// compute the same with the Python references and compare.
//
//   swift build -c release --product AgreementBenchmark
//   .build/release/AgreementBenchmark --out /tmp/agreement-bench
import Foundation
import ScribeGrade

struct Settings {
    var units = 20_000
    var clusters = 500
    var raters = 5
    var resamples = 1_000
    var seed: UInt64 = 42
    var out: String?

    init(arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            let value = iterator.next() ?? ""
            switch argument {
            case "--units": units = Int(value) ?? units
            case "--clusters": clusters = Int(value) ?? clusters
            case "--raters": raters = Int(value) ?? raters
            case "--resamples": resamples = Int(value) ?? resamples
            case "--seed": seed = UInt64(value) ?? seed
            case "--out": out = value
            default:
                FileHandle.standardError.write(Data("unknown option \(argument)\n".utf8))
                exit(2)
            }
        }
    }
}

/// Scores 1–5 with a skewed truth per unit, raters who agree often and differ in bias.
func makeScores(_ settings: Settings) -> [[Int]] {
    var generator = SeededGenerator(seed: settings.seed)
    let truthWeights = [1, 2, 3, 4, 2]  // out of 12
    return (0..<settings.units).map { _ in
        var pick = generator.index(below: 12)
        var truth = 0
        while pick >= truthWeights[truth] {
            pick -= truthWeights[truth]
            truth += 1
        }
        return (0..<settings.raters).map { rater in
            switch generator.index(below: 10) {
            case 0..<6: return truth + 1
            case 6..<9: return min(5, max(1, truth + 1 + (generator.index(below: 2) == 0 ? -1 : 1) + (rater == 0 ? 1 : 0)))
            default: return generator.index(below: 5) + 1
            }
        }
    }
}

func table(_ scores: [[Int]], _ settings: Settings, binary: Bool) throws -> RatingTable {
    let labels: [RatingValue] = binary ? [.label("met"), .label("not_met")] : (1...5).map { .number(Double($0)) }
    var builder = try RatingTable.Builder(scale: binary ? .nominal : .ordinal, labels: labels)
    let perCluster = settings.units / settings.clusters
    for (unit, row) in scores.enumerated() {
        for (rater, score) in row.enumerated() {
            let value: RatingValue = binary ? .label(score >= 4 ? "met" : "not_met") : .number(Double(score))
            try builder.add(unit: "u\(unit)", rater: "r\(rater)", value: value, cluster: "e\(unit / perCluster)")
        }
    }
    return builder.build()
}

/// Every statistic, named as the peer names them: overall ones, then per pair. `pairs` are the
/// rater pairs of the unweighted tables (binary, scores), reweighted here like the tables.
func statistics(binary: RatingTable, scores: RatingTable, pairs: [(RatingPair, RatingPair)]) -> [(String, Double?)] {
    var values: [(String, Double?)] = [
        ("percent_agreement", PercentAgreement.overall(binary)),
        ("fleiss_kappa", FleissKappa.of(binary)),
        ("krippendorff_alpha_nominal", KrippendorffAlpha.of(binary)),
        ("gwet_ac1", GwetAC1.overall(binary)),
        ("krippendorff_alpha_ordinal", KrippendorffAlpha.of(scores, scale: .ordinal)),
        ("krippendorff_alpha_interval", KrippendorffAlpha.of(scores, scale: .interval)),
        ("icc2_1", IntraclassCorrelation.icc21(scores)),
    ]
    for (verdictPair, scorePair) in pairs {
        let verdicts = verdictPair.reweighted(from: binary).confusion
        let scoreConfusion = scorePair.reweighted(from: scores).confusion
        let name = "r\(verdictPair.a)-r\(verdictPair.b)"
        values += [
            ("\(name).percent_agreement", PercentAgreement.of(verdicts)),
            ("\(name).cohen_kappa", CohenKappa.of(verdicts)),
            ("\(name).gwet_ac1", GwetAC1.of(verdicts, categories: binary.labelCount)),
            ("\(name).macro_f1", MacroF1.of(verdicts)),
            ("\(name).quadratic_weighted_kappa", CohenKappa.quadraticWeighted(scoreConfusion)),
            ("\(name).pearson", PearsonCorrelation.of(scoreConfusion)),
            ("\(name).spearman", SpearmanCorrelation.of(scoreConfusion)),
            ("\(name).kendall_tau_b", KendallTauB.of(scoreConfusion)),
        ]
    }
    return values
}

/// CPU seconds this process has used (user + system): steadier than wall time on a shared machine.
func cpuSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
    let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    return user + system
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

let settings = Settings(arguments: CommandLine.arguments)
let scores = makeScores(settings)
let binary = try table(scores, settings, binary: true)
let scored = try table(scores, settings, binary: false)
let ratings = scored.ratingCount
let options = BootstrapOptions(resamples: settings.resamples, seed: settings.seed)

let cpuStart = cpuSeconds()
var start = ContinuousClock.now
let pairs = binary.raterPairs.map { (binary.pair($0.a, $0.b), scored.pair($0.a, $0.b)) }
let estimates = statistics(binary: binary, scores: scored, pairs: pairs)
let estimateSeconds = seconds(since: start)

// One bootstrap over both tables: they share units and clusters, so one set of draws.
var draws: [[Int]] = []
start = ContinuousClock.now
let intervals = ClusterBootstrap.intervals(clusterCount: binary.clusters.count, options: options) { counts in
    if settings.out != nil { draws.append(counts) }
    return statistics(
        binary: binary.reweighted(byClusterDraws: counts),
        scores: scored.reweighted(byClusterDraws: counts),
        pairs: pairs
    ).map(\.1)
}
let bootstrapSeconds = seconds(since: start)
let cpu = cpuSeconds() - cpuStart

print("agreement benchmark: \(ratings) ratings (\(settings.units) units x \(settings.raters) raters, \(binary.clusters.count) clusters), \(estimates.count) statistics")
print(String(format: "  point estimates:                       %8.3f s", estimateSeconds))
print(String(format: "  %d cluster-bootstrap resamples:        %8.3f s", settings.resamples, bootstrapSeconds))
print(String(format: "  total:                                 %8.3f s (%.3f s CPU)", estimateSeconds + bootstrapSeconds, cpu))

if let out = settings.out {
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let perCluster = settings.units / settings.clusters
    var csv = "cluster,unit,rater,value\n"
    for (unit, row) in scores.enumerated() {
        for (rater, score) in row.enumerated() { csv += "e\(unit / perCluster),u\(unit),r\(rater),\(score)\n" }
    }
    try csv.write(toFile: "\(out)/ratings.csv", atomically: true, encoding: .utf8)
    let drawText = draws.map { $0.map(String.init).joined(separator: " ") }.joined(separator: "\n") + "\n"
    try drawText.write(toFile: "\(out)/draws.txt", atomically: true, encoding: .utf8)
    var results: [String: Any] = ["seconds": estimateSeconds + bootstrapSeconds, "ratings": ratings]
    var statisticsJSON: [String: Any] = [:]
    for (index, (name, value)) in estimates.enumerated() {
        let interval = intervals[index]
        statisticsJSON[name] = [
            "estimate": value.map { $0 as Any } ?? NSNull(),
            "ci95": interval.map { [$0.lower, $0.upper] as Any } ?? NSNull(),
        ]
    }
    results["statistics"] = statisticsJSON
    let data = try JSONSerialization.data(withJSONObject: results, options: [.prettyPrinted, .sortedKeys])
    try data.write(to: URL(fileURLWithPath: "\(out)/swift-results.json"))
    print("  wrote \(out)/ratings.csv, draws.txt, swift-results.json")
}
