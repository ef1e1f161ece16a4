/// The leaderboard on the clinicians' scale: for every system of a graded run, the experts-only
/// and prediction-powered (corrected) scores next to the judge's raw one, and the corrected
/// paired differences (the contract's `systems[].experts_only` and `systems[].corrected`).
public struct CorrectedLeaderboard: Sendable, Hashable, Codable {
    /// What the experts rated: criteria of notes, or whole notes on one dimension.
    public enum Level: String, Sendable, Hashable, Codable {
        case criterion
        case note
    }

    public var level: Level
    /// The note-level dimension, mapped to the judge's 0–1 scale (nil at criterion level).
    public var dimension: String?
    /// How a note-level dimension was put on the judge's scale, e.g. `1 − (value − 0) / (1 − 0)`.
    public var mapping: String?
    /// Estimates of the systems with at least one expert-rated unit, by system name.
    public var systems: [String: CorrectedSystemScore]
    /// Why a system has no estimate (no expert rating matched its units), by system name.
    public var missing: [String: String]
    public var comparisons: [CorrectedComparison]
    /// Expert ratings given, and how many of them matched a unit the judge scored.
    public var ratingsGiven: Int
    public var ratingsMatched: Int
    /// The unit of the estimate and how it relates to the judge's score, for the output to say.
    public var note: String

    enum CodingKeys: String, CodingKey {
        case level, dimension, mapping, systems, missing, comparisons, note
        case ratingsGiven = "ratings_given"
        case ratingsMatched = "ratings_matched"
    }
}

/// The corrected difference between systems `a` and `b`.
public struct CorrectedComparison: Sendable, Hashable, Codable {
    public var a: String
    public var b: String
    public var result: CorrectedDifference

    public init(a: String, b: String, result: CorrectedDifference) {
        self.a = a
        self.b = b
        self.result = result
    }

    enum CodingKeys: String, CodingKey { case a, b }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        a = try container.decode(String.self, forKey: .a)
        b = try container.decode(String.self, forKey: .b)
        result = try CorrectedDifference(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(a, forKey: .a)
        try container.encode(b, forKey: .b)
        try result.encode(to: encoder)
    }
}

extension CorrectedLeaderboard {
    /// The corrected leaderboard from clinicians' verdicts on criteria (or statements) of the
    /// run's notes.
    ///
    /// The unit is one judged criterion of one scored note. A system's raw score before clipping
    /// is the mean over its N scored notes of Σ points × credit ÷ the note's positive points;
    /// spread over its M judged criteria, each contributes (M ÷ N) × points × credit ÷ positive
    /// points, so the mean of the contributions is that score exactly. The judge's contribution
    /// uses its (combined) credit, an expert's the mean verdict of the raters of that criterion.
    /// Rated criteria are a sample of the M: simple random unless they carry inclusion
    /// probabilities. Ratings that name no unit of the run (another system, a criterion the
    /// judge failed on) are counted as unmatched and not used.
    ///
    /// Throws `CorrectionError.selectionNotRandom` when `selection` is `.notRandom` and some
    /// matched rating carries no inclusion probability.
    public static func criterionLevel(
        report: GradeReport, ratings: [ExpertRating], selection: ExpertSelection = .random,
        options: CorrectionOptions = CorrectionOptions()
    ) throws(CorrectionError) -> CorrectedLeaderboard {
        var verdicts: [RatedItem: (met: Double, count: Double, probability: Double?)] = [:]
        for rating in ratings {
            let entry = verdicts[rating.item] ?? (0, 0, nil)
            verdicts[rating.item] = (entry.met + (rating.verdict == .met ? 1 : 0), entry.count + 1,
                                     entry.probability ?? rating.inclusionProbability)
        }
        var units: [String: [RatedNote]] = [:]
        var matched: Set<RatedItem> = []
        for system in report.systems.map(\.system) {
            let notes = report.notes.filter { $0.system == system && $0.score != nil && $0.pointsPossible > 0 }
            let judged = notes.reduce(0) { $0 + $1.criteria.filter { $0.verdict != nil }.count }
            guard judged > 0 else { continue }
            let scale = Double(judged) / Double(notes.count)
            for note in notes {
                for outcome in note.criteria {
                    guard let verdict = outcome.verdict else { continue }
                    let credit = outcome.credit ?? (verdict == .met ? 1 : 0)
                    let weight = scale * outcome.points / note.pointsPossible
                    let exact = RatedItem(system: system, encounter: note.encounter, rubric: note.rubric, criterion: outcome.id)
                    let anyRubric = RatedItem(system: system, encounter: note.encounter, rubric: "", criterion: outcome.id)
                    let key = verdicts[exact] != nil ? exact : anyRubric
                    let expert = verdicts[key]
                    if expert != nil { matched.insert(key) }
                    units[system, default: []].append(RatedNote(
                        encounter: note.encounter, judge: weight * credit,
                        expert: expert.map { weight * $0.met / $0.count }, inclusionProbability: expert?.probability))
                }
            }
        }
        let matchedRatings = ratings.filter { matched.contains($0.item) }.count
        return try estimate(
            level: .criterion, dimension: nil, mapping: nil, units: units, report: report,
            ratingsGiven: ratings.count, ratingsMatched: matchedRatings, selection: selection, options: options,
            note: "unit: one judged criterion of one note; on the scale of the judge's raw note score (points met ÷ positive points, before clipping)")
    }

    /// The corrected leaderboard from clinicians' ratings of whole notes on `dimension`, put on
    /// the judge's 0–1 scale by its declared `scale` (flipped when the dimension should fall as
    /// notes get better, e.g. omission rate). The unit is one note (system × encounter); the
    /// judge's side is its clipped score, averaged over the note's rubrics.
    public static func noteLevel(
        report: GradeReport, ratings: [NoteRating], dimension: String, scale: NoteRatingScale,
        selection: ExpertSelection = .random, options: CorrectionOptions = CorrectionOptions()
    ) throws(CorrectionError) -> CorrectedLeaderboard {
        let map = UnitMapping(scale: scale, falling: NoteLevelAgreement.expectedSign(of: dimension) == "negative")
        let onDimension = ratings.filter { $0.dimension == dimension }
        var experts: [String: [String: (sum: Double, count: Double, probability: Double?)]] = [:]
        for rating in onDimension {
            let entry = experts[rating.system]?[rating.encounter] ?? (0, 0, nil)
            experts[rating.system, default: [:]][rating.encounter] = (
                entry.sum + map.apply(rating.value), entry.count + 1, entry.probability ?? rating.inclusionProbability)
        }
        var units: [String: [RatedNote]] = [:]
        var matched = 0
        for system in report.systems.map(\.system) {
            var scores: [String: [Double]] = [:]
            for note in report.notes where note.system == system {
                if let score = note.scoreClipped { scores[note.encounter, default: []].append(score) }
            }
            for (encounter, list) in scores.sorted(by: { $0.key < $1.key }) {
                let expert = experts[system]?[encounter]
                if let expert { matched += Int(expert.count) }
                units[system, default: []].append(RatedNote(
                    encounter: encounter, judge: list.reduce(0, +) / Double(list.count),
                    expert: expert.map { $0.sum / $0.count }, inclusionProbability: expert?.probability))
            }
        }
        return try estimate(
            level: .note, dimension: dimension, mapping: map.description, units: units, report: report,
            ratingsGiven: onDimension.count, ratingsMatched: matched, selection: selection, options: options,
            note: "unit: one note; \(dimension) mapped to the judge's 0–1 scale as \(map.description); judge side: the note's clipped score")
    }

    private static func estimate(
        level: Level, dimension: String?, mapping: String?, units: [String: [RatedNote]], report: GradeReport,
        ratingsGiven: Int, ratingsMatched: Int, selection: ExpertSelection, options: CorrectionOptions, note: String
    ) throws(CorrectionError) -> CorrectedLeaderboard {
        var systems: [String: CorrectedSystemScore] = [:]
        var missing: [String: String] = [:]
        for system in report.systems.map(\.system) {
            guard let list = units[system], !list.isEmpty else {
                missing[system] = "no scored notes"
                continue
            }
            do {
                systems[system] = try CorrectedScorer.score(list, selection: selection, options: options)
            } catch .noExpertItems {
                missing[system] = "no expert rating matched its notes"
            }
        }
        var comparisons: [CorrectedComparison] = []
        for comparison in report.comparisons where systems[comparison.a] != nil && systems[comparison.b] != nil {
            let result = try CorrectedScorer.compare(units[comparison.a]!, units[comparison.b]!, selection: selection, options: options)
            comparisons.append(CorrectedComparison(a: comparison.a, b: comparison.b, result: result))
        }
        return CorrectedLeaderboard(
            level: level, dimension: dimension, mapping: mapping, systems: systems, missing: missing,
            comparisons: comparisons, ratingsGiven: ratingsGiven, ratingsMatched: ratingsMatched, note: note)
    }
}

/// Puts a note-level dimension's values on [0, 1], higher meaning a better note.
private struct UnitMapping: CustomStringConvertible {
    let lower: Double
    let upper: Double
    let falling: Bool

    init(scale: NoteRatingScale, falling: Bool) {
        switch scale {
        case .binary:
            (lower, upper) = (0, 1)
        case .ordinal(let levels):
            let numbers = levels.compactMap(Double.init)
            (lower, upper) = numbers.count == levels.count ? (numbers.min()!, numbers.max()!) : (1, Double(levels.count))
        case .interval(let low, let high):
            (lower, upper) = (low, high)
        }
        self.falling = falling
    }

    func apply(_ value: Double) -> Double {
        let unit = (value - lower) / (upper - lower)
        return falling ? 1 - unit : unit
    }

    var description: String {
        let unit = "(value − \(RatingValue.number(lower))) ÷ (\(RatingValue.number(upper)) − \(RatingValue.number(lower)))"
        return falling ? "1 − \(unit)" : unit
    }
}
