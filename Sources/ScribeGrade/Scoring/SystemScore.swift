/// One scribe product's standing over all its graded notes.
public struct SystemScore: Sendable, Hashable, Codable {
    public var system: String
    /// The mean raw note score, clipped to [0, 1] (as HealthBench reports it).
    public var score: Double
    /// The mean raw note score before clipping.
    public var meanRaw: Double
    /// Percentile bootstrap interval of `score`, resampling encounters.
    public var ci95: [Double]
    /// Notes (note × rubric pairs) with a score.
    public var notes: Int
    public var encounters: Int
    public var criticalMissed: Int
    /// Criteria whose judgment failed, over all notes.
    public var failed: Int
    /// Mean section scores over the notes that have that section.
    public var sections: [String: Double]

    public init(
        system: String, score: Double, meanRaw: Double, ci95: [Double], notes: Int, encounters: Int,
        criticalMissed: Int, failed: Int, sections: [String: Double]
    ) {
        self.system = system
        self.score = score
        self.meanRaw = meanRaw
        self.ci95 = ci95
        self.notes = notes
        self.encounters = encounters
        self.criticalMissed = criticalMissed
        self.failed = failed
        self.sections = sections
    }
}

/// The difference between two systems on the encounters both have notes for.
public struct SystemComparison: Sendable, Hashable, Codable {
    public var a: String
    public var b: String
    /// Mean over shared encounters of (a's mean raw score − b's) on that encounter.
    public var difference: Double
    /// Paired bootstrap interval of `difference`, resampling shared encounters.
    public var ci95: [Double]
    public var encounters: Int
    /// True when the interval excludes zero.
    public var significant: Bool

    public init(a: String, b: String, difference: Double, ci95: [Double], encounters: Int, significant: Bool) {
        self.a = a
        self.b = b
        self.difference = difference
        self.ci95 = ci95
        self.encounters = encounters
        self.significant = significant
    }
}
