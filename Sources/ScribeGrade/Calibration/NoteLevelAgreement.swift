import Foundation

/// A judge's note scores against clinicians' note-level ratings on one dimension: Pearson,
/// Spearman, Kendall τ-b, ICC(A,1) and ICC(C,1), each with a 95% percentile interval from a
/// bootstrap over encounters, the sign the dimension should have and whether it has the other.
///
/// The judge's side is a note's raw `score` (the mean over its rubrics when several grade it);
/// the experts' side is the mean of the raters' values for that note.
public struct NoteLevelAgreement: Sendable, Codable, Hashable {
    public struct Estimate: Sendable, Codable, Hashable {
        public var value: Double?
        public var ci95: [Double]?
    }

    public var dimension: String
    public var judge: String
    /// Notes with both a judge score and a rating on the dimension.
    public var n: Int
    /// `positive` (the dimension rises with quality) or `negative` (omission, hallucination,
    /// edit distance, errors and time fall as the score rises).
    public var expectedSign: String
    /// Whether Pearson's r has the sign opposite to the expected one.
    public var flagged: Bool
    public var pearson: Estimate
    public var spearman: Estimate
    public var kendallTauB: Estimate
    public var iccA1: Estimate
    public var iccC1: Estimate

    enum CodingKeys: String, CodingKey {
        case dimension, judge, n, flagged, pearson, spearman
        case expectedSign = "expected_sign"
        case kendallTauB = "kendall_tau_b"
        case iccA1 = "icc_a1"
        case iccC1 = "icc_c1"
    }

    /// Words of a dimension's name that say it should fall as a note gets better.
    static let fallingWords = ["omission", "hallucination", "edit", "error", "time", "distance", "harm"]

    /// `negative` when the dimension's name says it falls as quality rises, else `positive`.
    public static func expectedSign(of dimension: String) -> String {
        let name = dimension.lowercased()
        return fallingWords.contains(where: name.contains) ? "negative" : "positive"
    }

    /// The agreement on every dimension rated, in dimension order. `scores` are the judge's
    /// notes as (system, encounter, raw score).
    public static func compute(
        judge: String, scores: [(system: String, encounter: String, score: Double)], ratings: [NoteRating],
        bootstrap: BootstrapOptions
    ) -> [NoteLevelAgreement] {
        var judged: [String: (sum: Double, count: Double, encounter: String)] = [:]
        for s in scores {
            let key = "\(s.system)/\(s.encounter)"
            let previous = judged[key] ?? (0, 0, s.encounter)
            judged[key] = (previous.sum + s.score, previous.count + 1, s.encounter)
        }
        let byDimension = Dictionary(grouping: ratings, by: \.dimension)
        return byDimension.keys.sorted().compactMap { dimension in
            var expert: [String: (sum: Double, count: Double)] = [:]
            for r in byDimension[dimension]! {
                let previous = expert["\(r.system)/\(r.encounter)"] ?? (0, 0)
                expert["\(r.system)/\(r.encounter)"] = (previous.sum + r.value, previous.count + 1)
            }
            guard var builder = try? RatingTable.Builder(scale: .interval) else { return nil }
            for note in expert.keys.sorted() {
                guard let j = judged[note], let e = expert[note] else { continue }
                try? builder.add(unit: note, rater: "judge", value: .number(j.sum / j.count), cluster: j.encounter)
                try? builder.add(unit: note, rater: "experts", value: .number(e.sum / e.count), cluster: j.encounter)
            }
            let table = builder.build()
            let n = table.raterCount == 2 ? table.pair(0, 1).count : 0
            func statistics(_ t: RatingTable) -> [Double?] {
                guard t.raterCount == 2 else { return [nil, nil, nil, nil, nil] }
                let pair = t.pair(0, 1)
                return [
                    PearsonCorrelation.of(pair), SpearmanCorrelation.of(pair), KendallTauB.of(pair),
                    IntraclassCorrelation.icc21(t), IntraclassCorrelation.icc31(t),
                ]
            }
            let values = statistics(table)
            let intervals = n >= 3 ? AgreementBootstrap.intervals(of: table, options: bootstrap, statistics: statistics) : []
            func estimate(_ i: Int) -> Estimate {
                Estimate(value: values[i], ci95: i < intervals.count ? intervals[i].map { [$0.lower, $0.upper] } : nil)
            }
            let sign = expectedSign(of: dimension)
            let r = values[0] ?? 0
            return NoteLevelAgreement(
                dimension: dimension, judge: judge, n: n, expectedSign: sign,
                flagged: sign == "negative" ? r > 0 : r < 0,
                pearson: estimate(0), spearman: estimate(1), kendallTauB: estimate(2), iccA1: estimate(3), iccC1: estimate(4))
        }
    }
}
