import Foundation
import Testing
import ScribeGrade
import ScribeGradeStore

/// Criterion-level ratings keep what the corrected leaderboard needs to stay unbiased.
@Suite struct ExpertRatingStoreTests {
    @Test func theInclusionProbabilityOfARatingIsStoredAndReadBack() async throws {
        let store = try SQLiteStore(path: temporaryStorePath())
        let ratings = [
            ExpertRating(system: "A", encounter: "e1", rubric: "r1", criterion: "c1", rater: "x", verdict: .met, inclusionProbability: 0.125),
            ExpertRating(system: "A", encounter: "e1", rubric: "r1", criterion: "c2", rater: "x", verdict: .notMet),
        ]
        let source = RatingSource(file: "r.csv", hash: "abc")
        try await store.saveCriterionRatings(ratings, source: source)
        try await store.saveRatings([ExpertRating(
            system: "B", encounter: "e1", rubric: "r1", criterion: "c1", rater: "y", verdict: .met, source: "review", inclusionProbability: 0.5)])
        let stored = try await store.ratings()
        #expect(stored.map(\.inclusionProbability) == [0.125, nil, 0.5])
        #expect(stored.map(\.source) == [source.id, source.id, "review"])
    }
}
