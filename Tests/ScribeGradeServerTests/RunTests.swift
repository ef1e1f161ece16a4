import Foundation
import Hummingbird
import Testing
import ScribeGrade
@testable import ScribeGradeServer
import ScribeGradeSimulator
import ScribeGradeStore

/// Grading runs through the API against the loopback simulator: results in the JSON contract,
/// progress, cancellation, resumption and metrics.
@Suite struct RunTests {
    /// The service's configuration naming a judge `sim` on the simulator.
    static func configuration(simulator: SimulatorServer, concurrency: Int = 8, retries: Int = 2, hideExplanations: Bool = false) throws -> ServerConfiguration {
        let yaml = """
            judges:
              sim:
                provider: openai
                model: gpt-sim
                base_url: \(simulator.baseURL)/v1
                concurrency: \(concurrency)
                retries: \(retries)
                reasks: \(retries)
                timeout: 10
                prices: {input: 2, cached_input: 0.5, output: 8}
            """
        return ServerConfiguration(
            port: 0, viewersSeeExplanations: !hideExplanations,
            judges: try ScribeGradeConfig(parsing: yaml, path: "scribegrade.yaml"), environment: [:],
            bootstrap: BootstrapOptions(resamples: 200, seed: 3))
    }

    static func withSimulator<T>(latencyMs: Double = 0, faults: FaultRates = .none, _ body: (SimulatorServer) async throws -> T) async throws -> T {
        let simulator = try await SimulatorServer.start(SimulatorConfiguration(latencyMs: latencyMs, jitterMs: 0, faults: faults, seed: 11), threads: 1)
        do {
            let result = try await body(simulator)
            try await simulator.shutdown()
            return result
        } catch {
            try? await simulator.shutdown()
            throw error
        }
    }

    /// Sums a counter's samples in a Prometheus exposition whose labels contain every `labels` pair.
    static func metric(_ text: String, _ name: String, _ labels: [String] = []) -> Double {
        text.split(separator: "\n").filter { line in
            line.hasPrefix(name) && (line.dropFirst(name.count).first == "{" || line.dropFirst(name.count).first == " ")
                && labels.allSatisfy { line.contains($0) }
        }.compactMap { Double($0.split(separator: " ").last ?? "") }.reduce(0, +)
    }

    @Test func aFullRunAgainstTheSimulatorReturnsTheContractOfGrade() async throws {
        try await Self.withSimulator { simulator in
            let test = try await TestService.make(try Self.configuration(simulator: simulator))
            try await test.run { http in
                try await http.uploadFixtures(token: test.token(.grader))
                let started = try await http.postJSON("/api/runs", token: test.token(.grader), ["judges": ["sim", "baseline"]])
                #expect(started.status == .accepted, "\(started.body)")
                let id = try #require(started.json["id"] as? String)
                #expect(started.headers[.location] == "/api/runs/\(id)")
                #expect(started.json["notes"] as? Int == 9)

                let run = try await http.waitForRun(id, token: test.token(.viewer))
                #expect(run["status"] as? String == "completed")
                if run["status"] as? String != "completed" { print(test.logs.text.split(separator: "\n").filter { !$0.contains("Request") }.suffix(30).joined(separator: "\n")) }
                let progress = try #require(run["progress"] as? [String: Any])
                let total = try #require(progress["total"] as? Int)
                let criteria = Fixtures.rubrics.reduce(0) { $0 + $1.criteria.count }
                #expect(total == criteria * 3 * 2)
                #expect(progress["answered"] as? Int == total)
                #expect((progress["cost"] as? Double ?? 0) > 0)

                // Results are exactly the report the CLI builds from the same store.
                let results = try await http.get("/api/runs/\(id)/results", token: test.token(.viewer))
                #expect(results.status == .ok)
                let record = try #require(try await test.store.run(id))
                let judgments = try await test.store.judgments(forKeys: record.judgmentKeys)
                let expected = GradeReport.build(run: record, judgments: judgments, bootstrap: BootstrapOptions(resamples: 200, seed: 3))
                #expect(results.body == String(decoding: try expected.jsonData(), as: UTF8.self))
                let json = results.json
                for key in ["run", "judge", "systems", "notes"] { #expect(json[key] != nil, "missing \(key)") }
                let systems = try #require(json["systems"] as? [[String: Any]])
                #expect(Set(systems.compactMap { $0["system"] as? String }) == Set(Fixtures.systems))
                for system in systems {
                    for key in ["system", "score", "ci95", "notes", "critical_missed"] { #expect(system[key] != nil) }
                }
                let notes = try #require(json["notes"] as? [[String: Any]])
                #expect(notes.count == 9)
                for key in ["system", "encounter", "rubric", "score", "score_clipped", "points_met", "points_possible", "critical_missed", "sections", "tags", "criteria"] {
                    #expect(notes[0][key] != nil, "notes lack \(key)")
                }

                // Every call the simulator answered is in the metrics.
                let simCalls = simulator.engine.stats.requests
                #expect(simCalls == criteria * 3)
                let metrics = try await http.get("/metrics", token: test.token(.viewer))
                #expect(metrics.contentType.hasPrefix("text/plain"))
                let text = metrics.body
                #expect(Self.metric(text, "scribegrade_judgments_total", ["judge=\"sim\""]) == Double(criteria * 3))
                #expect(Self.metric(text, "scribegrade_judgments_total", ["judge=\"baseline\""]) == Double(criteria * 3))
                #expect(Self.metric(text, "scribegrade_judge_latency_seconds_count", ["judge=\"sim\""]) == Double(simCalls))
                let inputTokens = judgments.values.filter { $0.judge == "sim" }.reduce(0) { $0 + $1.usage.input }
                #expect(inputTokens > 0)
                #expect(Self.metric(text, "scribegrade_tokens_total", ["judge=\"sim\"", "kind=\"input\""]) == Double(inputTokens))
                let cost = judgments.values.reduce(0) { $0 + $1.cost }
                #expect(abs(Self.metric(text, "scribegrade_cost_usd_total", ["judge=\"sim\""]) - cost) < 1e-9)
                #expect(Self.metric(text, "scribegrade_runs_finished_total", ["status=\"completed\""]) == 1)
                #expect(Self.metric(text, "scribegrade_provider_errors_total") == 0)
                #expect(Self.metric(text, "scribegrade_http_requests_total", ["route=\"/api/runs/{run}\""]) >= 1)

                // Judgments carry explanations and evidence.
                let judgmentsReply = try await http.get("/api/runs/\(id)/judgments?system=doctor&encounter=day1_consultation01", token: test.token(.viewer)).json
                let items = try #require(judgmentsReply["judgments"] as? [[String: Any]])
                #expect(items.count == Fixtures.rubrics.filter { $0.encounter == "day1_consultation01" }.reduce(0) { $0 + $1.criteria.count } * 2)
                #expect(items.allSatisfy { $0["explanation"] is String })
            }
        }
    }

    @Test func cancellingStopsARunAndTheSameRequestResumesIt() async throws {
        try await Self.withSimulator(latencyMs: 40) { simulator in
            let test = try await TestService.make(try Self.configuration(simulator: simulator, concurrency: 2))
            try await test.run { http in
                try await http.uploadFixtures(token: test.token(.grader))
                // An inline judge with a base URL: admins only.
                let request: [String: Any] = ["judges": ["openai:gpt-sim@\(simulator.baseURL)/v1"], "systems": ["doctor"], "concurrency": 2]
                let started = try await http.postJSON("/api/runs", token: test.token(.admin), request)
                #expect(started.status == .accepted, "\(started.body)")
                let id = try #require(started.json["id"] as? String)
                let again = try await http.postJSON("/api/runs", token: test.token(.admin), request)
                #expect(again.json["id"] as? String == id)
                #expect(again.json["active"] as? Bool == true)
                while simulator.engine.stats.requests < 6 { try await Task.sleep(for: .milliseconds(20)) }
                let cancel = try await http.send(.post, "/api/runs/\(id)/cancel", token: test.token(.grader))
                #expect(cancel.status == .accepted)
                let stopped = try await http.waitForRun(id, token: test.token(.viewer))
                #expect(stopped["status"] as? String == "cancelled")
                let progress = try #require(stopped["progress"] as? [String: Any])
                let total = try #require(progress["total"] as? Int)
                let answered = try #require(progress["answered"] as? Int)
                #expect(answered > 0 && answered < total)
                #expect(try await test.store.run(id)?.status == .cancelled)
                let notRunning = try await http.send(.post, "/api/runs/\(id)/cancel", token: test.token(.grader))
                #expect(notRunning.status == .conflict)

                let resumed = try await http.postJSON("/api/runs", token: test.token(.admin), request)
                #expect(resumed.json["id"] as? String == id)
                let finished = try await http.waitForRun(id, token: test.token(.viewer))
                #expect(finished["status"] as? String == "completed")
                if finished["status"] as? String != "completed" { print(test.logs.text.split(separator: "\n").filter { $0.contains("run") && !$0.contains("Request") }.joined(separator: "\n")) }
                // Answers stored before the cancel were not asked again; only the ones in flight were.
                #expect(simulator.engine.stats.requests <= total + 2)
                let metrics = try await http.get("/metrics", token: test.token(.viewer)).body
                #expect(Self.metric(metrics, "scribegrade_runs_finished_total", ["status=\"cancelled\""]) == 1)
            }
        }
    }

    @Test func shuttingTheServiceDownCancelsRunsInFlightAndRecordsThem() async throws {
        try await Self.withSimulator(latencyMs: 50) { simulator in
            let test = try await TestService.make(try Self.configuration(simulator: simulator, concurrency: 1))
            let id = try await test.run { http in
                try await http.uploadFixtures(token: test.token(.grader))
                let started = try await http.postJSON("/api/runs", token: test.token(.grader), ["judges": ["sim"]])
                let id = try #require(started.json["id"] as? String)
                while simulator.engine.stats.requests < 2 { try await Task.sleep(for: .milliseconds(20)) }
                return id
            }
            let record = try #require(try await test.store.run(id))
            #expect(record.status == .cancelled)
            let stored = try await test.store.judgments(forKeys: record.judgmentKeys).count
            #expect(stored > 0 && stored < record.judgmentKeys.count)
        }
    }

    @Test func viewersSeeNoExplanationsWhenTheServiceHidesThem() async throws {
        try await Self.withSimulator { simulator in
            let test = try await TestService.make(try Self.configuration(simulator: simulator, hideExplanations: true))
            try await test.run { http in
                try await http.uploadFixtures(token: test.token(.grader))
                let id = try #require(try await http.postJSON("/api/runs", token: test.token(.grader), ["judges": ["sim"], "systems": ["note1"]]).json["id"] as? String)
                _ = try await http.waitForRun(id, token: test.token(.viewer))
                let path = "/api/runs/\(id)/judgments?encounter=day1_consultation02"
                let viewer = try await http.get(path, token: test.token(.viewer)).json
                #expect(viewer["explanations_shown"] as? Bool == false)
                let hidden = try #require(viewer["judgments"] as? [[String: Any]])
                #expect(!hidden.isEmpty && hidden.allSatisfy { $0["explanation"] == nil && $0["evidence"] == nil && $0["verdict"] != nil })
                let reviewer = try #require(try await http.get(path, token: test.token(.reviewer)).json["judgments"] as? [[String: Any]])
                #expect(reviewer.allSatisfy { $0["explanation"] is String })
                let explanation = try #require(reviewer.first?["explanation"] as? String)

                let page = try await http.get("/runs/\(id)/notes/note1/day1_consultation02", token: test.token(.viewer))
                #expect(page.status == .ok)
                #expect(!page.body.contains(HTMLEscaped(explanation)))
                #expect(page.body.contains("not shown to viewers"))
                let full = try await http.get("/runs/\(id)/notes/note1/day1_consultation02", token: test.token(.reviewer))
                #expect(full.body.contains(HTMLEscaped(explanation)))
            }
        }
    }
}

/// Text as the pages escape it.
func HTMLEscaped(_ text: String) -> String { HTML.escape(text) }
