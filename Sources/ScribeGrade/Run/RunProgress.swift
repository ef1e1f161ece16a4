/// A snapshot of a run's progress, reported as requests start and as their answers are stored.
public struct RunProgress: Sendable, Hashable {
    /// Judgments the run needs in all.
    public var total: Int
    /// Judgments already stored before this invocation (cache hits and earlier attempts).
    public var reused: Int
    /// Judgments answered by this invocation so far, successful or failed.
    public var done: Int
    public var failed: Int
    public var usage: TokenUsage
    public var cost: Double
    /// Requests asked and not answered yet, over every judge.
    public var inFlight: Int

    public init(total: Int, reused: Int, done: Int = 0, failed: Int = 0, usage: TokenUsage = .zero, cost: Double = 0, inFlight: Int = 0) {
        self.total = total
        self.reused = reused
        self.done = done
        self.failed = failed
        self.usage = usage
        self.cost = cost
        self.inFlight = inFlight
    }
}
