import Foundation
import Testing
import ScribeGrade
import ScribeGradeProviders
import ScribeGradeSimulator

/// Both transports pass the same tests against the real simulator on a port.
@Suite(.serialized) struct TransportTests {
    enum Kind: String, CaseIterable { case asyncHTTPClient, urlSession }

    static func make(_ kind: Kind, timeout: Double) -> any HTTPTransport {
        switch kind {
        case .asyncHTTPClient: return AsyncHTTPClientTransport(connectionsPerHost: 64)
        case .urlSession: return URLSessionTransport(timeout: timeout, connectionsPerHost: 64)
        }
    }

    static func chatRequest(_ server: SimulatorServer, timeout: Double) -> HTTPRequest {
        let body = #"{"model":"gpt-sim","messages":[{"role":"user","content":"Criterion id: c1"}],"max_completion_tokens":50}"#
        return HTTPRequest(url: server.baseURL + "/v1/chat/completions", headers: [("Content-Type", "application/json"), ("Authorization", "Bearer k")], body: Array(body.utf8), timeout: timeout)
    }

    static func run(_ kind: Kind, timeout: Double = 5, _ configuration: SimulatorConfiguration, _ body: (any HTTPTransport, SimulatorServer) async throws -> Void) async throws {
        let transport = make(kind, timeout: timeout)
        try await Fixture.withSimulator(configuration) { server in try await body(transport, server) }
        try await transport.shutdown()
    }

    @Test(arguments: Kind.allCases)
    func aResponseArrivesWithStatusHeadersAndTheWholeBody(kind: Kind) async throws {
        try await Self.run(kind, SimulatorConfiguration()) { transport, server in
            let response = try await transport.send(Self.chatRequest(server, timeout: 5))
            #expect(response.status == 200)
            #expect(response.header("Content-Type") == "application/json")
            #expect(response.header("x-request-id")?.hasPrefix("req_") == true)
            let json = try JSONValue(parsing: response.body)
            #expect(json["object"]?.stringValue == "chat.completion")
            #expect(Int(response.header("content-length") ?? "") == response.body.count)
        }
    }

    @Test(arguments: Kind.allCases)
    func errorStatusesAreResponsesNotErrors(kind: Kind) async throws {
        try await Self.run(kind, SimulatorConfiguration(faults: FaultRates([.rateLimited: 1]), retryAfterMs: 1500)) { transport, server in
            let response = try await transport.send(Self.chatRequest(server, timeout: 5))
            #expect(response.status == 429)
            #expect(response.header("retry-after") == "2")
            #expect(response.header("retry-after-ms") == "1500")
        }
    }

    @Test(arguments: Kind.allCases)
    func aHangingServerTimesOut(kind: Kind) async throws {
        try await Self.run(kind, timeout: 0.5, SimulatorConfiguration(faults: FaultRates([.hang: 1]), hangSeconds: 10)) { transport, server in
            let started = Date()
            await #expect(throws: TransportError.timeout) { _ = try await transport.send(Self.chatRequest(server, timeout: 0.5)) }
            #expect(Date().timeIntervalSince(started) < 5)
        }
    }

    /// A dropped connection, and a body cut off under a full `content-length`, are connection
    /// errors, never a short response.
    @Test(arguments: Kind.allCases, [Fault.drop, .truncated])
    func aBrokenConnectionIsAConnectionError(kind: Kind, fault: Fault) async throws {
        try await Self.run(kind, SimulatorConfiguration(faults: FaultRates([fault: 1]))) { transport, server in
            await #expect {
                _ = try await transport.send(Self.chatRequest(server, timeout: 5))
            } throws: { error in
                if case .connection = error as? TransportError { return true }
                return false
            }
        }
    }

    @Test(arguments: Kind.allCases)
    func manyConcurrentRequestsAllComplete(kind: Kind) async throws {
        try await Self.run(kind, SimulatorConfiguration(latencyMs: 50)) { transport, server in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<100 { group.addTask { try await transport.send(Self.chatRequest(server, timeout: 10)).status } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.count == 100)
            #expect(statuses.allSatisfy { $0 == 200 })
        }
    }

    @Test(arguments: Kind.allCases)
    func aJudgeWorksOverEitherTransport(kind: Kind) async throws {
        try await Self.run(kind, SimulatorConfiguration(truth: Fixture.truth)) { transport, server in
            for provider in [Provider.openAI, .anthropic] {
                let judge = Fixture.judge(provider, server: server, transport: transport)
                let response = try await judge.judge(Fixture.request([Fixture.criteria[0]]))
                #expect(response.results[Fixture.criteria[0].id]?.verdict == .met)
            }
        }
    }
}
