import Foundation
import Testing
import ScribeGrade
import ScribeGradeProviders
import ScribeGradeSimulator
import ScribeGradeStore

/// A run against a server that sustains only a few requests at once (a local llama-server with
/// two slots) with the default concurrency: the judge's requests in flight adapt to the server,
/// so none waits in its queue past the timeout.
@Suite(.serialized) struct AdaptiveConcurrencyRunTests {
    /// One PriMock57 note and its transcript, graded on `count` criteria.
    static func plan(_ judge: any Judge, criteria count: Int) throws -> RunPlan {
        let note = try #require(Corpus.notes.first)
        let rubric = Rubric(
            id: "adaptive", encounter: note.encounter,
            criteria: (1...count).map { Criterion(id: "c\($0)", text: "The note records finding number \($0).", points: 1) })
        return try RunPlan.make(rubrics: [rubric], notes: [note], encounters: Corpus.encounters, judges: [judge])
    }

    @Test("against two slots with concurrency 16 and a 1.5 s timeout, every one of 48 criteria gets a verdict")
    func aJudgeAdaptsToAServerWithTwoSlots() async throws {
        var configuration = SimulatorConfiguration(latencyMs: 300, jitterMs: 30)
        configuration.slots = 2
        let server = try await SimulatorServer.start(configuration, threads: 1)
        do {
            var factory = JudgeFactory(config: nil, environment: [:])
            factory.timeout = 1.5
            let judge = try factory.makeJudge(.openAI(model: "gpt-sim", baseURL: server.baseURL + "/v1"))
            #expect((judge as? LLMJudge)?.settings.concurrency == 16, "the default concurrency")
            let plan = try Self.plan(judge, criteria: 48)
            let store = try SQLiteStore(path: temporaryPath("runs.sqlite"))
            var judgments: [String: Judgment] = [:]
            do {
                judgments = try await RunEngine(store: store, judges: [judge]).run(plan)
            } catch {
                Issue.record("the run ended with \(error)")
            }
            let failures = judgments.values.filter { !$0.succeeded }.map { $0.failure ?? "" }
            #expect(judgments.count == 48 && failures.isEmpty, "\(judgments.count) stored, \(failures.count) failed: \(Set(failures))")
        } catch {
            try? await server.shutdown()
            throw error
        }
        try await server.shutdown()
    }
}
