import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import ScribeGrade
@testable import ScribeGradeSimulator

/// The simulator as a small local server (llama-server with `--parallel N`): a few slots, a
/// queue behind them, and a prompt cache holding only what it has processed.
@Suite(.serialized) struct SlotTests {
    static func chat(_ user: String) -> String { SimulatorTests.openAIBody(user: user) }

    static func withServer(_ configuration: SimulatorConfiguration, _ body: (SimulatorServer) async throws -> Void) async throws {
        let server = try await SimulatorServer.start(configuration, threads: 1)
        do { try await body(server) } catch { try? await server.shutdown(); throw error }
        try await server.shutdown()
    }

    /// Waits until the simulator has decided `count` replies; false after a generous deadline.
    static func waitForRequests(_ server: SimulatorServer, _ count: Int) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(20)
        while server.engine.stats.requests < count {
            guard ContinuousClock.now < deadline else { return false }
            try await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    @Test("with two slots, six requests sent together are answered in three rounds of the latency")
    func requestsBeyondTheSlotsWaitTheirTurn() async throws {
        var configuration = SimulatorConfiguration(latencyMs: 300, jitterMs: 0)
        configuration.slots = 2
        try await Self.withServer(configuration) { server in
            let url = server.baseURL + "/v1/chat/completions"
            let started = ContinuousClock.now
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<6 { group.addTask { try await SimulatorTests.post(url, Self.chat("question \(index)")).status } }
                for try await status in group { #expect(status == 200) }
            }
            // Never faster than three rounds, however loaded the machine; all at once would take one.
            #expect(ContinuousClock.now - started >= .milliseconds(850))
        }
    }

    @Test("a request whose client timed out while it waited for a slot is dropped from the queue, never processed")
    func aWaitingRequestWhoseClientLeftIsNotProcessed() async throws {
        var configuration = SimulatorConfiguration(latencyMs: 1500, jitterMs: 0)
        configuration.slots = 1
        let impatient: URLSession = {
            let session = URLSessionConfiguration.ephemeral
            session.timeoutIntervalForRequest = 0.3
            session.timeoutIntervalForResource = 0.3
            return URLSession(configuration: session)
        }()
        try await Self.withServer(configuration) { server in
            let url = server.baseURL + "/v1/chat/completions"
            let first = Task { try await SimulatorTests.post(url, Self.chat("first")).status }
            #expect(try await Self.waitForRequests(server, 1), "the first request holds the slot")
            var gaveUp = URLRequest(url: URL(string: url)!)
            gaveUp.httpMethod = "POST"
            gaveUp.httpBody = Data(Self.chat("impatient").utf8)
            await #expect(throws: (any Error).self) { _ = try await impatient.data(for: gaveUp) }
            #expect(try await first.value == 200)
            let last = try await SimulatorTests.post(url, Self.chat("last"))
            #expect(last.status == 200)
            #expect(server.engine.stats.requests == 2, "the request whose client timed out was never processed")
        }
    }

    @Test("a prompt prefix is cached only once a request with it has completed: requests sent together all miss")
    func thePromptCacheHoldsOnlyCompletedPrefixes() async throws {
        try await Self.withServer(SimulatorConfiguration(latencyMs: 300, jitterMs: 0)) { server in
            let url = server.baseURL + "/v1/chat/completions"
            func cached(_ reply: SimulatorTests.Reply) -> Int? {
                reply.json?["usage"]?["prompt_tokens_details"]?["cached_tokens"]?.intValue
            }
            let together = try await withThrowingTaskGroup(of: Int?.self) { group in
                for index in 0..<3 { group.addTask { cached(try await SimulatorTests.post(url, Self.chat(SimulatorTests.longText + "\nCriterion id: \(index)"))) } }
                return try await group.reduce(into: [Int?]()) { $0.append($1) }
            }
            #expect(together == [0, 0, 0], "none of them had completed when the others arrived")
            let after = try #require(cached(try await SimulatorTests.post(url, Self.chat(SimulatorTests.longText + "\nCriterion id: later"))))
            #expect(after >= 1024, "the prefix is cached once a request with it completed")
        }
    }
}
