import Foundation
import Testing
import ScribeGrade
import ScribeGradeStore

/// A judge that answers `met` after a delay, priced per call, and records what it was asked and
/// how many of its calls were in flight at once.
final class ProbeJudge: Judge, @unchecked Sendable {
    let name: String
    let concurrency: Int?
    let delay: Duration
    let price: Double?
    /// Called with the number of calls so far as each call starts.
    let onCall: (@Sendable (Int) -> Void)?
    private let lock = NSLock()
    private var inFlight = 0
    private var peak = 0
    private var asked: [String] = []

    init(_ name: String, concurrency: Int? = nil, delay: Duration = .milliseconds(2), price: Double? = nil,
         onCall: (@Sendable (Int) -> Void)? = nil) {
        self.name = name
        self.concurrency = concurrency
        self.delay = delay
        self.price = price
        self.onCall = onCall
    }

    var descriptor: JudgeDescriptor { JudgeDescriptor(name: name, kind: .replay, readsTranscript: false) }
    var preferredConcurrency: Int? { concurrency }
    var maxInFlight: Int { lock.withLock { peak } }
    var calls: [String] { lock.withLock { asked } }

    func estimate(_ request: JudgeRequest) -> CostEstimate? {
        price.map { CostEstimate(usage: TokenUsage(input: 100, output: 10), cost: $0) }
    }

    func judge(_ request: JudgeRequest) async throws -> JudgeResponse {
        let id = request.criteria[0].id
        let count = lock.withLock {
            inFlight += 1
            peak = max(peak, inFlight)
            asked.append("\(request.note.system)/\(id)/\(request.sample)")
            return asked.count
        }
        onCall?(count)
        defer { lock.withLock { inFlight -= 1 } }
        try await Task.sleep(for: delay)
        return JudgeResponse(results: [id: CriterionResult(verdict: .met)], usage: TokenUsage(input: 100, output: 10), cost: price ?? 0)
    }
}

@Suite struct RunEngineTests {
    static let rubric = Rubric(id: "r1", encounter: "e1", criteria: (1...20).map { Criterion(id: "c\($0)", text: "criterion \($0)", points: 1) })
    static let notes = ["A", "B", "C"].map { Note(system: $0, encounter: "e1", text: "note \($0)") }

    static func plan(_ judges: [any Judge], samples: Int = 1) throws -> RunPlan {
        try RunPlan.make(rubrics: [rubric], notes: notes, encounters: [:], judges: judges, samples: samples)
    }

    static func store() throws -> SQLiteStore { try SQLiteStore(path: temporaryPath("runs.sqlite")) }

    @Test func eachJudgeKeepsItsOwnNumberOfRequestsInFlight() async throws {
        let narrow = ProbeJudge("narrow", concurrency: 2)
        let wide = ProbeJudge("wide", concurrency: 7)
        let plan = try Self.plan([narrow, wide])
        let judgments = try await RunEngine(store: try Self.store(), judges: [narrow, wide]).run(plan)
        #expect(judgments.count == 120)
        #expect(narrow.calls.count == 60 && wide.calls.count == 60)
        #expect(narrow.maxInFlight == 2)
        #expect(wide.maxInFlight == 7)
    }

    @Test func theConcurrencyOptionOverridesEveryJudgesOwn() async throws {
        let narrow = ProbeJudge("narrow", concurrency: 2)
        let wide = ProbeJudge("wide", concurrency: 7)
        let plan = try Self.plan([narrow, wide])
        _ = try await RunEngine(store: try Self.store(), judges: [narrow, wide], concurrency: 4).run(plan)
        #expect(narrow.maxInFlight == 4 && wide.maxInFlight == 4)
    }

    @Test func aBudgetStopsNewCallsAndARerunWithMoreMoneyFinishes() async throws {
        let store = try Self.store()
        let judge = ProbeJudge("priced", concurrency: 4, price: 0.01)
        let plan = try Self.plan([judge])
        let judgments = try await RunEngine(store: store, judges: [judge], maxCost: 0.105).run(plan)
        // 10 calls fit in $0.105; the in-flight estimates keep an 11th from starting.
        #expect(judge.calls.count == 10)
        #expect(judgments.count == 10)
        #expect(try await store.judgmentCount() == 10)
        #expect(try await store.run(plan.id)?.status == .budgetExhausted)

        let more = ProbeJudge("priced", concurrency: 4, price: 0.01)
        _ = try await RunEngine(store: store, judges: [more], maxCost: 1).run(plan)
        #expect(more.calls.count == 50)
        #expect(Set(more.calls).isDisjoint(with: judge.calls))
        #expect(try await store.run(plan.id)?.status == .completed)
    }

    @Test func cancellingARunStoresNoFailuresAndTheRerunAsksOnlyWhatIsMissing() async throws {
        let store = try Self.store()
        let slow = ProbeJudge("slow", concurrency: 4, delay: .milliseconds(20))
        let plan = try Self.plan([slow], samples: 2)
        let task = Task { try await RunEngine(store: store, judges: [slow]).run(plan) }
        while try await store.judgmentCount() < 20 { try await Task.sleep(for: .milliseconds(5)) }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        let stored = try await store.allJudgments()
        #expect(stored.count >= 20 && stored.count < 120)
        #expect(stored.allSatisfy { $0.succeeded }, "answers interrupted by the cancellation are dropped, not stored as failures")
        #expect(try await store.run(plan.id)?.status == .running)

        let rest = ProbeJudge("slow", concurrency: 8, delay: .milliseconds(1))
        let judgments = try await RunEngine(store: store, judges: [rest]).run(plan)
        #expect(rest.calls.count == 120 - stored.count)
        #expect(judgments.count == 120)
        #expect(try await store.judgmentCount() == 120)
        #expect(try await store.run(plan.id)?.status == .completed)
    }

    @Test func aJudgeGivenTwiceIsAnInputErrorNotTwoJudgmentsUnderOneKey() throws {
        #expect {
            _ = try Self.plan([ProbeJudge("same"), ProbeJudge("same")])
        } throws: { error in
            (error as? InputError)?.diagnostics.first?.description.contains("judge 'same' is given twice") == true
        }
    }

    @Test func aRubricGivenTwiceIsAskedOnce() throws {
        let judge = ProbeJudge("once")
        let plan = try RunPlan.make(rubrics: [Self.rubric, Self.rubric], notes: Self.notes, encounters: [:], judges: [judge])
        #expect(plan.judgmentKeys.count == 60)
        #expect(Set(plan.judgmentKeys).count == 60)
    }
}
