import Foundation
import Hummingbird
import Testing
import ScribeGrade
@testable import ScribeGradeServer
import ScribeGradeSimulator

/// What one request may cost: bootstrap resamples, samples, concurrency and judges are bounded,
/// each one over its bound answered with a problem naming the parameter and the bound, each at
/// its bound accepted; and a grader may run only the service's own judges.
@Suite struct RunRequestLimitTests {
    /// The texts of a problem: its detail and its diagnostics.
    static func problemText(_ reply: TestHTTP.Reply) -> String {
        let diagnostics = (reply.json["diagnostics"] as? [[String: Any]] ?? []).map { "\($0["file"] ?? ""): \($0["message"] ?? "")" }
        return ([reply.json["detail"] as? String ?? ""] + diagnostics).joined(separator: "\n")
    }

    @Test func bootstrapResamplesAreBoundedPerRequest() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            try await http.uploadFixtures(token: test.token(.grader))
            let started = try await http.postJSON("/api/runs", token: test.token(.grader), ["judges": ["baseline"], "systems": ["note1"]])
            let id = try #require(started.json["id"] as? String)
            _ = try await http.waitForRun(id, token: test.token(.viewer))
            for route in ["results", "calibration"] {
                let over = try await http.get("/api/runs/\(id)/\(route)?bootstrap=\(RequestLimits.bootstrapResamples + 1)", token: test.token(.viewer))
                #expect(over.status == .unprocessableContent, "\(route)")
                #expect(over.contentType == "application/problem+json")
                #expect(Self.problemText(over).contains("bootstrap must be an integer from 1 to 2000"), "\(Self.problemText(over))")
                let at = try await http.get("/api/runs/\(id)/\(route)?bootstrap=\(RequestLimits.bootstrapResamples)", token: test.token(.viewer))
                #expect(at.status == .ok, "\(route): \(at.body.prefix(200))")
            }
            #expect(try await http.get("/api/runs/\(id)/results?bootstrap=10000", token: test.token(.viewer)).status == .unprocessableContent)
        }
    }

    @Test func notesPerBatchAreBounded() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            func batch(_ count: Int) -> [String: Any] {
                ["system": "bulk", "notes": (0..<count).map { ["encounter": "e\($0)", "note": "S: cough."] }]
            }
            let over = try await http.postJSON("/api/notes", token: test.token(.grader), batch(RequestLimits.notesPerBatch + 1))
            #expect(over.status == .unprocessableContent)
            #expect(Self.problemText(over).contains("notes: a batch holds at most 500 notes, not 501"), "\(Self.problemText(over))")
            #expect(try await test.store.storedNotes().isEmpty)
            let at = try await http.postJSON("/api/notes", token: test.token(.grader), batch(RequestLimits.notesPerBatch))
            #expect(at.status == .created, "\(at.body.prefix(200))")
            #expect(at.json["stored"] as? Int == RequestLimits.notesPerBatch)
        }
    }

    @Test func samplesConcurrencyAndJudgesAreBoundedPerRun() async throws {
        try await RunTests.withSimulator { simulator in
            let test = try await TestService.make(try RunTests.configuration(simulator: simulator, concurrency: 8))
            try await test.run { http in
                let grader = test.token(.grader)
                try await http.uploadFixtures(token: grader)
                let run: [String: Any] = ["judges": ["baseline"], "systems": ["note1"], "encounters": ["day1_consultation02"]]
                func over(_ extra: [String: Any], _ expected: String) async throws {
                    let reply = try await http.postJSON("/api/runs", token: grader, run.merging(extra) { $1 })
                    #expect(reply.status == .unprocessableContent, "\(extra): \(reply.status)")
                    #expect(Self.problemText(reply).contains(expected), "\(extra): \(Self.problemText(reply))")
                }
                try await over(["samples": RequestLimits.samples + 1], "samples: samples must be an integer from 1 to 5")
                try await over(["concurrency": RequestLimits.concurrency + 1], "concurrency: concurrency must be an integer from 1 to 64")
                try await over(["judges": Array(repeating: "baseline", count: RequestLimits.judges + 1)], "name 1 to 8 judges")
                // A judge configured for 8 calls at once is not run with more.
                try await over(["judges": ["sim"], "concurrency": 9], "concurrency must be an integer from 1 to 8: judge 'sim' is configured to run 8 calls at once")
                #expect(simulator.engine.stats.requests == 0)
                #expect(try await test.store.runs().isEmpty)

                for extra: [String: Any] in [["samples": RequestLimits.samples], ["concurrency": RequestLimits.concurrency], ["judges": ["sim"], "concurrency": 8]] {
                    let reply = try await http.postJSON("/api/runs", token: grader, run.merging(extra) { $1 })
                    #expect(reply.status == .accepted, "\(extra): \(reply.body)")
                    if let id = reply.json["id"] as? String { _ = try await http.waitForRun(id, token: grader) }
                }
            }
        }
    }

    @Test func aGraderMayRunOnlyTheServicesJudges() async throws {
        try await RunTests.withSimulator { simulator in
            // The service holds keys: an unconfigured model would be billed to them.
            var configuration = try RunTests.configuration(simulator: simulator)
            configuration.environment = ["OPENAI_API_KEY": "sk-service-key", "ANTHROPIC_API_KEY": "sk-ant-service-key"]
            let test = try await TestService.make(configuration)
            try await test.run { http in
                let grader = test.token(.grader)
                try await http.uploadFixtures(token: grader)
                for judges in [["openai:o1-pro"], ["anthropic:claude-opus-4-1"], ["sim", "openai:gpt-sim"], ["baseline", "anthropic:x"]] {
                    let reply = try await http.postJSON("/api/runs", token: grader, ["judges": judges, "systems": ["note1"]])
                    #expect(reply.status == .unprocessableContent, "\(judges): \(reply.status) \(reply.body)")
                    #expect(reply.contentType == "application/problem+json")
                    #expect(Self.problemText(reply).contains("may run only the service's judges: sim, baseline"), "\(Self.problemText(reply))")
                }
                #expect(simulator.engine.stats.requests == 0)
                #expect(try await test.store.runs().isEmpty, "no run was recorded")
                #expect(await test.service.backendRunsAreIdle())

                let allowed = try await http.postJSON("/api/runs", token: grader, ["judges": ["sim", "baseline"], "systems": ["note1"], "encounters": ["day1_consultation02"]])
                #expect(allowed.status == .accepted, "\(allowed.body)")
                let id = try #require(allowed.json["id"] as? String)
                let finished = try await http.waitForRun(id, token: grader)
                #expect(finished["status"] as? String == "completed")
                #expect(simulator.engine.stats.requests > 0)
            }
        }
    }
}

extension GradingService {
    /// Whether no run is in flight.
    func backendRunsAreIdle() async -> Bool {
        await backend.runs.snapshots().isEmpty
    }
}
