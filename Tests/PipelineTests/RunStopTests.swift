import Foundation
import Synchronization
import Testing
import ScribeGrade
import ScribeGradeProviders
import ScribeGradeSimulator
import ScribeGradeStore

/// How a run stops early without losing what it paid for: interrupted (Ctrl-C), it commits
/// the answers in flight; with a judge whose provider is dead, it stops asking that judge and
/// stores nothing for what it did not ask, while the other judges finish.
@Suite struct RunStopTests {
    static let rubric = Rubric(id: "r1", encounter: "e1", criteria: (1...20).map { Criterion(id: "c\($0)", text: "criterion \($0)", points: 1) })
    static let notes = ["A", "B", "C"].map { Note(system: $0, encounter: "e1", text: "note \($0)") }

    @Test func anInterruptionLetsTheRequestsInFlightFinishCommitsTheirAnswersAndEndsTheRunInterrupted() async throws {
        // The stop arrives as the fourth request starts, from inside the judge: a test that polled
        // for it from outside stopped on time only when the machine was idle.
        let interruption = RunInterruption()
        let firstAndSecond = Mutex<[Bool]>([])
        let judge = ProbeJudge("slow", concurrency: 4, delay: .milliseconds(300)) { calls in
            guard calls == 4 else { return }
            let first = interruption.request(), second = interruption.request()
            firstAndSecond.withLock { $0 = [first, second] }
        }
        let plan = try RunPlan.make(rubrics: [Self.rubric], notes: Self.notes, encounters: [:], judges: [judge])
        let store = try SQLiteStore(path: temporaryPath("runs.sqlite"))
        let engine = RunEngine(store: store, judges: [judge], interruption: interruption)
        let returned = try await engine.run(plan)
        #expect(firstAndSecond.withLock { $0 } == [true, false], "the first request to stop is the first; a second is not")

        let asked = judge.calls.count
        #expect(asked >= 4 && asked < plan.judgmentKeys.count)
        let stored = try await store.judgments(forKeys: plan.judgmentKeys)
        #expect(stored.count == asked, "every answer in flight was committed")
        #expect(stored.values.allSatisfy { $0.succeeded })
        #expect(returned.count == asked)
        #expect(try await store.run(plan.id)?.status == .interrupted)

        // Running it again asks only what is missing.
        let rest = try await RunEngine(store: store, judges: [judge]).run(plan)
        #expect(rest.count == plan.judgmentKeys.count)
        #expect(judge.calls.count == plan.judgmentKeys.count)
        #expect(Set(judge.calls).count == judge.calls.count, "nothing asked twice")
        #expect(try await store.run(plan.id)?.status == .completed)
    }

    @Test func aJudgeWhoseProviderAnswersOnly500IsAskedNothingMoreAndTheOtherJudgesFinish() async throws {
        let log = temporaryPath("requests.jsonl")
        let server = try await SimulatorServer.start(
            SimulatorConfiguration(latencyMs: 1, faults: FaultRates([.serverError: 1]), seed: 1, requestLog: log), threads: 1)
        let baseURL = server.baseURL + "/v1"
        let transport = AsyncHTTPClientTransport(connectionsPerHost: 8)
        let dead = LLMJudge(
            settings: LLMJudgeSettings(
                name: "dead", provider: .openAI, baseURL: baseURL,
                parameters: GenerationParameters(model: "gpt-sim"),
                retry: RetryPolicy(maxRetries: 6, baseDelay: 0.005, maxDelay: 0.02), concurrency: 3, unreachableAfter: 4),
            client: OpenAIChatClient(baseURL: baseURL, apiKey: nil), transport: transport)
        let alive = ProbeJudge("alive", concurrency: 2)
        let encounter = Encounter(id: "e1", turns: [Turn(speaker: "Doctor", text: "What brings you in?")])
        let planned = Result { try RunPlan.make(rubrics: [Self.rubric], notes: Self.notes, encounters: ["e1": encounter], judges: [alive, dead]) }
        let opened = Result { try SQLiteStore(path: temporaryPath("runs.sqlite")) }
        guard case let .success(plan) = planned, case let .success(store) = opened else {
            try? await server.shutdown()
            try? await transport.shutdown()
            _ = try planned.get()
            _ = try opened.get()
            return
        }

        var thrown: (any Error)?
        do {
            _ = try await RunEngine(store: store, judges: [alive, dead]).run(plan)
        } catch {
            thrown = error
        }
        try? await server.shutdown()
        do { try await transport.shutdown() } catch { Issue.record("transport shutdown: \(error)") }

        let host = String(server.baseURL.dropFirst("http://".count))
        #expect(thrown as? JudgeUnreachable == JudgeUnreachable(judge: "dead", host: host, failures: 4, lastFailure: "HTTP 500"))
        let requests = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").count
        #expect(requests <= 4 + 3, "the breaker (4) plus the requests in flight when it opened (3): \(requests)")
        let stored = try await store.judgments(forKeys: plan.judgmentKeys)
        #expect(stored.count == plan.judgmentKeys.count / 2, "every judgment of the live judge, none of the dead one")
        #expect(stored.values.allSatisfy { $0.judge == "alive" && $0.succeeded })
        #expect(try await store.run(plan.id)?.status == .incomplete)
    }
}
