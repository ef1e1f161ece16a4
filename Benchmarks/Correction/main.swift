// Prediction-powered estimates outside the leaderboard, for checking them.
//
//   CorrectionTool reference FILE.json   PPI++ means of generated data, as JSON on stdout, for
//                                        Tests/Reference/ppi_reference.py to compare with ppi-python
//   CorrectionTool simulate [--replications R] [--sizes 50,100,200,400] [--encounters E] [--seed S]
//                           [--bootstrap RESAMPLES]  (corrected intervals by the encounter bootstrap)
//                           [--designs random,uncertainty_weighted,queue]  (default: all)
//                                        coverage of the corrected, raw-judge and experts-only
//                                        intervals (Benchmarks/README.md), a Markdown table
//
//   swift build -c release --product CorrectionTool
import Foundation
import ScribeGrade

/// One generated data set of the reference test.
struct ReferenceCase: Decodable {
    var name: String
    var expert: [Double]
    var judge: [Double]
    var unlabeledJudge: [Double]
    var weights: [Double]?
    var unlabeledWeights: [Double]?
    /// Nil: tuned.
    var lambda: Double?
    var alpha: Double

    enum CodingKeys: String, CodingKey {
        case name, expert, judge, weights, lambda, alpha
        case unlabeledJudge = "unlabeled_judge"
        case unlabeledWeights = "unlabeled_weights"
    }
}

struct ReferenceResult: Encodable {
    var name: String
    var lambda: Double
    var pointEstimate: Double
    var ci: [Double]
    var classical: [String: [Double]]
    var effectiveItems: Double?

    enum CodingKeys: String, CodingKey {
        case name, lambda, ci, classical
        case pointEstimate = "point_estimate"
        case effectiveItems = "effective_items"
    }
}

func fail(_ message: String, status: Int32 = 2) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(status)
}

func reference(path: String) throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let cases = try JSONDecoder().decode([String: [ReferenceCase]].self, from: data)["cases"] ?? []
    var results: [ReferenceResult] = []
    for item in cases {
        let sample: PredictionPoweredSample
        do {
            sample = try PredictionPoweredSample(
                expert: item.expert, judge: item.judge, unlabeledJudge: item.unlabeledJudge,
                weights: item.weights, unlabeledWeights: item.unlabeledWeights)
        } catch {
            fail("\(path): case \(item.name): \(error)")
        }
        let confidence = 1 - item.alpha
        let lambda = item.lambda ?? PredictionPoweredMean.tunedLambda(sample)
        let estimate = PredictionPoweredMean.estimate(sample, lambda: item.lambda, confidence: confidence)
        let classical = PredictionPoweredMean.classical(sample, confidence: confidence)
        results.append(ReferenceResult(
            name: item.name, lambda: lambda,
            pointEstimate: PredictionPoweredMean.pointEstimate(sample, lambda: item.lambda),
            ci: [estimate.ci.lower, estimate.ci.upper],
            classical: ["score": [classical.score], "ci": [classical.ci.lower, classical.ci.upper]],
            effectiveItems: PredictionPoweredMean.effectiveExpertItems(
                corrected: estimate, classical: classical, expertItems: sample.labeledCount)
        ))
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    FileHandle.standardOutput.write(try encoder.encode(["cases": results]))
    FileHandle.standardOutput.write(Data("\n".utf8))
}

func simulate(_ options: ArraySlice<String>) {
    var settings = CoverageSimulation.Settings()
    var sizes = [50, 100, 200, 400]
    var designs = CoverageSimulation.Design.allCases
    var iterator = options.makeIterator()
    while let option = iterator.next() {
        let value = iterator.next() ?? ""
        switch option {
        case "--replications": settings.replications = Int(value) ?? settings.replications
        case "--encounters": settings.encounters = Int(value) ?? settings.encounters
        case "--seed": settings.seed = UInt64(value) ?? settings.seed
        case "--sizes": sizes = value.split(separator: ",").compactMap { Int($0) }
        case "--designs":
            designs = value.split(separator: ",").map { name in
                guard let design = CoverageSimulation.Design(rawValue: String(name)) else {
                    fail("unknown design \(name); use \(CoverageSimulation.Design.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return design
            }
        case "--bootstrap":
            settings.interval = .clusterBootstrap(BootstrapOptions(resamples: Int(value) ?? 1000, seed: settings.seed))
        default: fail("unknown option \(option)")
        }
    }
    let truth = CoverageSimulation.trueScores(settings)
    if case .clusterBootstrap(let bootstrap) = settings.interval {
        print("Corrected and experts-only intervals: percentile bootstrap over encounters, \(bootstrap.resamples) resamples.")
    }
    print("""
        \(settings.replications) replications, seed \(settings.seed): \(settings.encounters) encounters × \
        \(settings.notesPerEncounter) notes × 2 systems, \(settings.criteria) criteria per note; true scores \
        A \(format(truth[0])), B \(format(truth[1])); judge sensitivity/specificity A \
        \(settings.sensitivity[0])/\(settings.specificity[0]), B \(settings.sensitivity[1])/\(settings.specificity[1]).
        Coverage and width of 95% intervals of each system's score (both systems); "ranked" = share of
        replications whose point estimates put A above B; "diff" = corrected A − B interval: coverage,
        and share excluding 0; λ = mean tuned λ; "eff." = effective expert items of the corrected estimate.

        | design | expert items | coverage corrected | judge | experts | width corrected | judge | experts | ranked corrected | judge | experts | diff coverage | diff excl. 0 | λ | eff. |
        |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
        """)
    for design in designs {
        for size in sizes {
            let r = CoverageSimulation.run(settings, design: design, expertItems: size)
            let cells = [
                design.rawValue, "\(size)",
                format(r.coverageCorrected), format(r.coverageJudge), format(r.coverageExperts),
                format(r.widthCorrected), format(r.widthJudge), format(r.widthExperts),
                format(r.rankedCorrected), format(r.rankedJudge), format(r.rankedExperts),
                format(r.coverageDifference), format(r.significantDifference),
                format(r.meanLambda, digits: 2), String(Int(r.meanEffectiveItems.rounded())),
            ]
            print("| " + cells.joined(separator: " | ") + " |")
        }
    }
}

func format(_ value: Double, digits: Int = 3) -> String {
    String(format: "%.\(digits)f", value)
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else { fail("usage: CorrectionTool reference FILE.json | simulate [options]") }
switch arguments[1] {
case "reference":
    guard arguments.count == 3 else { fail("usage: CorrectionTool reference FILE.json") }
    do { try reference(path: arguments[2]) } catch { fail("\(arguments[2]): \(error)") }
case "note-level": noteLevelReference(arguments.dropFirst(2))
case "simulate":
    simulate(arguments.dropFirst(2))
default:
    fail("unknown subcommand \(arguments[1]); use reference or simulate")
}
