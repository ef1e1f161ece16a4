/// A clinician's verdict on one criterion (or statement) of one note: the ground truth a judge
/// is calibrated against.
public struct ExpertRating: Sendable, Hashable, Codable {
    public var system: String
    public var encounter: String
    /// The rubric the criterion belongs to; `nil` applies the rating to that criterion id under
    /// every rubric of the encounter.
    public var rubric: String?
    public var criterion: String
    public var rater: String
    public var verdict: Verdict
    /// Where the rating came from: a file path, or `review` for answers given in the web review queue.
    public var source: String?
    /// The probability with which the item was drawn for review (the review queue records it;
    /// a file may carry it in an `inclusion_probability` column). Nil: a simple random sample.
    public var inclusionProbability: Double?

    public init(
        system: String, encounter: String, rubric: String? = nil, criterion: String, rater: String,
        verdict: Verdict, source: String? = nil, inclusionProbability: Double? = nil
    ) {
        self.inclusionProbability = inclusionProbability
        self.system = system
        self.encounter = encounter
        self.rubric = rubric
        self.criterion = criterion
        self.rater = rater
        self.verdict = verdict
        self.source = source
    }

    /// The item rated: system, encounter, rubric (empty when unspecified) and criterion.
    public var item: RatedItem {
        RatedItem(system: system, encounter: encounter, rubric: rubric ?? "", criterion: criterion)
    }
}

/// One criterion of one note, the unit both judges and experts give verdicts on.
public struct RatedItem: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var system: String
    public var encounter: String
    /// Empty when the rating applies to the criterion id under any rubric of the encounter.
    public var rubric: String
    public var criterion: String

    public init(system: String, encounter: String, rubric: String, criterion: String) {
        self.system = system
        self.encounter = encounter
        self.rubric = rubric
        self.criterion = criterion
    }

    public static func < (lhs: RatedItem, rhs: RatedItem) -> Bool {
        (lhs.system, lhs.encounter, lhs.rubric, lhs.criterion) < (rhs.system, rhs.encounter, rhs.rubric, rhs.criterion)
    }

    public var description: String {
        rubric.isEmpty ? "\(system)/\(encounter)/\(criterion)" : "\(system)/\(encounter)/\(rubric)/\(criterion)"
    }
}
