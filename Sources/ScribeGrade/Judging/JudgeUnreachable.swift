/// A judge stopped asking because its provider looks dead: `failures` consecutive connection
/// failures or 5xx answers in a row (a circuit breaker tripped). The question that meets it was
/// not asked — nothing is stored for it, as failed or otherwise — and neither is any later one of
/// that judge in the same run.
///
/// Names the judge and the provider's host only: never the key, the path or a query.
public struct JudgeUnreachable: Error, Sendable, Hashable, CustomStringConvertible {
    /// The judge's name (`openai:gpt-4.1-mini`, or its name in `scribegrade.yaml`).
    public var judge: String
    /// The host (and port, when given) of the judge's base URL.
    public var host: String
    /// Consecutive failures that tripped the breaker.
    public var failures: Int
    /// The last failure, e.g. `connection refused` or `HTTP 500 server_error`.
    public var lastFailure: String

    public init(judge: String, host: String, failures: Int, lastFailure: String) {
        self.judge = judge
        self.host = host
        self.failures = failures
        self.lastFailure = lastFailure
    }

    public var description: String {
        "judge '\(judge)' is unreachable at \(host): \(failures) consecutive connection failures or server errors (last: \(lastFailure))"
    }
}
