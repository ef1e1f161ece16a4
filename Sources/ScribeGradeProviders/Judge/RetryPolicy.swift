/// How a judge retries failed exchanges: exponential backoff with full jitter, honouring the
/// provider's `Retry-After`, up to a cap; and how often it re-asks an unusable answer.
public struct RetryPolicy: Sendable, Hashable, Codable {
    /// Retries after 429, 5xx, timeouts and connection errors, beyond the first attempt.
    public var maxRetries: Int
    /// Re-asks after a malformed, refused or cut-off answer, beyond the first answer.
    public var maxReasks: Int
    /// Seconds before the first retry; doubles with each retry.
    public var baseDelay: Double
    /// Longest backoff between two attempts, in seconds.
    public var maxDelay: Double
    /// Longest `Retry-After` honoured, in seconds; a longer one is cut to this.
    public var maxRetryAfter: Double

    public init(maxRetries: Int = 6, maxReasks: Int = 2, baseDelay: Double = 0.5, maxDelay: Double = 30, maxRetryAfter: Double = 60) {
        self.maxRetries = max(0, maxRetries)
        self.maxReasks = max(0, maxReasks)
        self.baseDelay = max(0, baseDelay)
        self.maxDelay = max(0, maxDelay)
        self.maxRetryAfter = max(0, maxRetryAfter)
    }

    /// Seconds to wait before retry number `retry` (1-based): the provider's `Retry-After` when
    /// given, else a random delay in [backoff/2, backoff] with backoff = base·2^(retry−1),
    /// capped at `maxDelay`.
    public func delay(retry: Int, retryAfter: Double?, random: Double) -> Double {
        if let retryAfter { return min(retryAfter, maxRetryAfter) }
        let backoff = min(maxDelay, baseDelay * Double(1 << min(max(retry - 1, 0), 30)))
        return backoff / 2 + backoff / 2 * min(max(random, 0), 1)
    }
}
