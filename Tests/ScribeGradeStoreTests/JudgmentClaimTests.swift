import Foundation
import GRDB
import Testing
@testable import ScribeGrade
@testable import ScribeGradeStore

/// A judge that answers `met` after a pause and counts its calls, shared by several engines.
final class SlowCountingJudge: Judge, @unchecked Sendable {
    private let lock = NSLock()
    private var asked: [String] = []

    var descriptor: JudgeDescriptor {
        JudgeDescriptor(name: "slow-counting", kind: .replay, readsTranscript: false)
    }

    var calls: [String] { lock.withLock { asked } }

    func judge(_ request: JudgeRequest) async throws -> JudgeResponse {
        let id = request.criteria[0].id
        lock.withLock { asked.append("\(request.note.system)/\(id)") }
        try await Task.sleep(for: .milliseconds(5))
        return JudgeResponse(results: [id: CriterionResult(verdict: .met)])
    }
}

/// What a stored verdict withstands: a failure or a second answer saved over it, and a second
/// run of the same questions on the same file.
@Suite struct JudgmentClaimTests {
    static func judgment(_ key: String, verdict: Verdict?, failure: String? = nil, cost: Double = 0) -> Judgment {
        Judgment(
            key: key, system: "A", encounter: "e", rubric: "r", rubricVersion: 1, criterion: "c", judge: "j", sample: 0,
            verdict: verdict, failure: verdict == nil ? failure ?? "HTTP 500 after 3 attempts" : nil, cost: cost)
    }

    @Test func aFailureSavedOverAVerdictKeepsTheVerdict() async throws {
        let store = try SQLiteStore(path: temporaryStorePath())
        try await store.save([Self.judgment("k", verdict: .met)])
        try await store.save([Self.judgment("k", verdict: nil)])
        let stored = try #require(try await store.judgments(forKeys: ["k"])["k"])
        #expect(stored.verdict == .met)
        #expect(stored.failure == nil)
        #expect(try await store.judgmentCount() == 1)
    }

    @Test func aSecondVerdictIsKeptAsARepeatAndTheFirstAnswerWins() async throws {
        let store = try SQLiteStore(path: temporaryStorePath())
        try await store.save([Self.judgment("k", verdict: .met, cost: 0.01)])
        try await store.save([Self.judgment("k", verdict: .notMet, cost: 0.02)])
        #expect(try await store.judgments(forKeys: ["k"])["k"]?.verdict == .met)
        #expect(try await store.judgmentCount() == 1)
        let repeats = try await store.repeats()
        #expect(repeats.map(\.verdict) == [.notMet])
        #expect(repeats.map(\.cost) == [0.02], "the second answer, paid for, is kept")
    }

    @Test func aFailureInAGroupCommitDoesNotReplaceAVerdictCommittedWithIt() async throws {
        let store = try SQLiteStore(path: temporaryStorePath())
        // Saves arriving together share one transaction; order inside it must not matter.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<50 {
                group.addTask { try await store.save([Self.judgment("k\(index)", verdict: .met)]) }
            }
            try await group.waitForAll()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<50 {
                group.addTask { try await store.save([Self.judgment("k\(index)", verdict: nil)]) }
            }
            try await group.waitForAll()
        }
        let stored = try await store.judgments(forKeys: (0..<50).map { "k\($0)" })
        #expect(stored.values.allSatisfy { $0.verdict == .met })
        #expect(stored.count == 50)
    }

    @Test func aQuestionClaimedByOneRunIsHeldFromAnotherUntilItsAnswerIsSaved() async throws {
        let path = temporaryStorePath()
        let first = try SQLiteStore(path: path)
        let second = try SQLiteStore(path: path)
        #expect(try await first.claim([["k1", "k2"], ["k3"]], for: "run-a", lease: .seconds(3600)) == [.claimed, .claimed])
        #expect(try await second.claim([["k2"], ["k3", "k4"], ["k5"]], for: "run-b", lease: .seconds(3600)) == [.heldElsewhere, .heldElsewhere, .claimed])
        // Claiming again by the same holder is allowed (a renewal).
        #expect(try await first.claim([["k1"]], for: "run-a", lease: .seconds(3600)) == [.claimed])

        try await first.save([Self.judgment("k1", verdict: .met), Self.judgment("k2", verdict: .notMet)], releasingClaimsOf: "run-a")
        #expect(try await second.claim([["k1", "k2"]], for: "run-b", lease: .seconds(3600)) == [.answered])
        #expect(try await first.claims().map(\.key) == ["k3", "k5"])

        try await first.releaseClaims(["k3"], of: "run-a")
        #expect(try await second.claim([["k3"]], for: "run-b", lease: .seconds(3600)) == [.claimed])
    }

    @Test func anExpiredClaimIsTakenOverAndARenewedOneIsNot() async throws {
        let path = temporaryStorePath()
        let first = try SQLiteStore(path: path)
        let second = try SQLiteStore(path: path)
        #expect(try await first.claim([["k1"]], for: "run-a", lease: .milliseconds(1)) == [.claimed])
        #expect(try await first.claim([["k2"]], for: "run-a", lease: .milliseconds(1)) == [.claimed])
        try await first.renewClaims(of: "run-a", lease: .seconds(3600))
        #expect(try await second.claim([["k1"]], for: "run-b", lease: .seconds(3600)) == [.heldElsewhere])

        #expect(try await first.claim([["k3"]], for: "run-a", lease: .milliseconds(1)) == [.claimed])
        try await Task.sleep(for: .milliseconds(20))
        #expect(try await second.claim([["k3"]], for: "run-b", lease: .seconds(3600)) == [.claimed])
    }

    @Test func aClaimOfAProcessThatDiedIsTakenOverAtOnce() async throws {
        let path = temporaryStorePath()
        let store = try SQLiteStore(path: path)
        // A real process that has exited (and been reaped): its pid names no live process.
        let dead = Process()
        dead.executableURL = URL(fileURLWithPath: "/bin/true")
        try dead.run()
        dead.waitUntilExit()
        let deadOwner = ClaimOwner(host: ProcessIdentity.host, pid: dead.processIdentifier, started: "1", holder: "run-x").id
        let liveOwner = ClaimOwner(host: ProcessIdentity.host, pid: getppid(), started: ProcessIdentity.stat(of: getppid())?.started ?? "", holder: "run-y").id
        let remoteOwner = ClaimOwner(host: "another-host.example", pid: dead.processIdentifier, started: "1", holder: "run-z").id
        let until = Date().timeIntervalSince1970 + 3600
        try await store.pool.write { db in
            for (key, owner) in [("dead", deadOwner), ("live", liveOwner), ("remote", remoteOwner)] {
                try db.execute(sql: "INSERT INTO judgment_claim (key, claimed_by, claimed_until) VALUES (?, ?, ?)", arguments: [key, owner, until])
            }
        }
        #expect(try await store.claim([["dead"], ["live"], ["remote"]], for: "run-b", lease: .seconds(3600)) == [.claimed, .heldElsewhere, .heldElsewhere])
    }

    @Test func processesOpeningOneNewFileAtOnceAllOpenIt() async throws {
        // Two `grade` processes started together on a new store both migrate it.
        for _ in 0..<5 {
            let path = temporaryStorePath()
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<6 {
                    group.addTask { _ = try await SQLiteStore(path: path).judgmentCount() }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test func twoRunsOfOnePlanOnOneFileAskEachQuestionOnceAndBothReturnEveryAnswer() async throws {
        let path = temporaryStorePath()
        let judge = SlowCountingJudge()
        let criteria = (0..<40).map { Criterion(id: "c\($0)", text: "criterion \($0)", points: 1) }
        let rubric = Rubric(id: "r1", encounter: "e1", criteria: criteria)
        let notes = ["A", "B", "C"].map { Note(system: $0, encounter: "e1", text: "note \($0)") }
        let plan = try RunPlan.make(rubrics: [rubric], notes: notes, encounters: [:], judges: [judge])
        #expect(plan.judgmentKeys.count == 120)
        // Two stores on one file: two processes as far as SQLite is concerned.
        let engines = [try SQLiteStore(path: path), try SQLiteStore(path: path)].map {
            var engine = RunEngine(store: $0, judges: [judge], concurrency: 4)
            engine.claimRetry = .milliseconds(20)
            return engine
        }
        let results = try await withThrowingTaskGroup(of: [String: Judgment].self) { group in
            for engine in engines { group.addTask { try await engine.run(plan) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let asked = judge.calls
        #expect(asked.count == 120, "each question asked once by the two runs together (\(asked.count) asks)")
        #expect(Set(asked).count == asked.count)
        for result in results {
            #expect(result.count == 120 && result.values.allSatisfy(\.succeeded))
        }
        #expect(try await SQLiteStore(path: path).claims().isEmpty, "every claim ended")
    }
}
