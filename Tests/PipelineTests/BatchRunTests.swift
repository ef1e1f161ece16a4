import Foundation
import Testing
import ScribeGrade
import ScribeGradeProviders
import ScribeGradeSimulator
import ScribeGradeStore

/// Runs through provider batches (`--batch`): the batch engine against the simulator's batch
/// APIs and a SQLite store, then the run engine for what the batches left, checked from the
/// store and the simulator's request log.
@Suite(.serialized) struct BatchRunTests {
    static func judge(_ server: SimulatorServer, provider: Provider, perBatch: Int) -> LLMJudge {
        let baseURL = provider == .openAI ? server.baseURL + "/v1" : server.baseURL
        let settings = LLMJudgeSettings(
            name: "batched-judge", provider: provider, baseURL: baseURL,
            parameters: GenerationParameters(model: "sim", temperature: 0, maxTokens: 512),
            retry: RetryPolicy(maxRetries: 2, maxReasks: 1, baseDelay: 0.005, maxDelay: 0.02, maxRetryAfter: 0.05),
            timeout: 5, concurrency: 8, prices: Prices(input: 2, cachedInput: 0.5, cacheWrite: 2.5, output: 8))
        let client: any ProviderClient = provider == .openAI
            ? OpenAIChatClient(baseURL: baseURL, apiKey: nil) : AnthropicMessagesClient(baseURL: baseURL, apiKey: nil)
        var judge = LLMJudge(settings: settings, client: client, transport: AsyncHTTPClientTransport.shared)
        judge.batchLimits = BatchLimits(maxRequests: perBatch, maxBytes: 50_000_000)
        judge.batchPolling = BatchPolling(initialInterval: 0.02, maxInterval: 0.1, maxRetries: 3, timeout: 30)
        return judge
    }

    /// Two consultations' rubrics and one system's notes: a few hundred questions.
    static func plan(_ judge: LLMJudge) throws -> RunPlan {
        let rubrics = Array(Corpus.rubrics.sorted { $0.id < $1.id }.prefix(2))
        let encounters = Set(rubrics.map(\.encounter))
        return try RunPlan.make(
            rubrics: rubrics, notes: Corpus.notes(of: ["note1"]).filter { encounters.contains($0.encounter) },
            encounters: Corpus.encounters, judges: [judge])
    }

    static func configuration(log: String, delay: Double = 0.05, faults: BatchFaultRates = .none) -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration(seed: 5, requestLog: log)
        configuration.batchDelay = delay
        configuration.batchFaults = faults
        return configuration
    }

    static func logLines(_ path: String) throws -> [JSONValue] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { try JSONValue(parsing: String($0)) }
    }

    static func batchCreations(_ lines: [JSONValue]) -> Int {
        lines.filter { ["/v1/batches", "/v1/messages/batches"].contains($0["path"]?.stringValue ?? "") && $0["status"]?.intValue == 200 }.count
    }

    static func synchronousCalls(_ lines: [JSONValue]) -> Int {
        lines.filter { ["/v1/chat/completions", "/v1/messages"].contains($0["path"]?.stringValue ?? "") }.count
    }

    @Test(arguments: [Provider.openAI, .anthropic])
    func batchRunAnswersEveryQuestionOnceAtHalfPriceWithoutSynchronousCalls(provider: Provider) async throws {
        let log = temporaryPath("requests.jsonl")
        try await withServer(Self.configuration(log: log)) { server in
            let judge = Self.judge(server, provider: provider, perBatch: 40)
            let plan = try Self.plan(judge)
            let store = try SQLiteStore(path: temporaryPath("runs.sqlite"))
            let committed = try await BatchRunEngine(store: store, judges: [judge]).run(plan)
            #expect(committed == plan.judgmentKeys.count)
            let judgments = try await RunEngine(store: store, judges: [judge]).run(plan)
            #expect(plan.judgmentKeys.allSatisfy { judgments[$0]?.verdict != nil })
            for judgment in judgments.values where judgment.usage.input > 0 {
                #expect(abs(judgment.cost - judge.settings.prices.cost(of: judgment.usage) / 2) < 1e-12)
            }
            let batches = try await store.batches(ofRun: plan.id)
            #expect(batches.count == (plan.requests.count + 39) / 40)
            #expect(batches.allSatisfy { $0.status == .collected })
            let lines = try Self.logLines(log)
            let items = lines.compactMap { $0["custom_id"]?.stringValue }
            #expect(items.count == plan.requests.count)
            #expect(Set(items).count == items.count, "no item answered twice")
            #expect(Self.synchronousCalls(lines) == 0)
        }
    }

    /// A run stopped while its batches are pending (as when the process is killed) polls them
    /// when run again: nothing is submitted twice and every question is answered.
    @Test(arguments: [Provider.openAI, .anthropic])
    func aStoppedRunPollsItsStoredBatchesInsteadOfSubmittingAgain(provider: Provider) async throws {
        let log = temporaryPath("requests.jsonl")
        try await withServer(Self.configuration(log: log, delay: 1.0)) { server in
            let judge = Self.judge(server, provider: provider, perBatch: 50)
            let plan = try Self.plan(judge)
            let store = try SQLiteStore(path: temporaryPath("runs.sqlite"))
            let expected = (plan.requests.count + 49) / 50
            let first = Task { try await BatchRunEngine(store: store, judges: [judge]).run(plan) }
            let deadline = Date().addingTimeInterval(10)
            while try await store.batches(ofRun: plan.id).count < expected, Date() < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            first.cancel()
            _ = await first.result
            let stored = try await store.batches(ofRun: plan.id)
            #expect(stored.count == expected)
            #expect(stored.allSatisfy { $0.status == .submitted }, "stopped before any batch ended")
            #expect(try await store.judgments(forKeys: plan.judgmentKeys).isEmpty)

            try await BatchRunEngine(store: store, judges: [judge]).run(plan)
            let judgments = try await RunEngine(store: store, judges: [judge]).run(plan)
            #expect(plan.judgmentKeys.allSatisfy { judgments[$0]?.verdict != nil })
            let lines = try Self.logLines(log)
            #expect(Self.batchCreations(lines) == expected, "no batch submitted again")
            let items = lines.compactMap { $0["custom_id"]?.stringValue }
            #expect(items.count == plan.requests.count)
            #expect(Set(items).count == items.count, "no item answered twice")
            #expect(Self.synchronousCalls(lines) == 0)
        }
    }

    /// Ctrl-C while batches are pending: polling stops at once, the batches stay stored as
    /// submitted, and the run engine afterwards asks nothing and ends the run `interrupted`.
    @Test func anInterruptionStopsPollingAndLeavesTheBatchesForTheNextRun() async throws {
        let log = temporaryPath("requests.jsonl")
        try await withServer(Self.configuration(log: log, delay: 60)) { server in
            let judge = Self.judge(server, provider: .openAI, perBatch: 50)
            let plan = try Self.plan(judge)
            let store = try SQLiteStore(path: temporaryPath("runs.sqlite"))
            let interruption = RunInterruption()
            let batching = Task { try await BatchRunEngine(store: store, judges: [judge], interruption: interruption).run(plan) }
            let deadline = Date().addingTimeInterval(10)
            while try await store.batches(ofRun: plan.id).isEmpty, Date() < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            interruption.request()
            // Were polling not stopped, it would give up after the judge's 30 s and throw, the
            // batch taking 60 s.
            #expect(try await batching.value == 0)
            let stored = try await store.batches(ofRun: plan.id)
            #expect(!stored.isEmpty)
            #expect(stored.allSatisfy { $0.status == .submitted })
            let judgments = try await RunEngine(store: store, judges: [judge], interruption: interruption).run(plan)
            #expect(judgments.isEmpty)
            #expect(try await store.run(plan.id)?.status == .interrupted)
            #expect(Self.synchronousCalls(try Self.logLines(log)) == 0)
        }
    }

    /// Without `--batch` only judges configured `batch: true` submit batches; a stored batch of
    /// the run is polled all the same, so what it holds is not paid for twice.
    @Test func withoutBatchOnlyPreferringJudgesSubmitButStoredBatchesAreAlwaysPolled() async throws {
        let log = temporaryPath("requests.jsonl")
        try await withServer(Self.configuration(log: log)) { server in
            var judge = Self.judge(server, provider: .openAI, perBatch: 1000)
            let plan = try Self.plan(judge)
            let store = try SQLiteStore(path: temporaryPath("runs.sqlite"))
            #expect(try await BatchRunEngine(store: store, judges: [judge], allJudges: false).run(plan) == 0)
            #expect(Self.batchCreations(try Self.logLines(log)) == 0)

            judge.prefersBatch = true
            // Submitted, then stopped before it is collected, as by a kill.
            try await judge.submitBatches(plan.requests.map { (BatchRunEngine.customID($0), $0.request) }) { id, customIDs in
                try await store.saveBatch(ProviderBatchRecord(
                    id: id, provider: judge.batchProvider, judge: judge.descriptor.name, run: plan.id,
                    items: Dictionary(uniqueKeysWithValues: plan.requests.map { (BatchRunEngine.customID($0), $0.judgmentKeys) })))
            }
            judge.prefersBatch = false
            #expect(try await BatchRunEngine(store: store, judges: [judge], allJudges: false).run(plan) == plan.judgmentKeys.count)
            #expect(Self.batchCreations(try Self.logLines(log)) == 1)
            #expect(try await store.batches(ofRun: plan.id).allSatisfy { $0.status == .collected })
        }
    }

    /// A stored batch the provider does not know (404) answers nothing; its requests are asked
    /// one by one instead of failing every re-run.
    @Test func aStoredBatchTheProviderDoesNotKnowLeavesItsRequestsToTheSynchronousPath() async throws {
        let log = temporaryPath("requests.jsonl")
        try await withServer(Self.configuration(log: log)) { server in
            let judge = Self.judge(server, provider: .anthropic, perBatch: 1000)
            let plan = try Self.plan(judge)
            let store = try SQLiteStore(path: temporaryPath("runs.sqlite"))
            try await store.saveBatch(ProviderBatchRecord(
                id: "msgbatch_unknown", provider: "anthropic", judge: judge.descriptor.name, run: plan.id,
                items: Dictionary(uniqueKeysWithValues: plan.requests.map { (BatchRunEngine.customID($0), $0.judgmentKeys) })))
            #expect(try await BatchRunEngine(store: store, judges: [judge]).run(plan) == 0)
            #expect(try await store.batches(ofRun: plan.id).map(\.status) == [.collected])
            let judgments = try await RunEngine(store: store, judges: [judge]).run(plan)
            #expect(plan.judgmentKeys.allSatisfy { judgments[$0]?.verdict != nil })
            let lines = try Self.logLines(log)
            #expect(Self.batchCreations(lines) == 0)
            #expect(Self.synchronousCalls(lines) == plan.requests.count)
        }
    }

    /// Two runs of one plan at once (two store connections, as two processes): the questions one
    /// claimed and submitted are neither submitted again nor asked one by one by the other.
    @Test func twoBatchRunsOfOnePlanAtOnceSubmitEachQuestionOnce() async throws {
        let log = temporaryPath("requests.jsonl")
        let path = temporaryPath("runs.sqlite")
        try await withServer(Self.configuration(log: log, delay: 0.5)) { server in
            let judge = Self.judge(server, provider: .openAI, perBatch: 20)
            let plan = try Self.plan(judge)
            let stores = [try SQLiteStore(path: path), try SQLiteStore(path: path)]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for store in stores {
                    group.addTask {
                        try await BatchRunEngine(store: store, judges: [judge]).run(plan)
                        let judgments = try await RunEngine(store: store, judges: [judge]).run(plan)
                        #expect(plan.judgmentKeys.allSatisfy { judgments[$0]?.verdict != nil })
                    }
                }
                try await group.waitForAll()
            }
            let lines = try Self.logLines(log)
            #expect(Self.batchCreations(lines) == (plan.requests.count + 19) / 20)
            let items = lines.compactMap { $0["custom_id"]?.stringValue }
            #expect(items.count == plan.requests.count)
            #expect(Set(items).count == items.count, "no item submitted twice")
            #expect(Self.synchronousCalls(lines) == 0)
        }
    }

    /// Items of an expired batch are asked one by one, never submitted again.
    @Test func itemsOfAnExpiredBatchAreAskedSynchronously() async throws {
        let log = temporaryPath("requests.jsonl")
        try await withServer(Self.configuration(log: log, faults: BatchFaultRates([.expired: 1]))) { server in
            let judge = Self.judge(server, provider: .openAI, perBatch: 1000)
            let plan = try Self.plan(judge)
            let store = try SQLiteStore(path: temporaryPath("runs.sqlite"))
            #expect(try await BatchRunEngine(store: store, judges: [judge]).run(plan) == 0)
            #expect(try await BatchRunEngine(store: store, judges: [judge]).run(plan) == 0)
            let judgments = try await RunEngine(store: store, judges: [judge]).run(plan)
            #expect(plan.judgmentKeys.allSatisfy { judgments[$0]?.verdict != nil })
            let lines = try Self.logLines(log)
            #expect(Self.batchCreations(lines) == 1)
            #expect(Self.synchronousCalls(lines) == plan.requests.count)
        }
    }

    func withServer(_ configuration: SimulatorConfiguration, _ body: (SimulatorServer) async throws -> Void) async throws {
        let server = try await SimulatorServer.start(configuration, threads: 1)
        do {
            try await body(server)
            try await server.shutdown()
        } catch {
            try? await server.shutdown()
            throw error
        }
    }
}
