import Foundation

/// The simulator's rate-limit state: requests and prompt tokens in the current one-minute
/// window, for the rate-limit headers and, when limits are configured, real 429s.
struct RateWindow {
    static let defaultRPM = 10_000
    static let defaultTPM = 30_000_000

    var start: ContinuousClock.Instant = .now
    var startDate = Date()
    var requests = 0
    var tokens = 0

    struct Limit {
        enum Kind: String { case requests, tokens }
        var kind: Kind
        var limit: Int
        /// Seconds until the window resets.
        var retryAfter: Double
    }

    mutating func roll(now: ContinuousClock.Instant) {
        if now - start >= .seconds(60) {
            start = now
            startDate = Date()
            requests = 0
            tokens = 0
        }
    }

    /// Seconds until the window resets.
    func resetIn(now: ContinuousClock.Instant = .now) -> Double {
        let left = .seconds(60) - (now - start)
        return max(0, left / .seconds(1))
    }

    /// The limit a request would exceed, if any.
    func limited(configuration: SimulatorConfiguration, tokens requestTokens: Int, now: ContinuousClock.Instant) -> Limit? {
        if let rpm = configuration.rpm, requests + 1 > rpm {
            return Limit(kind: .requests, limit: rpm, retryAfter: resetIn(now: now))
        }
        if let tpm = configuration.tpm, tokens + requestTokens > tpm {
            return Limit(kind: .tokens, limit: tpm, retryAfter: resetIn(now: now))
        }
        return nil
    }

    mutating func count(tokens requestTokens: Int) {
        requests += 1
        tokens += requestTokens
    }

    func remainingRequests(_ configuration: SimulatorConfiguration) -> Int {
        max(0, (configuration.rpm ?? Self.defaultRPM) - requests)
    }

    func remainingTokens(_ configuration: SimulatorConfiguration) -> Int {
        max(0, (configuration.tpm ?? Self.defaultTPM) - tokens)
    }
}
