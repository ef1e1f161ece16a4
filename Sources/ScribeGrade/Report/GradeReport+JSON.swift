import Foundation

extension GradeReport {
    /// The JSON contract of `grade --format json` and `report --format json`:
    /// `{"run", "judge", "systems": [{"system", "score", "ci95", "notes", "critical_missed"}],
    /// "notes": [{"system", "encounter", "rubric", "score", "score_clipped", "points_met",
    /// "points_possible", "critical_missed", "sections", "tags", "criteria": [{"id", "verdict",
    /// "points"}]}]}`, plus `judge_kind`, `judges`, `comparisons`, `bootstrap` and per-note
    /// `critical_missed_ids`, `criticality`, `failed`. Each system also carries `failed_share`
    /// and `ranked` (false when more than `maxFailedShare` of its judgments failed: its score is
    /// then not to be ranked), and the report `max_failed_share`. With expert ratings (`--ratings`)
    /// each system adds `experts_only: {score, ci95, expert_items}` and `corrected: {score, ci95,
    /// method, expert_items, effective_items, lambda, reason}` (null where no rating matched
    /// its notes), and the report a `correction` object with the level and paired differences.
    /// A system none of whose notes has a score (every judgment failed) has `score` and
    /// `mean_raw` null, never 0; an interval over fewer than two encounters (`ci95` of a system
    /// or a comparison) is null and such a comparison is never `significant`. Each judge carries
    /// the tokens its judgments billed, `usage: {input, cached_input, cache_creation, output}`
    /// (input includes the cached and cache-creation tokens), and their `cost` in dollars.
    public func jsonData(maxFailedShare: Double = GradeReport.defaultMaxFailedShare) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(JSONReport(self, maxFailedShare: maxFailedShare))
    }
}

private struct JSONReport: Encodable {
    struct Judge: Encodable {
        let name: String
        let kind: String
        let label: String
        let model: String?
        let usage: TokenUsage
        let cost: Double
    }

    struct System: Encodable {
        let system: String
        /// Null (not absent) when no note of the system has a score.
        let score: Double??
        let mean_raw: Double??
        /// Null when there is no interval (fewer than two encounters).
        let ci95: [Double]??
        let notes: Int
        let encounters: Int
        let critical_missed: Int
        let failed: Int
        let failed_share: Double
        let ranked: Bool
        let sections: [String: Double]
        /// Absent without ratings; null for a system no rating matched.
        let experts_only: ExpertsOnlyScore??
        let corrected: CorrectedScore??
    }

    /// The corrected leaderboard's settings and paired differences (its per-system estimates
    /// are in `systems[]`).
    struct Correction: Encodable {
        let level: String
        let dimension: String?
        let mapping: String?
        let note: String
        let ratings_given: Int
        let ratings_matched: Int
        let missing: [String: String]
        let comparisons: [CorrectedComparison]
    }

    struct Comparison: Encodable {
        let a: String
        let b: String
        let difference: Double
        let ci95: [Double]??
        let encounters: Int
        let significant: Bool
    }

    struct Criterion: Encodable {
        let id: String
        let verdict: String?
        let points: Double
        let failure: String?
        let credit: Double?
    }

    struct Note: Encodable {
        let system: String
        let encounter: String
        let rubric: String
        let score: Double?
        let score_clipped: Double?
        let points_met: Double
        let points_possible: Double
        let critical_missed: Int
        let critical_missed_ids: [String]
        let sections: [String: Double]
        let tags: [String: Double]
        let criticality: [String: Double]
        let failed: Int
        let criteria: [Criterion]
    }

    struct Bootstrap: Encodable {
        let resamples: Int
        let seed: UInt64
        let confidence: Double
        let resampling_unit: String
    }

    let run: String
    let judge: String
    let judge_kind: String
    let judges: [Judge]
    let systems: [System]
    let comparisons: [Comparison]
    let notes: [Note]
    let bootstrap: Bootstrap
    let ties: Int
    let task: String
    let combination: String
    let self_consistency: [SelfConsistency]
    let max_failed_share: Double
    let correction: Correction?
    /// `{"file", "part", "encounters", "of"}` when the report covers one part of a split.
    let split: SplitSelection?

    init(_ report: GradeReport, maxFailedShare: Double) {
        max_failed_share = maxFailedShare
        split = report.split
        task = report.task.rawValue
        combination = report.combination.rawValue
        self_consistency = report.selfConsistency
        run = report.run
        judge = report.judgeName
        judge_kind = report.judges.map(\.kind.label).joined(separator: " + ")
        let spend = Dictionary(report.spend.map { ($0.judge, $0) }, uniquingKeysWith: { first, _ in first })
        judges = report.judges.map {
            Judge(
                name: $0.name, kind: $0.kind.rawValue, label: $0.label, model: $0.model,
                usage: spend[$0.name]?.usage ?? .zero, cost: spend[$0.name]?.cost ?? 0)
        }
        systems = report.systems.map {
            let scored = report.hasScore($0.system)
            return System(
                system: $0.system, score: .some(scored ? $0.score : nil), mean_raw: .some(scored ? $0.meanRaw : nil),
                ci95: .some(Self.interval($0.ci95)), notes: $0.notes,
                encounters: $0.encounters, critical_missed: $0.criticalMissed, failed: $0.failed,
                failed_share: report.failedShare(of: $0.system), ranked: report.isRanked($0.system, maxFailedShare: maxFailedShare),
                sections: $0.sections,
                experts_only: report.correction.map { [system = $0.system] in $0.systems[system]?.expertsOnly },
                corrected: report.correction.map { [system = $0.system] in $0.systems[system]?.corrected })
        }
        correction = report.correction.map {
            Correction(
                level: $0.level.rawValue, dimension: $0.dimension, mapping: $0.mapping, note: $0.note,
                ratings_given: $0.ratingsGiven, ratings_matched: $0.ratingsMatched, missing: $0.missing,
                comparisons: $0.comparisons)
        }
        comparisons = report.comparisons.map {
            Comparison(
                a: $0.a, b: $0.b, difference: $0.difference, ci95: .some(Self.interval($0.ci95)), encounters: $0.encounters,
                significant: $0.significant)
        }
        notes = report.notes.map { note in
            Note(
                system: note.system, encounter: note.encounter, rubric: note.rubric, score: note.score,
                score_clipped: note.scoreClipped, points_met: note.pointsMet, points_possible: note.pointsPossible,
                critical_missed: note.criticalMissed.count, critical_missed_ids: note.criticalMissed,
                sections: note.sections, tags: note.tags, criticality: note.criticality, failed: note.failed,
                criteria: note.criteria.map { Criterion(id: $0.id, verdict: $0.verdict?.rawValue, points: $0.points, failure: $0.failure, credit: $0.credit) })
        }
        bootstrap = Bootstrap(
            resamples: report.bootstrap.resamples, seed: report.bootstrap.seed,
            confidence: report.bootstrap.confidence, resampling_unit: "encounter")
        ties = report.ties
    }

    /// A bootstrap interval, or nil where there is none.
    static func interval(_ ci: [Double]) -> [Double]? { ci.count == 2 ? ci : nil }
}
