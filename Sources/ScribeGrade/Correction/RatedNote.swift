/// One graded note of one system, as the corrected leaderboard sees it: the judge's score,
/// and the expert's score on the same scale when an expert rated it.
///
/// Scores are what the system score averages: clipped note scores (points met ÷ positive
/// points, clipped to [0, 1]) for criterion-level verdicts, or a note-level dimension mapped to
/// the judge's scale.
public struct RatedNote: Sendable, Hashable, Codable {
    /// The encounter: notes of one encounter are one cluster.
    public var encounter: String
    public var judge: Double
    /// Nil when no expert rated this note.
    public var expert: Double?
    /// The probability with which this note was chosen for expert review, when the review queue
    /// recorded it. Nil on every rated note means a simple random sample of the notes.
    public var inclusionProbability: Double?

    public init(encounter: String, judge: Double, expert: Double? = nil, inclusionProbability: Double? = nil) {
        self.encounter = encounter
        self.judge = judge
        self.expert = expert
        self.inclusionProbability = inclusionProbability
    }

    enum CodingKeys: String, CodingKey {
        case encounter, judge, expert
        case inclusionProbability = "inclusion_probability"
    }
}

/// How the rated notes were chosen, as declared by whoever imported the ratings.
public enum ExpertSelection: String, Sendable, Hashable, Codable {
    /// At random: every note had the same chance (no probabilities recorded) or the recorded
    /// `inclusionProbability` of each rated note.
    case random
    /// Chosen by hand or by a rule that is not a known random draw. Only rated notes that carry
    /// an inclusion probability can then be used; without one the estimate is refused.
    case notRandom = "not_random"
}

/// How the corrected interval is computed.
public enum CorrectionInterval: Sendable, Hashable {
    /// Central-limit interval with the cluster-robust (encounter) variance of the linearized
    /// estimator, its critical value from Student's t (encounters with expert items − 1 df).
    case clusterRobust
    /// Percentile bootstrap over encounters (``ClusterBootstrap``), λ re-tuned in each resample.
    case clusterBootstrap(BootstrapOptions)
}

/// Settings of the corrected estimates.
public struct CorrectionOptions: Sendable, Hashable {
    public var interval: CorrectionInterval
    /// 0.95 for a 95% interval.
    public var confidence: Double
    /// A fixed λ in [0, 1]; nil tunes it (PPI++).
    public var lambda: Double?
    /// Below this many expert items no interval is given.
    public var minimumExpertItems: Int
    /// Below this many encounters holding expert items no interval is given.
    public var minimumExpertClusters: Int

    public init(
        interval: CorrectionInterval = .clusterRobust, confidence: Double = 0.95, lambda: Double? = nil,
        minimumExpertItems: Int = 10, minimumExpertClusters: Int = 2
    ) {
        self.interval = interval
        self.confidence = confidence
        self.lambda = lambda
        self.minimumExpertItems = minimumExpertItems
        self.minimumExpertClusters = minimumExpertClusters
    }
}
