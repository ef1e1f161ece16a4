/// A judge's verdict on one criterion, or why it could not give one.
public struct CriterionResult: Sendable, Hashable, Codable {
    public var verdict: Verdict?
    public var explanation: String?
    public var evidence: Evidence?
    /// Why no verdict was reached (malformed answers, refusal, retries exhausted).
    public var failure: String?

    public init(verdict: Verdict?, explanation: String? = nil, evidence: Evidence? = nil, failure: String? = nil) {
        self.verdict = verdict
        self.explanation = explanation
        self.evidence = evidence
        self.failure = failure
    }

    public static func failed(_ reason: String) -> CriterionResult {
        CriterionResult(verdict: nil, failure: reason)
    }
}

/// Everything a judge returns for one request: a result per criterion and what the call cost.
public struct JudgeResponse: Sendable, Hashable, Codable {
    /// Results keyed by criterion id; a criterion of the request with no entry failed.
    public var results: [String: CriterionResult]
    public var usage: TokenUsage
    /// In US dollars, from the judge's configured prices; 0 for offline judges.
    public var cost: Double
    /// Wall-clock seconds from first attempt to answer.
    public var latency: Double
    public var attempts: Int
    public var model: String?
    /// Hash of the prompt template the request was rendered from, if any.
    public var promptHash: String?

    public init(
        results: [String: CriterionResult], usage: TokenUsage = .zero, cost: Double = 0,
        latency: Double = 0, attempts: Int = 1, model: String? = nil, promptHash: String? = nil
    ) {
        self.results = results
        self.usage = usage
        self.cost = cost
        self.latency = latency
        self.attempts = attempts
        self.model = model
        self.promptHash = promptHash
    }
}
