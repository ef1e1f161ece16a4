import Foundation

/// Requests-per-minute and tokens-per-minute token buckets for one judge.
///
/// A caller reserves a request and its estimated tokens and is told how long to wait; buckets
/// may go into debt, so callers are served in arrival order without polling. Each bucket holds
/// at most ten seconds' allowance, so a run does not open with a burst of a whole minute's
/// requests. A provider's `Retry-After` pauses every caller of the judge.
public actor RateLimiter {
    struct Bucket {
        var rate: Double  // per second
        var capacity: Double
        var level: Double

        init(perMinute: Double) {
            rate = perMinute / 60
            capacity = max(1, rate * 10)
            level = capacity
        }

        mutating func refill(_ elapsed: Double) { level = min(capacity, level + rate * elapsed) }

        /// Takes `amount`; returns seconds until the bucket is out of debt.
        mutating func take(_ amount: Double) -> Double {
            level -= amount
            return level >= 0 ? 0 : -level / rate
        }
    }

    var requests: Bucket?
    var tokens: Bucket?
    var last: ContinuousClock.Instant
    var pausedUntil: ContinuousClock.Instant

    /// - Parameters: rpm, tpm: limits per minute; nil or 0 means no limit.
    public init(rpm: Int?, tpm: Int?) {
        requests = rpm.flatMap { $0 > 0 ? Bucket(perMinute: Double($0)) : nil }
        tokens = tpm.flatMap { $0 > 0 ? Bucket(perMinute: Double($0)) : nil }
        last = .now
        pausedUntil = .now
    }

    /// Reserves one request of `tokenCount` tokens; returns how long the caller must wait.
    public func reserve(tokens tokenCount: Int) -> Duration {
        let now = ContinuousClock.now
        let elapsed = (now - last) / .seconds(1)
        last = now
        requests?.refill(elapsed)
        tokens?.refill(elapsed)
        var wait = 0.0
        if requests != nil { wait = max(wait, requests!.take(1)) }
        if tokens != nil {
            // A request larger than the whole bucket waits for a full bucket, not forever.
            wait = max(wait, tokens!.take(min(Double(tokenCount), tokens!.capacity)))
        }
        let pause = pausedUntil > now ? pausedUntil - now : .zero
        return max(.milliseconds(Int64(wait * 1000)), pause)
    }

    /// Holds back every caller for `seconds` (a provider's `Retry-After`).
    public func pause(for seconds: Double) {
        let until = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        if until > pausedUntil { pausedUntil = until }
    }

    /// Waits for a reservation.
    public nonisolated func acquire(tokens: Int) async throws {
        let wait = await reserve(tokens: tokens)
        if wait > .zero { try await Task.sleep(for: wait) }
    }
}
