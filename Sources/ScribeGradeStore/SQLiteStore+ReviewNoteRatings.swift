import Foundation
import GRDB
import ScribeGrade

/// A review rating on a scale other than the one the `review-notes` source already declared for
/// its dimension: storing it would mix two scales under one name.
public struct ReviewScaleConflict: Error, Sendable, Hashable, CustomStringConvertible {
    public var dimension: String
    public var stored: NoteRatingScale
    public var given: NoteRatingScale

    public init(dimension: String, stored: NoteRatingScale, given: NoteRatingScale) {
        self.dimension = dimension
        self.stored = stored
        self.given = given
    }

    public var description: String {
        "dimension '\(dimension)' is declared \(stored) by the review-notes source, not \(given); delete that source's ratings or rate on the declared scale"
    }
}

extension SQLiteStore {
    /// The source of note-level ratings entered on the review page (criterion-level review answers
    /// are `review`: one source holds one level).
    public static let reviewSource = "review-notes"

    /// Adds one reviewer's ratings of notes, entered on the review page, to the `review`
    /// source, keeping every earlier review rating: unlike an import, nothing is replaced but
    /// the same rater's earlier value for the same note and dimension. The source and each
    /// dimension's scale are declared on first use; a rating on a dimension missing from
    /// `scales` is not stored.
    ///
    /// - Throws: ``ReviewScaleConflict`` when the review-notes source declared a dimension on another
    ///   scale; nothing is stored then.
    public func saveReviewNoteRatings(_ ratings: [NoteRating], scales: [String: NoteRatingScale]) async throws {
        try await writing { db in
            let source = Self.reviewSource
            try db.execute(
                sql: "INSERT OR IGNORE INTO rating_source (id, file, hash, level, created_at) VALUES (?, ?, '', ?, ?)",
                arguments: [source, source, RatingFileLevel.note.rawValue, Date().timeIntervalSince1970])
            let kept = ratings.filter { scales[$0.dimension] != nil }
            for dimension in Set(kept.map(\.dimension)).sorted() {
                let scale = scales[dimension]!
                let declared = try String.fetchOne(
                    db, sql: "SELECT scale FROM note_rating_scale WHERE source = ? AND dimension = ?", arguments: [source, dimension])
                if let declared {
                    let stored = try? NoteRatingScale(declaration: declared)
                    if let stored, stored != scale { throw ReviewScaleConflict(dimension: dimension, stored: stored, given: scale) }
                } else {
                    try db.execute(
                        sql: "INSERT INTO note_rating_scale (source, dimension, scale) VALUES (?, ?, ?)",
                        arguments: [source, dimension, scale.description])
                }
            }
            let statement = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO note_rating (source, system, encounter, rater, dimension, value, inclusion_probability)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for r in kept {
                try statement.execute(arguments: [source, r.system, r.encounter, r.rater, r.dimension, r.value, r.inclusionProbability])
            }
        }
    }
}
