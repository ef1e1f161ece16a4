import Foundation
import Testing
import ScribeGrade
import ScribeGradeStore

/// Note ratings entered on the review page accumulate under the `review-notes` source: each
/// answer adds to the earlier ones instead of replacing the source as an import does.
@Suite struct ReviewNoteRatingStoreTests {
    static let quality = NoteRatingScale.ordinal(levels: ["1", "2", "3", "4", "5"])

    static func rating(_ system: String, _ rater: String, _ value: Double, dimension: String = "quality") -> NoteRating {
        NoteRating(system: system, encounter: "e1", rater: rater, dimension: dimension, value: value, source: SQLiteStore.reviewSource)
    }

    @Test func reviewRatingsAddUpAndOnlyTheSameRatersSameNoteIsReplaced() async throws {
        let store = try SQLiteStore(path: temporaryStorePath())
        let scales = ["quality": Self.quality]
        try await store.saveReviewNoteRatings([Self.rating("A", "dr-a", 4)], scales: scales)
        try await store.saveReviewNoteRatings([Self.rating("B", "dr-a", 2)], scales: scales)
        try await store.saveReviewNoteRatings([Self.rating("A", "dr-b", 3)], scales: scales)
        try await store.saveReviewNoteRatings([Self.rating("A", "dr-a", 5)], scales: scales)
        let stored = try await store.noteRatings(sources: ["review-notes"])
        #expect(stored.map { "\($0.system)/\($0.rater)=\(Int($0.value))" } == ["A/dr-a=5", "A/dr-b=3", "B/dr-a=2"])
        #expect(try await store.noteRatingScales(sources: ["review-notes"]) == scales)
        let source = try #require(try await store.ratingSources().first { $0.id == "review-notes" })
        #expect(source.level == .note && source.ratings == 3 && source.notes == 2 && source.raters == ["dr-a", "dr-b"])

        // An import stored next to it leaves the review ratings alone, and deleting the review
        // source removes them.
        let file = NoteRatingsFile(
            source: RatingSource(file: "panel.csv", hash: "0123456789abcdef"), scales: scales,
            ratings: [NoteRating(system: "A", encounter: "e1", rater: "dr-c", dimension: "quality", value: 1, source: "panel.csv@0123456789ab")])
        try await store.saveNoteRatings(file)
        #expect(try await store.noteRatings(sources: ["review-notes"]).count == 3)
        #expect(try await store.deleteRatings(source: "review-notes") == 3)
        #expect(try await store.noteRatings().map(\.rater) == ["dr-c"])
    }

    @Test func criterionReviewAnswersAndNoteReviewRatingsAreTwoSourcesListedAndDeletedApart() async throws {
        let store = try SQLiteStore(path: temporaryStorePath())
        try await store.saveReviewNoteRatings([Self.rating("A", "dr-a", 4)], scales: ["quality": Self.quality])
        try await store.saveRatings([
            ExpertRating(system: "A", encounter: "e1", rubric: "r1", criterion: "c1", rater: "dr-a", verdict: .met, source: "review"),
            ExpertRating(system: "A", encounter: "e1", rubric: "r1", criterion: "c2", rater: "dr-a", verdict: .met, source: "review"),
        ])
        let sources = Dictionary(uniqueKeysWithValues: try await store.ratingSources().map { ($0.id, $0) })
        #expect(sources["review-notes"]?.level == .note && sources["review-notes"]?.ratings == 1)
        #expect(sources["review"]?.level == .criterion && sources["review"]?.ratings == 2)
        #expect(try await store.deleteRatings(source: "review-notes") == 1)
        #expect(try await store.ratings().count == 2, "the criterion answers stay")
    }

    @Test func aDimensionRatedOnAnotherScaleThanTheReviewSourceDeclaredIsRefusedAndNothingStored() async throws {
        let store = try SQLiteStore(path: temporaryStorePath())
        try await store.saveReviewNoteRatings([Self.rating("A", "dr-a", 4)], scales: ["quality": Self.quality])
        let other = NoteRatingScale.interval(lower: 0, upper: 10)
        await #expect(throws: ReviewScaleConflict(dimension: "quality", stored: Self.quality, given: other)) {
            try await store.saveReviewNoteRatings(
                [Self.rating("B", "dr-a", 0.5, dimension: "omission_rate"), Self.rating("B", "dr-a", 7)],
                scales: ["quality": other, "omission_rate": .interval(lower: 0, upper: 1)])
        }
        #expect(try await store.noteRatings().count == 1)
        #expect(try await store.noteRatingScales() == ["quality": Self.quality])
    }
}
