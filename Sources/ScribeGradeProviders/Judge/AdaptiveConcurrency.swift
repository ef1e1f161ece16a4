import Foundation
import Synchronization

/// The gate a judge's requests pass before they are sent: at most `AdaptiveWindow.allowed` at
/// the provider at once, the rest waiting in order. The window adapts to each exchange (see
/// `AdaptiveWindow`), so a server that sustains two requests at once gets about two, whatever
/// the configured concurrency (the window's maximum).
///
/// A request's timeout counts from when it is sent, never while it waits here.
public final class AdaptiveConcurrency: Sendable {
    struct State {
        var window: AdaptiveWindow
        var inFlight = 0
        var waiting: [(id: Int, continuation: CheckedContinuation<Void, any Error>)] = []
        var issued = 0
    }

    private let state: Mutex<State>

    public init(maximum: Int, initial: Int = 4) {
        state = Mutex(State(window: AdaptiveWindow(maximum: maximum, initial: initial)))
    }

    /// The window as it stands.
    public var window: AdaptiveWindow { state.withLock { $0.window } }

    /// Sends `request` through `transport` once the window has room, and adapts the window to
    /// what came back.
    ///
    /// - Throws: what the transport throws; `CancellationError` when cancelled while waiting.
    public func send(_ request: HTTPRequest, through transport: any HTTPTransport) async throws -> HTTPResponse {
        let ticket = try await enter()
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let response = try await transport.send(request)
            leave(ticket, Self.signal(status: response.status, latency: (clock.now - started) / .seconds(1)))
            return response
        } catch TransportError.timeout {
            leave(ticket, .congested)
            throw TransportError.timeout
        } catch {
            leave(ticket, .neutral)
            throw error
        }
    }

    /// Sends through `window` when there is one, else at once.
    public static func send(_ request: HTTPRequest, through transport: any HTTPTransport, window: AdaptiveConcurrency?) async throws -> HTTPResponse {
        guard let window else { return try await transport.send(request) }
        return try await window.send(request, through: transport)
    }

    /// What an answer's status and latency say about the provider's load.
    static func signal(status: Int, latency: Double) -> AdaptiveWindow.Signal {
        switch status {
        case 429, 503, 529: return .congested
        case 200..<300: return .answered(latency: latency)
        default: return .neutral
        }
    }

    /// Waits for room in the window and takes it.
    func enter() async throws -> AdaptiveWindow.Ticket {
        let id = state.withLock { state in
            state.issued += 1
            return state.issued
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLock { state -> Result<Bool, CancellationError> in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    guard state.inFlight < state.window.allowed else {
                        state.waiting.append((id, continuation))
                        return .success(false)
                    }
                    state.inFlight += 1
                    return .success(true)
                }
                switch outcome {
                case .success(true): continuation.resume()
                case .success(false): break
                case let .failure(error): continuation.resume(throwing: error)
                }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                guard let index = state.waiting.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiting.remove(at: index).continuation
            }
            waiter?.resume(throwing: CancellationError())
        }
        return state.withLock { $0.window.send(inFlight: $0.inFlight - 1) }
    }

    /// Gives the request's room back, adapts the window, and lets in those it now has room for.
    func leave(_ ticket: AdaptiveWindow.Ticket, _ signal: AdaptiveWindow.Signal) {
        let admitted = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.inFlight -= 1
            state.window.record(ticket, signal)
            var admitted: [CheckedContinuation<Void, any Error>] = []
            while state.inFlight < state.window.allowed, !state.waiting.isEmpty {
                state.inFlight += 1
                admitted.append(state.waiting.removeFirst().continuation)
            }
            return admitted
        }
        for continuation in admitted { continuation.resume() }
    }
}
