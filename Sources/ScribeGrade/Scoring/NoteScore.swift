/// How one criterion came out for one note.
public struct CriterionOutcome: Sendable, Hashable, Codable {
    public var id: String
    /// `nil` when the judgment failed; the criterion then counts in neither numerator nor
    /// denominator.
    public var verdict: Verdict?
    public var points: Double
    public var failure: String?
    /// The share of points credited when judges or samples were combined by their mean and
    /// split (`nil` when the verdict is whole).
    public var credit: Double?

    public init(id: String, verdict: Verdict?, points: Double, failure: String? = nil, credit: Double? = nil) {
        self.id = id
        self.verdict = verdict
        self.points = points
        self.failure = failure
        self.credit = credit
    }
}

/// The HealthBench score of one note against one rubric, with its breakdowns.
public struct NoteScore: Sendable, Hashable, Codable {
    public var system: String
    public var encounter: String
    public var rubric: String
    /// Points of the criteria met (penalties included) over the positive points; `nil` when
    /// no criterion with positive points has a verdict.
    public var score: Double?
    /// `score` clipped to [0, 1].
    public var scoreClipped: Double?
    public var pointsMet: Double
    public var pointsPossible: Double
    /// Ids of critical criteria not met, and of critical penalties met.
    public var criticalMissed: [String]
    /// Score over only the criteria of each section; sections without positive points omitted.
    public var sections: [String: Double]
    /// Score over only the criteria carrying each tag; tags without positive points omitted.
    public var tags: [String: Double]
    /// Score over critical and over non-critical criteria (`critical`, `non_critical`).
    public var criticality: [String: Double]
    public var criteria: [CriterionOutcome]
    /// How many criteria have no verdict because their judgment failed.
    public var failed: Int

    public init(
        system: String, encounter: String, rubric: String, score: Double?, scoreClipped: Double?,
        pointsMet: Double, pointsPossible: Double, criticalMissed: [String],
        sections: [String: Double], tags: [String: Double], criticality: [String: Double],
        criteria: [CriterionOutcome], failed: Int
    ) {
        self.system = system
        self.encounter = encounter
        self.rubric = rubric
        self.score = score
        self.scoreClipped = scoreClipped
        self.pointsMet = pointsMet
        self.pointsPossible = pointsPossible
        self.criticalMissed = criticalMissed
        self.sections = sections
        self.tags = tags
        self.criticality = criticality
        self.criteria = criteria
        self.failed = failed
    }
}
