import Foundation
import Testing
import ScribeGrade
import ScribeGradeStore

/// A failed judgment's attempts were billed: when a later answer replaces the failure, the
/// stored row keeps their tokens, cost and attempts beside its own.
@Suite struct ReplacedFailureUsageTests {
    static func judgment(_ verdict: Verdict?, usage: TokenUsage, cost: Double, attempts: Int) -> Judgment {
        Judgment(
            key: "k", system: "A", encounter: "e", rubric: "r", rubricVersion: 1, criterion: "c", judge: "j", sample: 0,
            verdict: verdict, failure: verdict == nil ? "answer cut off" : nil, usage: usage, cost: cost, attempts: attempts)
    }

    static func path() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("scribegrade-\(UUID().uuidString).sqlite").path
    }

    @Test("a verdict replacing stored failures adds their tokens, cost and attempts to its own")
    func aReplacedFailureKeepsItsUsage() async throws {
        let store = try SQLiteStore(path: Self.path())
        try await store.save([Self.judgment(nil, usage: TokenUsage(input: 3000, cachedInput: 1024, cacheCreation: 7, output: 1024), cost: 0.01, attempts: 2)])
        try await store.save([Self.judgment(nil, usage: TokenUsage(input: 3000, cachedInput: 2048, cacheCreation: 0, output: 1024), cost: 0.01, attempts: 2)])
        try await store.save([Self.judgment(.met, usage: TokenUsage(input: 3100, cachedInput: 2048, cacheCreation: 0, output: 80), cost: 0.002, attempts: 1)])
        let stored = try #require(try await store.judgments(forKeys: ["k"])["k"])
        #expect(stored.verdict == .met && stored.failure == nil)
        #expect(stored.usage == TokenUsage(input: 9100, cachedInput: 5120, cacheCreation: 7, output: 2128))
        #expect(abs(stored.cost - 0.022) < 1e-12)
        #expect(stored.attempts == 5)
    }

    @Test("an answer after a stored verdict leaves the verdict's row as it was and is kept as a repeat")
    func aVerdictsRowIsNotChangedByLaterAnswers() async throws {
        let store = try SQLiteStore(path: Self.path())
        let verdict = Self.judgment(.met, usage: TokenUsage(input: 3000, output: 80), cost: 0.002, attempts: 1)
        try await store.save([verdict])
        try await store.save([Self.judgment(nil, usage: TokenUsage(input: 3000, output: 1024), cost: 0.01, attempts: 2)])
        let stored = try #require(try await store.judgments(forKeys: ["k"])["k"])
        #expect(stored.usage == verdict.usage && stored.cost == verdict.cost && stored.attempts == 1)
        #expect(try await store.repeats().map(\.usage.output) == [1024])
    }
}
