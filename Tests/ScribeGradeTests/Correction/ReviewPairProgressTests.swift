import Foundation
import Testing
@testable import ScribeGrade

/// Answers needed per pair: n·(h/|d|)² − n from the current interval, 0 once it excludes 0,
/// unknown without an interval or with no difference, capped at what can still be had.
@Suite struct ReviewPairProgressTests {
    static func difference(_ d: Double, _ ci: [Double]?, items: [Int] = [20, 20]) -> CorrectedDifference {
        CorrectedDifference(difference: d, ci95: ci, method: "test", encounters: 10, expertItems: items,
                            significant: ci.map { $0[0] > 0 || $0[1] < 0 } ?? false, reason: nil)
    }

    @Test func answersNeededScaleWithTheSquaredRatioOfHalfWidthToDifference() {
        // n = 40, h = 0.03, d = 0.02: 40 × 1.5² − 40 = 50 more.
        let open = ReviewPairProgress(a: "A", b: "B", difference: Self.difference(0.02, [-0.01, 0.05]), cap: 1000)
        #expect(open.answersNeeded == 50 && !open.resolved && !open.capped)
        // A negative difference the same; a fraction rounds up: 40 × (0.05/0.03)² − 40 = 71.1 → 72.
        let negative = ReviewPairProgress(a: "A", b: "B", difference: Self.difference(-0.03, [-0.08, 0.02]), cap: 1000)
        #expect(negative.answersNeeded == 72)
        // More than the queue holds: capped.
        let far = ReviewPairProgress(a: "A", b: "B", difference: Self.difference(0.02, [-0.01, 0.05]), cap: 30)
        #expect(far.answersNeeded == 30 && far.capped && !far.resolved)
    }

    @Test func aResolvedPairNeedsNoneAndAnUnknownOneHasNoNumber() {
        let resolved = ReviewPairProgress(a: "A", b: "B", difference: Self.difference(0.1, [0.02, 0.18]), cap: 0)
        #expect(resolved.resolved && resolved.answersNeeded == 0 && !resolved.capped)
        let below = ReviewPairProgress(a: "A", b: "B", difference: Self.difference(-0.1, [-0.18, -0.02]), cap: 10)
        #expect(below.resolved && below.answersNeeded == 0)
        let noInterval = ReviewPairProgress(a: "A", b: "B", difference: Self.difference(0.1, nil, items: [3, 4]), cap: 10)
        #expect(noInterval.answersNeeded == nil && !noInterval.resolved)
        let noDifference = ReviewPairProgress(a: "A", b: "B", difference: Self.difference(0, [-0.05, 0.05]), cap: 10)
        #expect(noDifference.answersNeeded == nil && !noDifference.resolved)
    }

    @Test func aSystemIsDoneWhenEveryPairOfItIsResolved() {
        let resolved = { (a: String, b: String, done: Bool) in
            ReviewPairProgress(a: a, b: b, difference: 0.1, ci95: [0, 1], answersNeeded: done ? 0 : 5, capped: false, resolved: done)
        }
        #expect(ReviewPairProgress.resolvedSystems([resolved("A", "B", true), resolved("A", "C", true), resolved("B", "C", false)]) == ["A"])
        #expect(ReviewPairProgress.resolvedSystems([resolved("A", "B", true)]) == ["A", "B"])
        #expect(ReviewPairProgress.resolvedSystems([resolved("A", "B", false)]).isEmpty)
        #expect(ReviewPairProgress.resolvedSystems([]).isEmpty)
    }

    @Test func theJSONNamesTheContractsFields() throws {
        let pair = ReviewPairProgress(a: "A", b: "B", difference: Self.difference(0.02, [-0.01, 0.05]), cap: 1000)
        let json = String(decoding: try JSONEncoder().encode(pair), as: UTF8.self)
        for key in ["\"a\"", "\"b\"", "\"difference\"", "\"ci95\"", "\"answers_needed\":50", "\"resolved\":false"] {
            #expect(json.contains(key), "\(json)")
        }
        let unknown = ReviewPairProgress(a: "A", b: "B", difference: Self.difference(0.1, nil, items: [3, 4]), cap: 10)
        let text = String(decoding: try JSONEncoder().encode(unknown), as: UTF8.self)
        #expect(text.contains("\"ci95\":null") && text.contains("\"answers_needed\":null"), "\(text)")
    }
}
