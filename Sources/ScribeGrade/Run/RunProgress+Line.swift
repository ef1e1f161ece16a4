import Foundation

extension RunProgress {
    /// Seconds a run must have run, with at least one answer stored, before its rate says
    /// anything about the time left.
    public static let estimateAfter = 5.0

    /// Judgments this invocation asks.
    public var asked: Int { total - reused }

    /// The progress line after `elapsed` seconds: answered of asked, requests in flight, rate,
    /// time left, failures, tokens (cached input among them) and cost, and the time elapsed.
    ///
    /// The time left reads "ETA —" until there is a basis for it: an answer stored and
    /// `estimateAfter` seconds run. Before that a rate of nothing would promise "0s" or
    /// "forever", neither of which is an estimate.
    public func line(elapsed: Double, task: JudgeTask = .criterion) -> String {
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta: String
        if done >= asked {
            eta = "0s"
        } else if done > 0, elapsed >= Self.estimateAfter, rate > 0 {
            eta = Self.duration(Double(asked - done) / rate)
        } else {
            eta = "—"
        }
        return String(
            format: "%@ %d/%d (%d reused) · %d in flight · %.1f/s · ETA %@ · %d failed · %d in (%d cached) / %d out tokens · $%.4f · %@ elapsed",
            task == .scribe ? "writing notes" : "judging", done, asked, reused, inFlight, rate, eta, failed,
            usage.input, usage.cachedInput, usage.output, cost, Self.duration(elapsed))
    }

    /// Seconds as `42s`, `3m5s` or `1h2m`.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\((s % 3600) / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }
}
