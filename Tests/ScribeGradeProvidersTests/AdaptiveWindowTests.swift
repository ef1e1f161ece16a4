import Foundation
import Synchronization
import Testing
@testable import ScribeGradeProviders

/// The adaptive window of a judge's requests in flight (AIMD), and the gate that applies it.
@Suite struct AdaptiveWindowTests {
    /// Sends `count` requests through the window as it allows, each with others in flight.
    static func send(_ window: inout AdaptiveWindow, _ count: Int) -> [AdaptiveWindow.Ticket] {
        (0..<count).map { _ in window.send(inFlight: 1) }
    }

    @Test("answers grow the window from its start up to the configured concurrency and no further")
    func answersGrowTheWindowUpToTheMaximum() {
        var window = AdaptiveWindow(maximum: 16)
        #expect(window.allowed == 4)
        for ticket in Self.send(&window, 200) { window.record(ticket, .answered(latency: 0.2)) }
        #expect(window.allowed == 16)
    }

    @Test("a timeout, 429 or 503 halves the window once per round trip, never below one")
    func congestionHalvesTheWindowOncePerRoundTrip() {
        var window = AdaptiveWindow(maximum: 16, initial: 16)
        let wave = Self.send(&window, 16)
        for ticket in wave { window.record(ticket, .congested) }
        #expect(window.allowed == 8, "timeouts of requests sent before the decrease do not decrease it again")
        for _ in 0..<10 {
            let later = window.send(inFlight: 1)
            window.record(later, AdaptiveConcurrency.signal(status: 503, latency: 0.1))
        }
        #expect(window.allowed == 1)
        #expect(AdaptiveConcurrency.signal(status: 429, latency: 0.1) == .congested)
        #expect(AdaptiveConcurrency.signal(status: 529, latency: 0.1) == .congested)
        #expect(AdaptiveConcurrency.signal(status: 400, latency: 0.1) == .neutral)
    }

    @Test("answers several times slower than the fastest while others are in flight read as queueing; one slow answer does not")
    func queueingIsReadFromTheMedianLatency() {
        var window = AdaptiveWindow(maximum: 16, initial: 8)
        for ticket in Self.send(&window, 4) { window.record(ticket, .answered(latency: 0.2)) }
        let grown = window.limit
        let slow = window.send(inFlight: 3)
        window.record(slow, .answered(latency: 5))
        #expect(window.limit >= grown, "one long answer is not queueing")
        for ticket in Self.send(&window, 5) { window.record(ticket, .answered(latency: 1.2)) }
        #expect(window.limit < grown, "the median of the recent answers is six times the fastest")
        let alone = AdaptiveWindow.Ticket(sequence: 1_000, concurrent: false)
        var single = AdaptiveWindow(maximum: 4, initial: 1)
        _ = single.send(inFlight: 0)
        for _ in 0..<10 { single.record(alone, .answered(latency: 0.1)) }
        for _ in 0..<10 { single.record(alone, .answered(latency: 2)) }
        #expect(single.allowed == 4, "answers sent alone never queued behind the judge's own")
    }

    /// A transport that answers after a pause and counts the exchanges under way.
    final class SlowTransport: HTTPTransport {
        let underWay = Mutex((now: 0, peak: 0))
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            underWay.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) }
            defer { underWay.withLock { $0.now -= 1 } }
            try await Task.sleep(for: .milliseconds(50))
            return HTTPResponse(status: 200, headers: [], body: [])
        }
        func shutdown() async throws {}
    }

    @Test("the gate sends no more than the window allows; a request waiting for it can be cancelled")
    func theGateHoldsRequestsBeyondTheWindow() async throws {
        let gate = AdaptiveConcurrency(maximum: 1)
        let transport = SlowTransport()
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<4 { group.addTask { try await gate.send(HTTPRequest(url: "http://127.0.0.1:1/"), through: transport).status } }
            for try await status in group { #expect(status == 200) }
        }
        #expect(transport.underWay.withLock { $0.peak } == 1)
        let holder = Task { try await gate.send(HTTPRequest(url: "http://127.0.0.1:1/"), through: transport) }
        let waiter = Task { try await gate.send(HTTPRequest(url: "http://127.0.0.1:1/"), through: transport) }
        waiter.cancel()
        _ = try await holder.value
        await #expect(throws: CancellationError.self) { _ = try await waiter.value }
    }
}
