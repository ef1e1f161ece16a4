import Foundation
import Synchronization
import ScribeGrade

/// Stops asking a provider that looks dead, for all requests of one judge at once.
///
/// Every attempt reports its outcome: a connection failure, a timeout or a 5xx counts against
/// the provider; any other answer (a reply, a 4xx, a 429 — the provider is alive, only busy)
/// resets the count. After `threshold` consecutive failures the breaker opens and stays open
/// for the judge's life (one run): every attempt in flight and every later one throws
/// `JudgeUnreachable`, which the run engine treats as "not asked" — nothing is stored.
public final class CircuitBreaker: Sendable {
    /// Consecutive failures that open the breaker.
    public let threshold: Int
    /// The judge's name and its provider's host, for the error.
    public let judge: String
    public let host: String

    private struct State {
        var consecutive = 0
        var open: JudgeUnreachable?
    }

    private let state = Mutex(State())

    public init(threshold: Int, judge: String, baseURL: String) {
        self.threshold = max(1, threshold)
        // A spec's name carries its base URL (`openai:MODEL@URL`); the error names the host alone.
        self.judge = judge.components(separatedBy: "@").first ?? judge
        self.host = Self.host(of: baseURL)
    }

    /// Throws when the breaker is open.
    public func check() throws(JudgeUnreachable) {
        if let open = state.withLock({ $0.open }) { throw open }
    }

    /// An attempt got an answer from a live provider.
    public func recordSuccess() {
        state.withLock { state in
            if state.open == nil { state.consecutive = 0 }
        }
    }

    /// An attempt failed the way a dead provider fails; returns the error once the breaker is
    /// open (by this failure or an earlier one).
    public func recordFailure(_ reason: String) -> JudgeUnreachable? {
        state.withLock { state in
            if let open = state.open { return open }
            state.consecutive += 1
            guard state.consecutive >= threshold else { return nil }
            let open = JudgeUnreachable(judge: judge, host: host, failures: state.consecutive, lastFailure: reason)
            state.open = open
            return open
        }
    }

    /// Whether the breaker is open.
    public var isOpen: Bool { state.withLock { $0.open != nil } }

    /// The host of a base URL, with its port when given: never the user, the path or the query.
    static func host(of baseURL: String) -> String {
        guard let components = URLComponents(string: baseURL), let host = components.host, !host.isEmpty else {
            return "the judge's base URL"
        }
        let shown = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return components.port.map { "\(shown):\($0)" } ?? shown
    }

    /// How a failure is named in the error: its kind only, no provider message or address.
    static func reason(_ error: TransportError) -> String {
        switch error {
        case .timeout: return "request timed out"
        case .connection: return "connection failed"
        case .invalidURL: return "invalid URL"
        }
    }
}
