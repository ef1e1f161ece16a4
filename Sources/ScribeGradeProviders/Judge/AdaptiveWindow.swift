import Foundation

/// How many requests a judge may have at its provider at once, adapted to what the provider
/// sustains as TCP adapts its congestion window (AIMD with slow start).
///
/// The window starts small (four, or the maximum when lower) and grows by one per answer
/// (doubling every round trip) until the first sign of congestion or an answer, sent with
/// others in flight, slower than `slowStartFactor` times the fastest recent one (latency
/// rising: the server starts to queue); then by about one per round trip. It never passes
/// `maximum` (the configured concurrency) nor falls below one. Signs of congestion shrink it:
/// - a timeout, or a 429, 503 or 529 answer (the provider refused or shed the request), halves it;
/// - queueing cuts it by a quarter (`queueingDecrease`; a busy server still answers, and
///   halving cost half the throughput of a saturated simulator): the median latency of the
///   last `queueingSamples` answers is more than `queueingFactor` times the fastest of the
///   recent answers. A server with a few slots (a local llama-server) queues what exceeds
///   them, so every answer then waits behind others and latencies grow with the window; one
///   slow answer (a long output) does not move a median, and answers sent alone never count,
///   since they cannot have queued behind this judge's own.
///
/// The window shrinks at most once per round trip: answers to requests sent before the last
/// decrease report the congestion it already acted on and are ignored, as is the latency
/// history before it.
public struct AdaptiveWindow: Sendable, Hashable {
    /// What one request's exchange told about the provider.
    public enum Signal: Sendable, Hashable {
        /// An answer, after this many seconds.
        case answered(latency: Double)
        /// A timeout or an overloaded/rate-limited status.
        case congested
        /// Nothing about load (a connection error, a client error).
        case neutral
    }

    /// A request let through: its place in the order of sends, and whether others were in flight.
    public struct Ticket: Sendable, Hashable {
        public var sequence: Int
        public var concurrent: Bool
    }

    public let maximum: Int
    /// Requests allowed in flight, fractional while it grows.
    public private(set) var limit: Double
    public private(set) var slowStart = true
    /// Median latency over the fastest that counts as queueing.
    public var queueingFactor = 3.0
    public var queueingSamples = 5
    /// Latency over the fastest that ends slow start.
    public var slowStartFactor = 1.5
    /// What queueing multiplies the window by (congestion halves it).
    public var queueingDecrease = 0.75
    /// Answers the fastest latency is taken over.
    public var history = 100
    private var sent = 0
    /// The sequence of the last request sent before the last decrease.
    private var decreasedAt = 0
    /// Latencies of the recent answers, and of answers sent with others in flight since the
    /// last decrease.
    private var recent: [Double] = []
    private var concurrentSinceDecrease: [Double] = []

    public init(maximum: Int, initial: Int = 4) {
        self.maximum = max(1, maximum)
        limit = Double(min(max(1, initial), self.maximum))
    }

    /// Requests the window lets in flight now.
    public var allowed: Int { max(1, Int(limit)) }

    /// Records a request let through while `inFlight` others were in flight.
    public mutating func send(inFlight: Int) -> Ticket {
        sent += 1
        return Ticket(sequence: sent, concurrent: inFlight > 0)
    }

    /// Adapts the window to what a request's exchange told.
    public mutating func record(_ ticket: Ticket, _ signal: Signal) {
        switch signal {
        case .neutral:
            return
        case .congested:
            decrease(after: ticket)
        case let .answered(latency):
            recent.append(latency)
            if recent.count > history { recent.removeFirst(recent.count - history) }
            guard ticket.sequence > decreasedAt else { return }
            if ticket.concurrent {
                concurrentSinceDecrease.append(latency)
                if concurrentSinceDecrease.count > queueingSamples { concurrentSinceDecrease.removeFirst() }
            }
            if isQueueing { return decrease(after: ticket, by: queueingDecrease) }
            if slowStart, ticket.concurrent, let fastest = recent.min(), latency > slowStartFactor * fastest { slowStart = false }
            limit = min(Double(maximum), limit + (slowStart ? 1 : 1 / limit))
        }
    }

    /// Whether the provider queues: the median of the last answers sent with others in flight
    /// is several times the fastest recent answer.
    var isQueueing: Bool { medianOverFastest > queueingFactor }

    /// The median latency of the last answers sent with others in flight over the fastest
    /// recent answer; 1 until there are `queueingSamples` of them.
    var medianOverFastest: Double {
        guard concurrentSinceDecrease.count >= queueingSamples, let fastest = recent.min(), fastest > 0 else { return 1 }
        return concurrentSinceDecrease.sorted()[concurrentSinceDecrease.count / 2] / fastest
    }

    private mutating func decrease(after ticket: Ticket, by factor: Double = 0.5) {
        guard ticket.sequence > decreasedAt else { return }
        limit = max(1, limit * factor)
        slowStart = false
        decreasedAt = sent
        concurrentSinceDecrease = []
    }
}
