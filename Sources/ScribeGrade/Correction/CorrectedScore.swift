/// The prediction-powered score of one system on the experts' scale (the contract's
/// `systems[].corrected`).
public struct CorrectedScore: Sendable, Hashable, Codable {
    public var score: Double
    /// Nil when the sample is too small for an interval to mean anything (`reason` says why).
    public var ci95: [Double]?
    /// How the interval was computed, for the output to say.
    public var method: String
    /// Notes an expert rated.
    public var expertItems: Int
    /// How many expert ratings alone would have given an interval as narrow (n × variance of
    /// the experts-only estimate ÷ variance of this one); nil without an interval.
    public var effectiveItems: Double?
    /// The power-tuning λ used: 0 = experts only, 1 = plain PPI.
    public var lambda: Double
    /// Why `ci95` is nil.
    public var reason: String?

    public init(score: Double, ci95: [Double]?, method: String, expertItems: Int, effectiveItems: Double?, lambda: Double, reason: String?) {
        self.score = score
        self.ci95 = ci95
        self.method = method
        self.expertItems = expertItems
        self.effectiveItems = effectiveItems
        self.lambda = lambda
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case score, ci95, method, lambda, reason
        case expertItems = "expert_items"
        case effectiveItems = "effective_items"
    }

    /// `ci95` and `effective_items` are written as null when absent: the contract names them.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(score, forKey: .score)
        try container.encode(ci95, forKey: .ci95)
        try container.encode(method, forKey: .method)
        try container.encode(expertItems, forKey: .expertItems)
        try container.encode(effectiveItems, forKey: .effectiveItems)
        try container.encode(lambda, forKey: .lambda)
        try container.encodeIfPresent(reason, forKey: .reason)
    }
}

/// The experts-only score of one system: the rated notes alone, weighted by their inclusion
/// probabilities (the contract's `systems[].experts_only`).
public struct ExpertsOnlyScore: Sendable, Hashable, Codable {
    public var score: Double
    public var ci95: [Double]?
    public var expertItems: Int

    public init(score: Double, ci95: [Double]?, expertItems: Int) {
        self.score = score
        self.ci95 = ci95
        self.expertItems = expertItems
    }

    enum CodingKeys: String, CodingKey {
        case score, ci95
        case expertItems = "expert_items"
    }

    /// `ci95` is written as null when absent: the contract names it.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(score, forKey: .score)
        try container.encode(ci95, forKey: .ci95)
        try container.encode(expertItems, forKey: .expertItems)
    }
}

/// One system's experts-only and corrected scores, estimated together.
public struct CorrectedSystemScore: Sendable, Hashable, Codable {
    public var expertsOnly: ExpertsOnlyScore
    public var corrected: CorrectedScore

    enum CodingKeys: String, CodingKey {
        case expertsOnly = "experts_only"
        case corrected
    }
}

/// The corrected difference between two systems on the encounters both have notes for.
public struct CorrectedDifference: Sendable, Hashable, Codable {
    /// Corrected score of a minus that of b, on the shared encounters.
    public var difference: Double
    public var ci95: [Double]?
    public var method: String
    public var encounters: Int
    /// Expert-rated notes of a and of b on the shared encounters.
    public var expertItems: [Int]
    /// True when the interval excludes zero.
    public var significant: Bool
    public var reason: String?

    enum CodingKeys: String, CodingKey {
        case difference, ci95, method, encounters, significant, reason
        case expertItems = "expert_items"
    }
}
