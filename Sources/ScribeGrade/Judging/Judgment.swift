import Foundation

/// A verdict on one criterion of one note, with everything needed to audit and reuse it.
///
/// Persisted the moment it arrives. A judgment with no verdict is a failure and carries its
/// reason; it is never counted as `not_met`.
public struct Judgment: Sendable, Hashable, Codable {
    /// The request's cache key plus the criterion id: equal keys mean the same question.
    public var key: String
    public var system: String
    public var encounter: String
    public var rubric: String
    public var rubricVersion: Int
    public var criterion: String
    /// The judge's name (its spec or config name).
    public var judge: String
    public var sample: Int
    public var verdict: Verdict?
    public var failure: String?
    public var explanation: String?
    public var evidence: Evidence?
    public var usage: TokenUsage
    public var cost: Double
    public var latency: Double
    public var attempts: Int
    public var model: String?
    public var promptHash: String?
    public var createdAt: Date

    public init(
        key: String, system: String, encounter: String, rubric: String, rubricVersion: Int,
        criterion: String, judge: String, sample: Int, verdict: Verdict?, failure: String? = nil,
        explanation: String? = nil, evidence: Evidence? = nil, usage: TokenUsage = .zero,
        cost: Double = 0, latency: Double = 0, attempts: Int = 1, model: String? = nil,
        promptHash: String? = nil, createdAt: Date = Date()
    ) {
        self.key = key
        self.system = system
        self.encounter = encounter
        self.rubric = rubric
        self.rubricVersion = rubricVersion
        self.criterion = criterion
        self.judge = judge
        self.sample = sample
        self.verdict = verdict
        self.failure = failure
        self.explanation = explanation
        self.evidence = evidence
        self.usage = usage
        self.cost = cost
        self.latency = latency
        self.attempts = attempts
        self.model = model
        self.promptHash = promptHash
        self.createdAt = createdAt
    }

    public var succeeded: Bool { verdict != nil }
}
