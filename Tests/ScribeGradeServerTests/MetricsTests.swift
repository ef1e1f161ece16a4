import Foundation
import Testing
import ScribeGrade
@testable import ScribeGradeServer
import ScribeGradeSimulator

/// `/metrics` in Prometheus text: provider errors counted when the provider fails, and the
/// latency histograms of judge calls and requests.
@Suite struct MetricsTests {
    @Test func providerErrorsFailedJudgmentsAndLatencyHistogramsAreExposed() async throws {
        // 429s, not 5xx: the provider is alive, so the judge's circuit breaker stays closed and
        // every judgment is asked and fails.
        try await RunTests.withSimulator(faults: FaultRates([.rateLimited: 1])) { simulator in
            let test = try await TestService.make(try RunTests.configuration(simulator: simulator, retries: 0))
            try await test.run { http in
                try await http.uploadFixtures(token: test.token(.grader))
                let request: [String: Any] = ["judges": ["sim"], "systems": ["note1"], "encounters": ["day1_consultation02"]]
                let started = try await http.postJSON("/api/runs", token: test.token(.grader), request)
                #expect(started.status == .accepted, "\(started.body)")
                let id = try #require(started.json["id"] as? String)
                let run = try await http.waitForRun(id, token: test.token(.viewer))
                let progress = try #require(run["progress"] as? [String: Any])
                let total = try #require(progress["total"] as? Int)
                #expect(total == Fixtures.rubrics.filter { $0.encounter == "day1_consultation02" }.reduce(0) { $0 + $1.criteria.count })
                #expect(progress["failed"] as? Int == total)

                let reply = try await http.get("/metrics", token: test.token(.viewer))
                #expect(reply.status == .ok)
                #expect(reply.contentType.hasPrefix("text/plain"))
                let text = reply.body
                let calls = simulator.engine.stats.requests
                #expect(calls == total)
                #expect(RunTests.metric(text, "scribegrade_provider_errors_total", ["judge=\"sim\""]) == Double(calls))
                #expect(RunTests.metric(text, "scribegrade_judgments_total", ["judge=\"sim\"", "outcome=\"failed\""]) == Double(total))
                #expect(RunTests.metric(text, "scribegrade_judgments_total", ["outcome=\"met\""]) == 0)
                #expect(RunTests.metric(text, "scribegrade_runs_started_total") == 1)
                // Histograms: cumulative buckets up to +Inf, a count and a sum, per judge and per route.
                #expect(text.contains("# TYPE scribegrade_judge_latency_seconds histogram"))
                #expect(RunTests.metric(text, "scribegrade_judge_latency_seconds_bucket", ["judge=\"sim\"", "le=\"+Inf\""]) == Double(calls))
                #expect(RunTests.metric(text, "scribegrade_judge_latency_seconds_count", ["judge=\"sim\""]) == Double(calls))
                #expect(RunTests.metric(text, "scribegrade_judge_latency_seconds_sum", ["judge=\"sim\""]) > 0)
                #expect(text.contains("# TYPE scribegrade_http_request_duration_seconds histogram"))
                let notes = RunTests.metric(text, "scribegrade_http_requests_total", ["route=\"/api/notes\"", "status=\"201\""])
                #expect(notes == Double(Fixtures.systems.count))
                #expect(RunTests.metric(text, "scribegrade_http_request_duration_seconds_count", ["route=\"/api/notes\""]) == notes)
            }
        }
    }
}
