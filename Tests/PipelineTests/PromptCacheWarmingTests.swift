import Foundation
import Synchronization
import Testing
import ScribeGrade
import ScribeGradeProviders
import ScribeGradeSimulator
import ScribeGradeStore

/// An LLM judge is asked one request of a note before that note's others, so the provider has
/// cached the prefix they share (transcript and note) before they arrive; meanwhile other
/// notes' first requests fill the window. The engine reports requests in flight as they start.
@Suite(.serialized) struct PromptCacheWarmingTests {
    /// An LLM-kind judge that answers after a pause and logs when each note's requests start and end.
    final class LoggingJudge: Judge, Sendable {
        let events = Mutex<[(note: String, start: Bool)]>([])
        var descriptor: JudgeDescriptor { JudgeDescriptor(name: "logging-llm", kind: .llm, readsTranscript: false) }
        var preferredConcurrency: Int? { 8 }
        func estimate(_ request: JudgeRequest) -> CostEstimate? { nil }

        func judge(_ request: JudgeRequest) async throws -> JudgeResponse {
            events.withLock { $0.append((request.note.system, true)) }
            try await Task.sleep(for: .milliseconds(20))
            events.withLock { $0.append((request.note.system, false)) }
            return JudgeResponse(results: [request.criteria[0].id: CriterionResult(verdict: .met)])
        }
    }

    static let rubric = Rubric(id: "r1", encounter: "e1", criteria: (1...12).map { Criterion(id: "c\($0)", text: "criterion \($0)", points: 1) })
    static let notes = ["A", "B", "C"].map { Note(system: $0, encounter: "e1", text: "note \($0)") }

    /// Notes whose second request started before their first answer was back.
    static func notesSentTogether(_ events: [(note: String, start: Bool)]) -> Set<String> {
        var started: [String: Int] = [:]
        var answered: Set<String> = []
        var together: Set<String> = []
        for event in events {
            if event.start {
                started[event.note, default: 0] += 1
                if started[event.note]! > 1, !answered.contains(event.note) { together.insert(event.note) }
            } else {
                answered.insert(event.note)
            }
        }
        return together
    }

    @Test("no note's second request starts before its first answer is back, and the three notes' first requests go together")
    func aNotesFirstRequestGoesAlone() async throws {
        let judge = LoggingJudge()
        let plan = try RunPlan.make(rubrics: [Self.rubric], notes: Self.notes, encounters: [:], judges: [judge])
        let judgments = try await RunEngine(store: try SQLiteStore(path: temporaryPath("runs.sqlite")), judges: [judge]).run(plan)
        #expect(judgments.count == 36)
        let events = judge.events.withLock { $0 }
        #expect(Self.notesSentTogether(events).isEmpty)
        let firstStarts = events.filter(\.start).prefix(3).map(\.note)
        #expect(Set(firstStarts) == ["A", "B", "C"], "the notes' first requests fill the window: \(firstStarts)")
    }

    @Test("without warming, a note's requests go out together (the test above would see it)")
    func withoutWarmingRequestsGoTogether() async throws {
        let judge = LoggingJudge()
        let plan = try RunPlan.make(rubrics: [Self.rubric], notes: Self.notes, encounters: [:], judges: [judge])
        var engine = RunEngine(store: try SQLiteStore(path: temporaryPath("runs.sqlite")), judges: [judge])
        engine.warmsPromptCache = false
        _ = try await engine.run(plan)
        #expect(!Self.notesSentTogether(judge.events.withLock { $0 }).isEmpty)
    }

    @Test("the engine reports requests in flight before any answer is back")
    func progressReportsRequestsInFlightBeforeAnyCompletion() async throws {
        let judge = LoggingJudge()
        let plan = try RunPlan.make(rubrics: [Self.rubric], notes: Self.notes, encounters: [:], judges: [judge])
        let reports = Mutex<[RunProgress]>([])
        let engine = RunEngine(store: try SQLiteStore(path: temporaryPath("runs.sqlite")), judges: [judge]) { progress in
            reports.withLock { $0.append(progress) }
        }
        _ = try await engine.run(plan)
        let seen = reports.withLock { $0 }
        #expect(seen.contains { $0.done == 0 && $0.inFlight > 0 }, "a report with requests in flight and nothing done")
        #expect(seen.last?.inFlight == 0 && seen.last?.done == 36)
    }

    /// Requests of a one-note run whose answer had no cached input, and the cached input tokens,
    /// with the engine warming the cache or not; against the simulator at 100 ms, concurrency 16.
    static func coldRequests(warming: Bool) async throws -> (cold: Int, requests: Int, cached: Int, input: Int) {
        let note = try #require(Corpus.notes.first { $0.encounter == "day1_consultation01" && $0.system == "doctor" })
        let rubric = try #require(Corpus.rubrics.first { $0.encounter == note.encounter })
        let server = try await SimulatorServer.start(SimulatorConfiguration(latencyMs: 100, jitterMs: 10), threads: 1)
        do {
            let baseURL = server.baseURL + "/v1"
            let settings = LLMJudgeSettings(
                name: "openai:gpt-sim", provider: .openAI, baseURL: baseURL,
                parameters: GenerationParameters(model: "gpt-sim", temperature: 0, maxTokens: 512), timeout: 30, concurrency: 16)
            let judge = LLMJudge(settings: settings, client: OpenAIChatClient(baseURL: baseURL, apiKey: nil), transport: AsyncHTTPClientTransport.shared)
            let plan = try RunPlan.make(rubrics: [rubric], notes: [note], encounters: Corpus.encounters, judges: [judge])
            var engine = RunEngine(store: try SQLiteStore(path: temporaryPath("runs.sqlite")), judges: [judge])
            engine.warmsPromptCache = warming
            let usages = try await engine.run(plan).values.map(\.usage)
            try await server.shutdown()
            return (usages.filter { $0.input > 0 && $0.cachedInput == 0 }.count, usages.count,
                    usages.reduce(0) { $0 + $1.cachedInput }, usages.reduce(0) { $0 + $1.input })
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    @Test("one note's first request warms the cache: only it misses, where sent together the whole first wave misses")
    func theFirstWaveOfANoteIsCached() async throws {
        let warmed = try await Self.coldRequests(warming: true)
        let together = try await Self.coldRequests(warming: false)
        print("prompt cache, one note at 100 ms, concurrency 16: warmed \(warmed.cached) of \(warmed.input) input tokens cached (\(warmed.cold) of \(warmed.requests) requests missed); sent together \(together.cached) of \(together.input) (\(together.cold) missed)")
        #expect(warmed.cold == 1, "only the note's first request misses the cache")
        #expect(together.cold > 1, "sent together, the first wave misses")
        #expect(warmed.cached > together.cached)
    }
}
