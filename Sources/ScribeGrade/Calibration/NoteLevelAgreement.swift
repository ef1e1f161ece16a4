import Foundation

/// A judge's note scores against clinicians' note-level ratings on one dimension: Pearson,
/// Spearman, Kendall τ-b, ICC(A,1) and ICC(C,1), quadratic-weighted κ on an ordinal dimension,
/// the agreement of the two rankings of the systems, each with a 95% percentile interval from a
/// bootstrap over encounters; the sign the dimension should have and whether it has the other;
/// and, where two or more clinicians rated the same notes, how well they agree with each other.
///
/// The judge's side is a note's raw `score` (the mean over its rubrics when several grade it);
/// the experts' side is the mean of the raters' values for that note. κ compares levels, not
/// numbers: see ``OrdinalLevelMapping`` for how a score and the ratings become levels.
public struct NoteLevelAgreement: Sendable, Codable, Hashable {
    public struct Estimate: Sendable, Codable, Hashable {
        public var value: Double?
        public var ci95: [Double]?

        public init(value: Double?, ci95: [Double]?) {
            self.value = value
            self.ci95 = ci95
        }
    }

    /// One note of the comparison: the judge's score against the experts' mean rating.
    public struct Point: Sendable, Codable, Hashable {
        public var system: String
        public var encounter: String
        public var judge: Double
        public var expert: Double
    }

    public var dimension: String
    public var judge: String
    /// Notes with both a judge score and a rating on the dimension.
    public var n: Int
    /// Notes rated on the dimension that have no judge score because every judgment of them
    /// failed: left out of `n`.
    public var failed = 0
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
    /// Quadratic-weighted Cohen's κ between the judge's and the experts' levels; `nil` unless
    /// the dimension's declared scale is ordinal.
    public var quadraticKappa: Estimate? = nil
    /// Kendall τ-b between the systems ranked by the judge's mean score and by the experts'.
    public var systemLevel: SystemLevelAgreement? = nil
    /// Each rater against the others, next to the judge; `nil` when no note has two raters.
    public var expertCeiling: NoteLevelCeiling? = nil
    /// The notes compared, for the scatter plot; not part of the JSON.
    public var points: [Point] = []

    enum CodingKeys: String, CodingKey {
        case dimension, judge, n, failed, flagged, pearson, spearman
        case expectedSign = "expected_sign"
        case kendallTauB = "kendall_tau_b"
        case iccA1 = "icc_a1"
        case iccC1 = "icc_c1"
        case quadraticKappa = "quadratic_kappa"
        case systemLevel = "system_level"
        case expertCeiling = "expert_ceiling"
    }

    /// Writes `quadratic_kappa` and `expert_ceiling` as `null` when they do not apply, so that
    /// every entry has the same keys.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dimension, forKey: .dimension)
        try container.encode(judge, forKey: .judge)
        try container.encode(n, forKey: .n)
        try container.encode(failed, forKey: .failed)
        try container.encode(expectedSign, forKey: .expectedSign)
        try container.encode(flagged, forKey: .flagged)
        try container.encode(pearson, forKey: .pearson)
        try container.encode(spearman, forKey: .spearman)
        try container.encode(kendallTauB, forKey: .kendallTauB)
        try container.encode(iccA1, forKey: .iccA1)
        try container.encode(iccC1, forKey: .iccC1)
        try container.encode(quadraticKappa, forKey: .quadraticKappa)
        try container.encodeIfPresent(systemLevel, forKey: .systemLevel)
        try container.encode(expertCeiling, forKey: .expertCeiling)
    }

    /// Words of a dimension's name that say it should fall as a note gets better.
    static let fallingWords = ["omission", "hallucination", "edit", "error", "time", "distance", "harm"]

    /// `negative` when the dimension's name says it falls as quality rises, else `positive`.
    public static func expectedSign(of dimension: String) -> String {
        let name = dimension.lowercased()
        return fallingWords.contains(where: name.contains) ? "negative" : "positive"
    }

    /// The agreement of a stored run's judge (the note scores its report gives) on every
    /// dimension rated.
    public static func compute(
        run: RunRecord, judgments: [String: Judgment], ratings: [NoteRating], scales: [String: NoteRatingScale],
        bootstrap: BootstrapOptions
    ) -> [NoteLevelAgreement] {
        let grade = GradeReport.build(run: run, judgments: judgments, bootstrap: BootstrapOptions(resamples: 1, seed: bootstrap.seed))
        let scores = grade.notes.compactMap { note in note.score.map { (system: note.system, encounter: note.encounter, score: $0) } }
        let scored = Set(scores.map { "\($0.system)/\($0.encounter)" })
        let unscored = Set(grade.notes.map { "\($0.system)/\($0.encounter)" }).subtracting(scored)
        return compute(judge: grade.judgeName, scores: scores, ratings: ratings, scales: scales, bootstrap: bootstrap).map { row in
            var row = row
            let rated = Set(ratings.filter { $0.dimension == row.dimension }.map { "\($0.system)/\($0.encounter)" })
            row.failed = rated.intersection(unscored).count
            return row
        }
    }

    /// The agreement on every dimension rated, in dimension order. `scores` are the judge's
    /// notes as (system, encounter, raw score); `scales` the dimensions' declared scales (κ needs
    /// an ordinal one).
    public static func compute(
        judge: String, scores: [(system: String, encounter: String, score: Double)], ratings: [NoteRating],
        scales: [String: NoteRatingScale] = [:], bootstrap: BootstrapOptions
    ) -> [NoteLevelAgreement] {
        var judged: [String: (sum: Double, count: Double, system: String, encounter: String)] = [:]
        for s in scores {
            let key = "\(s.system)/\(s.encounter)"
            let previous = judged[key] ?? (0, 0, s.system, s.encounter)
            judged[key] = (previous.sum + s.score, previous.count + 1, s.system, s.encounter)
        }
        let judgeScores = judged.mapValues { $0.sum / $0.count }
        let byDimension = Dictionary(grouping: ratings, by: \.dimension)
        return byDimension.keys.sorted().map { dimension in
            var values: [String: [Double]] = [:]
            var byRater: [String: [String: [Double]]] = [:]
            for r in byDimension[dimension]! {
                values["\(r.system)/\(r.encounter)", default: []].append(r.value)
                byRater["\(r.system)/\(r.encounter)", default: [:]][r.rater, default: []].append(r.value)
            }
            let mapping = scales[dimension].flatMap { OrdinalLevelMapping(scale: $0, dimension: dimension) }
            let notes = values.keys.sorted().filter { judged[$0] != nil }
            let points = notes.map { note in
                let j = judged[note]!
                return Point(system: j.system, encounter: j.encounter, judge: judgeScores[note]!, expert: values[note]!.reduce(0, +) / Double(values[note]!.count))
            }
            let result = agreement(
                dimension: dimension, judge: judge, notes: notes, points: points,
                expertLevels: mapping.map { m in notes.map { m.expertLevel(values[$0]!) } }, mapping: mapping, bootstrap: bootstrap)
            var entry = result
            entry.expertCeiling = NoteLevelCeiling.compute(
                ratings: byRater.mapValues { $0.mapValues { $0.reduce(0, +) / Double($0.count) } }, judge: judgeScores)
            return entry
        }
    }

    /// The statistics of one dimension over `points` (one per note, `notes` their keys).
    static func agreement(
        dimension: String, judge: String, notes: [String], points: [Point], expertLevels: [Int?]?,
        mapping: OrdinalLevelMapping?, bootstrap: BootstrapOptions
    ) -> NoteLevelAgreement {
        let rows = zip(notes, points).map { (unit: $0, cluster: Optional($1.encounter), a: $1.judge, b: $1.expert) }
        let table = twoRaterTable(rows)
        // κ on the notes whose ratings all name a level, as positions 0…k−1 of an ordinal table
        // with every level declared, so that unused levels still weigh distances.
        let kappaTable: RatingTable? = mapping.flatMap { mapping in
            guard let expertLevels else { return nil }
            let levelRows = zip(rows, zip(points, expertLevels)).compactMap { row, pair -> (unit: String, cluster: String?, a: Double, b: Double)? in
                guard let expert = pair.1 else { return nil }
                return (row.unit, row.cluster, Double(mapping.judgeLevel(pair.0.judge)), Double(expert))
            }
            return twoRaterTable(levelRows, scale: .ordinal, labels: (0..<mapping.count).map { .number(Double($0)) })
        }
        let systemNames = Array(Set(points.map(\.system))).sorted()
        let systemIndex = Dictionary(uniqueKeysWithValues: systemNames.enumerated().map { ($1, $0) })
        let unitSystems = points.map { systemIndex[$0.system]! }
        func statistics(_ t: RatingTable?, _ k: RatingTable?) -> [Double?] {
            var values: [Double?] = [nil, nil, nil, nil, nil]
            if let t, t.raterCount == 2 {
                let pair = t.pair(0, 1)
                values = [
                    PearsonCorrelation.of(pair), SpearmanCorrelation.of(pair), KendallTauB.of(pair),
                    IntraclassCorrelation.icc21(t), IntraclassCorrelation.icc31(t),
                ]
            }
            values.append(k.flatMap { $0.raterCount == 2 ? CohenKappa.quadraticWeighted($0.pair(0, 1).confusion) : nil })
            values.append(SystemLevelAgreement.tau(
                system: unitSystems, judge: points.map(\.judge), expert: points.map(\.expert), weights: t?.weights ?? points.map { _ in 1 }))
            return values
        }
        let values = statistics(table, kappaTable)
        let n = points.count
        // Both tables list the notes in the same order, so their clusters (encounters) share indices.
        let intervals = n >= 3 && table != nil
            ? ClusterBootstrap.intervals(clusterCount: table!.clusters.count, options: bootstrap) { draws in
                statistics(table!.reweighted(byClusterDraws: draws), kappaTable.map { $0.reweighted(byClusterDraws: draws) })
            }
            : []
        func estimate(_ i: Int) -> Estimate {
            Estimate(value: values[i], ci95: i < intervals.count ? intervals[i].map { [$0.lower, $0.upper] } : nil)
        }
        let sign = expectedSign(of: dimension)
        let r = values[0] ?? 0
        return NoteLevelAgreement(
            dimension: dimension, judge: judge, n: n, expectedSign: sign,
            flagged: sign == "negative" ? r > 0 : r < 0,
            pearson: estimate(0), spearman: estimate(1), kendallTauB: estimate(2), iccA1: estimate(3), iccC1: estimate(4),
            quadraticKappa: mapping == nil ? nil : estimate(5),
            systemLevel: SystemLevelAgreement(kendallTauB: estimate(6), systems: systemNames.count),
            points: points)
    }

    /// A table of two raters, `a` then `b`, rating each row's unit (in row order, clustered by
    /// `cluster`, else each unit its own cluster); `nil` when a value is not finite.
    static func twoRaterTable(
        _ rows: [(unit: String, cluster: String?, a: Double, b: Double)], scale: RatingScale = .interval, labels: [RatingValue] = []
    ) -> RatingTable? {
        guard var builder = try? RatingTable.Builder(scale: scale, labels: labels) else { return nil }
        do {
            for row in rows {
                try builder.add(unit: row.unit, rater: "judge", value: .number(row.a), cluster: row.cluster)
                try builder.add(unit: row.unit, rater: "experts", value: .number(row.b), cluster: row.cluster)
            }
        } catch {
            return nil
        }
        return builder.build()
    }
}
