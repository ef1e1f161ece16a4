import Foundation
import GRDB
import Testing
import ScribeGrade
import ScribeGradeProviders
import ScribeGradeSimulator
import ScribeGradeStore

/// A whole run — plan, engine, LLM judge, HTTP, simulator, verdict parsing, SQLite — under the
/// faults of a bad day at a provider, checked from the database file and the simulator's log.
@Suite(.serialized) struct FaultyRunTests {
    /// 10% 429s, 5% 500s, 2% hangs, 5% malformed answers, 1% dropped connections.
    static let faults = FaultRates([.rateLimited: 0.10, .serverError: 0.05, .hang: 0.02, .malformed: 0.05, .drop: 0.01])

    static func judge(_ server: SimulatorServer, transport: any HTTPTransport, timeout: Double) -> LLMJudge {
        let baseURL = server.baseURL + "/v1"
        let settings = LLMJudgeSettings(
            name: "simulated-judge", provider: .openAI, baseURL: baseURL,
            parameters: GenerationParameters(model: "gpt-sim", temperature: 0, seed: 7, maxTokens: 512),
            // Two retries and one re-ask: enough faults exhaust them that failures are recorded.
            retry: RetryPolicy(maxRetries: 2, maxReasks: 1, baseDelay: 0.005, maxDelay: 0.02, maxRetryAfter: 0.05),
            timeout: timeout, concurrency: 32)
        return LLMJudge(settings: settings, client: OpenAIChatClient(baseURL: baseURL, apiKey: nil), transport: transport)
    }

    static func transport(_ kind: TransportKind, timeout: Double) -> any HTTPTransport {
        switch kind {
        case .asyncHTTPClient: return AsyncHTTPClientTransport(connectionsPerHost: 64)
        case .urlSession: return URLSessionTransport(timeout: timeout, connectionsPerHost: 64)
        }
    }

    struct Row {
        var key: String
        var item: String
        var verdict: String?
        var failure: String?
        var attempts: Int
    }

    /// Every judgment row of the database, read from the file with SQLite directly.
    static func rows(_ path: String) throws -> [Row] {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        return try queue.read { db in
            try GRDB.Row.fetchAll(db, sql: "SELECT key, system, encounter, rubric, criterion, sample, verdict, failure, attempts FROM judgment").map {
                Row(
                    key: $0["key"],
                    item: LoggedRequest.item(system: $0["system"], encounter: $0["encounter"], rubric: $0["rubric"], criterion: $0["criterion"], sample: $0["sample"]),
                    verdict: $0["verdict"], failure: $0["failure"], attempts: $0["attempts"])
            }
        }
    }

    @Test(arguments: [TransportKind.asyncHTTPClient, .urlSession])
    func aRunUnderFaultsStoresEveryJudgmentOnceOrRecordsItsFailureAndLosesNone(transport kind: TransportKind) async throws {
        let storePath = temporaryPath("runs.sqlite")
        let log = temporaryPath("requests.jsonl")
        let timeout = 2.0
        let configuration = SimulatorConfiguration(
            latencyMs: 2, faults: Self.faults, seed: 2024, requestLog: log, retryAfterMs: 10, hangSeconds: 3)
        let server = try await SimulatorServer.start(configuration, threads: 1)
        let transport = Self.transport(kind, timeout: timeout)
        let judge = Self.judge(server, transport: transport, timeout: timeout)
        let plan = try RunPlan.make(
            rubrics: Corpus.rubrics, notes: Corpus.notes(of: ["note1", "note2"]), encounters: Corpus.encounters, judges: [judge])
        let planned = plan.judgmentKeys
        #expect(planned.count >= 2000)
        #expect(Set(planned).count == planned.count)

        let store = try SQLiteStore(path: storePath)
        let returned: [String: Judgment]
        do {
            returned = try await RunEngine(store: store, judges: [judge]).run(plan)
        } catch {
            try? await server.shutdown()
            try? await transport.shutdown()
            throw error
        }
        try await server.shutdown()
        let stats = server.engine.stats

        // The database: every planned key exactly once, each a verdict or a failure with its reason.
        let rows = try Self.rows(storePath)
        #expect(rows.count == planned.count)
        #expect(Set(rows.map(\.key)) == Set(planned))
        #expect(returned.count == planned.count)
        for row in rows {
            #expect((row.verdict == nil) != (row.failure == nil), "\(row.key): a verdict or a failure, never both or neither")
            if let failure = row.failure {
                // Retries run out (re-asks count among the attempts), or re-asks do.
                let exhausted = failure.contains(/after [3-5] attempts$/)
                let unusable = failure.hasPrefix("no usable answer after 2 answers: ")
                #expect(exhausted || unusable, "\(row.key): failure reason '\(failure)'")
            }
        }
        let failed = rows.filter { $0.failure != nil }
        #expect(!failed.isEmpty, "with two retries and one re-ask, some questions exhaust them")
        let reasons = Dictionary(grouping: failed.compactMap(\.failure), by: { String($0.prefix(40)) }).mapValues(\.count)
        #expect(failed.count < planned.count / 20, "failures: \(reasons)")
        #expect(try await store.run(plan.id)?.status == .incomplete)

        // The simulator's log: each request belongs to one stored judgment and was counted in its
        // attempts; an answered question was never asked again, and its stored verdict is the
        // one the simulator gave.
        let requests = try LoggedRequest.read(log)
        #expect(requests.count == stats.requests)
        #expect(requests.count == rows.reduce(0) { $0 + $1.attempts })
        let byItem = Dictionary(grouping: requests, by: \.item)
        #expect(Set(byItem.keys) == Set(rows.map(\.item)))
        for row in rows {
            let asked = (byItem[row.item] ?? []).sorted { $0.seq < $1.seq }
            #expect(asked.count == row.attempts, "\(row.item): \(asked.count) requests, \(row.attempts) attempts recorded")
            let clean = asked.filter(\.isCleanAnswer)
            if let verdict = row.verdict {
                #expect(clean.count == 1 && asked.last?.isCleanAnswer == true, "\(row.item): answered once, by its last request")
                #expect(clean.first?.verdict == verdict)
            } else {
                #expect(clean.isEmpty, "\(row.item): a failure is recorded only when no request was answered")
            }
        }
        // Every kind of fault was injected.
        for fault in [Fault.rateLimited, .serverError, .hang, .malformed, .drop] {
            #expect((stats.faults[fault] ?? 0) > 0, "\(fault) injected")
            #expect(requests.filter { $0.fault == fault.rawValue }.count == stats.faults[fault])
        }

        // A re-run against a healthy provider asks exactly the failed questions, once each.
        let healthyLog = temporaryPath("healthy.jsonl")
        let healthy = try await SimulatorServer.start(SimulatorConfiguration(latencyMs: 2, seed: 2024, requestLog: healthyLog), threads: 1)
        let retryJudge = Self.judge(healthy, transport: transport, timeout: timeout)
        let retryPlan = try RunPlan.make(
            rubrics: Corpus.rubrics, notes: Corpus.notes(of: ["note1", "note2"]), encounters: Corpus.encounters, judges: [retryJudge])
        let resumed = try await RunEngine(store: store, judges: [retryJudge]).run(retryPlan)
        try await healthy.shutdown()
        try await transport.shutdown()
        let reasked = try LoggedRequest.read(healthyLog)
        #expect(reasked.map(\.item).sorted() == failed.map(\.item).sorted())
        #expect(resumed.count == planned.count && resumed.values.allSatisfy { $0.succeeded })
        let after = try Self.rows(storePath)
        #expect(after.count == planned.count)
        #expect(after.allSatisfy { $0.verdict != nil && $0.failure == nil })
        #expect(retryPlan.id == plan.id)
        #expect(try await store.run(plan.id)?.status == .completed)
    }
}
