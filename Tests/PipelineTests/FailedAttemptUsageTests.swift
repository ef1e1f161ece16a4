import Foundation
import Testing
import ScribeGrade
import ScribeGradeProviders
import ScribeGradeSimulator
import ScribeGradeStore

/// Every attempt's tokens count: the stored usage of a run equals what the model server billed,
/// also when answers were cut off, failed and were asked again by a later run.
@Suite(.serialized) struct FailedAttemptUsageTests {
    static func judge(_ server: SimulatorServer, reasks: Int = 1) -> LLMJudge {
        let baseURL = server.baseURL + "/v1"
        let settings = LLMJudgeSettings(
            name: "usage-judge", provider: .openAI, baseURL: baseURL,
            parameters: GenerationParameters(model: "gpt-sim", temperature: 0, seed: 7, maxTokens: 300),
            retry: RetryPolicy(maxRetries: 0, maxReasks: reasks, baseDelay: 0.005, maxDelay: 0.02, maxRetryAfter: 0.05),
            timeout: 10, concurrency: 4, prices: Prices(input: 2, cachedInput: 0.5, cacheWrite: 2.5, output: 8))
        return LLMJudge(settings: settings, client: OpenAIChatClient(baseURL: baseURL, apiKey: nil), transport: AsyncHTTPClientTransport.shared)
    }

    /// Three criteria of one rubric, graded on one note.
    static func plan(_ judge: LLMJudge) throws -> RunPlan {
        var rubric = Corpus.rubrics[0]
        rubric.criteria = Array(rubric.criteria.prefix(3))
        let notes = Corpus.notes.filter { $0.encounter == rubric.encounter }.prefix(1)
        return try RunPlan.make(rubrics: [rubric], notes: Array(notes), encounters: Corpus.encounters, judges: [judge])
    }

    static func run(_ behaviour: JudgeBehaviour, store: SQLiteStore) async throws -> SimulatorStatistics {
        var configuration = SimulatorConfiguration()
        configuration.judgeBehaviour = behaviour
        let server = try await SimulatorServer.start(configuration, threads: 1)
        do {
            let judge = Self.judge(server)
            _ = try await RunEngine(store: store, judges: [judge]).run(try plan(judge))
            let stats = server.engine.stats
            try await server.shutdown()
            return stats
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    @Test("a failed run's tokens stay counted when a re-run replaces its failures with verdicts")
    func storedTokensEqualTheServersUsageOverARunAndItsRerun() async throws {
        let path = temporaryPath("runs.sqlite")
        let store = try SQLiteStore(path: path)
        // First run: the model loops, every answer is cut off, the judgments fail.
        let first = try await Self.run(.loops, store: store)
        var stored = try await store.allJudgments()
        #expect(stored.count == 3 && stored.allSatisfy { $0.verdict == nil })
        #expect(stored.reduce(0) { $0 + $1.usage.output } == first.outputTokens)
        let firstCost = stored.reduce(0) { $0 + $1.cost }
        #expect(firstCost > 0)

        // Re-run: the model answers; the verdicts replace the failures.
        let second = try await Self.run(.wellBehaved, store: store)
        stored = try await store.allJudgments()
        #expect(stored.count == 3 && stored.allSatisfy { $0.verdict != nil })
        let usage = stored.reduce(TokenUsage.zero) { $0 + $1.usage }
        #expect(usage.input == first.promptTokens + second.promptTokens)
        #expect(usage.cachedInput == first.cachedTokens + second.cachedTokens)
        #expect(usage.output == first.outputTokens + second.outputTokens)
        #expect(stored.reduce(0) { $0 + $1.cost } > firstCost)
        #expect(stored.reduce(0) { $0 + $1.attempts } == first.requests + second.requests)
    }

    @Test("a judgment failed by a dead connection after a cut-off answer keeps that answer's tokens")
    func aThrownFailureRecordsTheTokensOfEarlierAnswers() async throws {
        let path = temporaryPath("runs.sqlite")
        let store = try SQLiteStore(path: path)
        var configuration = SimulatorConfiguration()
        configuration.judgeBehaviour = .loops
        let server = try await SimulatorServer.start(configuration, threads: 1)
        let baseURL = server.baseURL + "/v1"
        var settings = Self.judge(server).settings
        settings.retry.maxRetries = 1
        // One answer (cut off, so re-asked), then every connection fails.
        let judge = LLMJudge(
            settings: settings, client: OpenAIChatClient(baseURL: baseURL, apiKey: nil),
            transport: OneAnswerTransport())
        var rubric = Corpus.rubrics[0]
        rubric.criteria = Array(rubric.criteria.prefix(1))
        let notes = Corpus.notes.filter { $0.encounter == rubric.encounter }.prefix(1)
        let plan = try RunPlan.make(rubrics: [rubric], notes: Array(notes), encounters: Corpus.encounters, judges: [judge])
        _ = try await RunEngine(store: store, judges: [judge]).run(plan)
        try await server.shutdown()
        let stored = try await store.allJudgments()
        #expect(stored.count == 1)
        #expect(stored.first?.verdict == nil)
        #expect(stored.first?.usage.output == server.engine.stats.outputTokens)
        #expect(stored.first?.usage.input == server.engine.stats.promptTokens)
        #expect((stored.first?.cost ?? 0) > 0)
    }
}

/// Real HTTP for the first exchange, then a connection that fails every time.
final class OneAnswerTransport: HTTPTransport, @unchecked Sendable {
    let lock = NSLock()
    var sent = 0

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let first = lock.withLock { () -> Bool in
            sent += 1
            return sent == 1
        }
        guard first else { throw TransportError.connection("connection reset by peer") }
        return try await AsyncHTTPClientTransport.shared.send(request)
    }

    func shutdown() async throws {}
}
