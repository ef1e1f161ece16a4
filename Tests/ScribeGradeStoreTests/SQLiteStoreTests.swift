import Foundation
import GRDB
import Testing
@testable import ScribeGrade
@testable import ScribeGradeStore

/// A judge that counts its calls, answers `met` for criteria whose id starts with "m", and can be
/// told to fail some criteria.
final class CountingJudge: Judge, @unchecked Sendable {
    private let lock = NSLock()
    private var asked: [String] = []
    let failing: Set<String>

    init(failing: Set<String> = []) {
        self.failing = failing
    }

    var descriptor: JudgeDescriptor {
        JudgeDescriptor(name: "counting", kind: .replay, readsTranscript: false)
    }

    var calls: [String] { lock.withLock { asked } }

    func judge(_ request: JudgeRequest) async throws -> JudgeResponse {
        let id = request.criteria[0].id
        lock.withLock { asked.append("\(request.note.system)/\(id)") }
        if failing.contains(id) { throw JudgeFailure("HTTP 500 after 3 attempts", attempts: 3) }
        return JudgeResponse(results: [id: CriterionResult(verdict: id.hasPrefix("m") ? .met : .notMet)], usage: TokenUsage(input: 10, output: 2))
    }
}

func temporaryStorePath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)/runs.sqlite").path
}

@Suite struct SQLiteStoreTests {
    let rubric = Rubric(id: "r1", encounter: "e1", criteria: [
        Criterion(id: "m1", text: "a", points: 2),
        Criterion(id: "n1", text: "b", points: 1),
        Criterion(id: "m2", text: "c", points: 1),
    ])
    let notes = [Note(system: "A", encounter: "e1", text: "note a"), Note(system: "B", encounter: "e1", text: "note b")]

    @Test func databaseIsARealSQLiteFileInWALMode() async throws {
        let path = temporaryStorePath()
        let store = try SQLiteStore(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        let mode = try await store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test func judgmentsRoundTripWithEvidenceAndUsage() async throws {
        let store = try SQLiteStore(path: temporaryStorePath())
        let judgment = Judgment(
            key: "k1", system: "A", encounter: "e1", rubric: "r1", rubricVersion: 3, criterion: "c1",
            judge: "openai:gpt", sample: 1, verdict: .met, explanation: "because",
            evidence: Evidence(note: ["q1"], transcript: ["q2"], unsupported: ["q3"]),
            usage: TokenUsage(input: 100, cachedInput: 64, cacheCreation: 0, output: 20), cost: 0.0012,
            latency: 0.25, attempts: 2, model: "gpt", promptHash: "abc", createdAt: Date(timeIntervalSince1970: 1_700_000_000))
        try await store.save([judgment])
        let loaded = try await store.judgments(forKeys: ["k1", "missing"])
        #expect(loaded.count == 1)
        #expect(loaded["k1"] == judgment)
    }

    @Test func savingAKeyAgainReplacesItInsteadOfDuplicating() async throws {
        let store = try SQLiteStore(path: temporaryStorePath())
        let failed = Judgment(key: "k", system: "A", encounter: "e", rubric: "r", rubricVersion: 1, criterion: "c", judge: "j", sample: 0, verdict: nil, failure: "timeout")
        var succeeded = failed
        succeeded.verdict = .notMet
        succeeded.failure = nil
        try await store.save([failed])
        try await store.save([succeeded])
        #expect(try await store.judgmentCount() == 1)
        #expect(try await store.judgments(forKeys: ["k"])["k"]?.verdict == .notMet)
    }

    @Test func concurrentSavesShareCommitsAndEachIsCommittedBeforeItReturns() async throws {
        let path = temporaryStorePath()
        let store = try SQLiteStore(path: path)
        // A second connection to the file sees only what is committed.
        var readOnly = Configuration()
        readOnly.readonly = true
        let reader = try DatabaseQueue(path: path, configuration: readOnly)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<300 {
                group.addTask {
                    let key = "k\(index)"
                    try await store.save([Judgment(key: key, system: "A", encounter: "e", rubric: "r", rubricVersion: 1, criterion: "c\(index)", judge: "j", sample: 0, verdict: .met)])
                    let committed = try await reader.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM judgment WHERE key = ?", arguments: [key]) }
                    #expect(committed == 1, "\(key) is committed when save returns")
                }
            }
            try await group.waitForAll()
        }
        #expect(try await store.judgmentCount() == 300)
        let rounds = store.commits.withLock { $0.rounds }
        #expect(rounds >= 1 && rounds < 300, "saves arriving together share a transaction (\(rounds) transactions)")
    }

    @Test func reRunningAnUnchangedRunAsksNothing() async throws {
        let store = try SQLiteStore(path: temporaryStorePath())
        let judge = CountingJudge()
        let plan = try RunPlan.make(rubrics: [rubric], notes: notes, encounters: [:], judges: [judge])
        let first = try await RunEngine(store: store, judges: [judge]).run(plan)
        #expect(judge.calls.count == 6)
        #expect(first.count == 6)

        let again = CountingJudge()
        let samePlan = try RunPlan.make(rubrics: [rubric], notes: notes, encounters: [:], judges: [again])
        #expect(samePlan.id == plan.id)
        let second = try await RunEngine(store: store, judges: [again]).run(samePlan)
        #expect(again.calls.isEmpty)
        #expect(second.mapValues(\.verdict) == first.mapValues(\.verdict))
        #expect(try await store.run(plan.id)?.status == .completed)
    }

    @Test func failedJudgmentsAreStoredWithReasonAndAskedAgainOnReRun() async throws {
        let store = try SQLiteStore(path: temporaryStorePath())
        let flaky = CountingJudge(failing: ["n1"])
        let plan = try RunPlan.make(rubrics: [rubric], notes: notes, encounters: [:], judges: [flaky])
        let first = try await RunEngine(store: store, judges: [flaky]).run(plan)
        let failures = first.values.filter { !$0.succeeded }
        #expect(failures.count == 2)
        #expect(failures.allSatisfy { $0.failure == "HTTP 500 after 3 attempts" && $0.attempts == 3 })
        #expect(try await store.run(plan.id)?.status == .incomplete)

        let healthy = CountingJudge()
        _ = try await RunEngine(store: store, judges: [healthy]).run(plan)
        #expect(healthy.calls.sorted() == ["A/n1", "B/n1"])
        #expect(try await store.run(plan.id)?.status == .completed)
        #expect(try await store.judgmentCount() == 6)
    }

    @Test func changingACriterionChangesOnlyItsQuestion() async throws {
        let store = try SQLiteStore(path: temporaryStorePath())
        let judge = CountingJudge()
        _ = try await RunEngine(store: store, judges: [judge]).run(
            try RunPlan.make(rubrics: [rubric], notes: notes, encounters: [:], judges: [judge]))
        var edited = rubric
        edited.criteria[1].text = "b, reworded"
        let next = CountingJudge()
        let plan = try RunPlan.make(rubrics: [edited], notes: notes, encounters: [:], judges: [next])
        _ = try await RunEngine(store: store, judges: [next]).run(plan)
        #expect(next.calls.sorted() == ["A/n1", "B/n1"])
    }

    @Test func reportIsRebuiltFromTheStoreAlone() async throws {
        let path = temporaryStorePath()
        let judge = CountingJudge()
        let plan = try RunPlan.make(rubrics: [rubric], notes: notes, encounters: [:], judges: [judge])
        _ = try await RunEngine(store: try SQLiteStore(path: path), judges: [judge]).run(plan)

        let reopened = try SQLiteStore(path: path)
        let record = try #require(try await reopened.run(plan.id))
        let report = GradeReport.build(run: record, judgments: try await reopened.judgments(forKeys: record.judgmentKeys))
        #expect(report.notes.count == 2)
        // m1 (2) + m2 (1) met, n1 (1) not met: 3 / 4 for both systems.
        #expect(report.notes.allSatisfy { $0.score == 0.75 })
        #expect(report.systems.map(\.score) == [0.75, 0.75])
    }
}
