import Foundation
import GRDB
import ScribeGrade

/// A stored rating source: the file it came from, its level and what it holds.
public struct RatingSourceSummary: Sendable, Hashable, Codable {
    /// ``RatingSource/id``, or for ratings stored before sources were recorded, the `source`
    /// they carry (a file path, or `review`).
    public var id: String
    public var file: String?
    public var hash: String?
    public var level: RatingFileLevel
    public var raters: [String]
    /// Dimensions (note level) with their scales, or nothing (criterion level).
    public var scales: [String: NoteRatingScale]
    public var ratings: Int
    /// Notes rated (system × encounter).
    public var notes: Int
}

extension SQLiteStore {
    static func registerNoteRatingMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6: rating sources and note-level ratings") { db in
            try db.execute(sql: """
                CREATE TABLE rating_source (
                    id TEXT PRIMARY KEY NOT NULL,
                    file TEXT NOT NULL,
                    hash TEXT NOT NULL,
                    level TEXT NOT NULL,
                    created_at DOUBLE NOT NULL
                );
                CREATE TABLE note_rating_scale (
                    source TEXT NOT NULL REFERENCES rating_source(id) ON DELETE CASCADE,
                    dimension TEXT NOT NULL,
                    scale TEXT NOT NULL,
                    PRIMARY KEY (source, dimension)
                );
                CREATE TABLE note_rating (
                    source TEXT NOT NULL REFERENCES rating_source(id) ON DELETE CASCADE,
                    system TEXT NOT NULL,
                    encounter TEXT NOT NULL,
                    rater TEXT NOT NULL,
                    dimension TEXT NOT NULL,
                    value DOUBLE NOT NULL,
                    inclusion_probability DOUBLE,
                    PRIMARY KEY (source, system, encounter, rater, dimension)
                );
                CREATE INDEX expert_rating_source ON expert_rating(source);
                """)
        }
        migrator.registerMigration("v7: inclusion probabilities of criterion-level ratings") { db in
            try db.execute(sql: "ALTER TABLE expert_rating ADD COLUMN inclusion_probability DOUBLE")
        }
    }

    /// Stores a note-level rating file as one source, replacing what an earlier import of the
    /// same content stored.
    public func saveNoteRatings(_ file: NoteRatingsFile) async throws {
        try await writing { db in
            try Self.replaceSource(file.source, level: .note, db)
            for (dimension, scale) in file.scales {
                try db.execute(
                    sql: "INSERT INTO note_rating_scale (source, dimension, scale) VALUES (?, ?, ?)",
                    arguments: [file.source.id, dimension, scale.description])
            }
            let statement = try db.cachedStatement(sql: """
                INSERT INTO note_rating (source, system, encounter, rater, dimension, value, inclusion_probability)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for r in file.ratings {
                try statement.execute(arguments: [file.source.id, r.system, r.encounter, r.rater, r.dimension, r.value, r.inclusionProbability])
            }
        }
    }

    /// Stores criterion-level ratings read from `source` under its id. A rater's new verdict on
    /// an item replaces their earlier one, whichever source it came from.
    public func saveCriterionRatings(_ ratings: [ExpertRating], source: RatingSource) async throws {
        try await writing { db in
            try Self.replaceSource(source, level: .criterion, db)
            let statement = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO expert_rating
                    (system, encounter, rubric, criterion, rater, verdict, source, created_at, inclusion_probability)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let now = Date().timeIntervalSince1970
            for r in ratings {
                try statement.execute(arguments: [
                    r.system, r.encounter, r.rubric ?? "", r.criterion, r.rater, r.verdict.rawValue, source.id, now, r.inclusionProbability])
            }
        }
    }

    static func replaceSource(_ source: RatingSource, level: RatingFileLevel, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM expert_rating WHERE source = ?", arguments: [source.id])
        try db.execute(sql: "DELETE FROM rating_source WHERE id = ?", arguments: [source.id])
        try db.execute(
            sql: "INSERT INTO rating_source (id, file, hash, level, created_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [source.id, source.file, source.hash, level.rawValue, Date().timeIntervalSince1970])
    }

    /// The stored note-level ratings of the sources named (all when `nil`), in source, note,
    /// dimension and rater order.
    public func noteRatings(sources: [String]? = nil) async throws -> [NoteRating] {
        try await reading { db in
            try Row.fetchAll(db, sql: "SELECT * FROM note_rating ORDER BY source, system, encounter, dimension, rater")
                .filter { row in sources.map { $0.contains(row["source"] as String) } ?? true }
                .map { row in
                    NoteRating(
                        system: row["system"], encounter: row["encounter"], rater: row["rater"], dimension: row["dimension"],
                        value: row["value"], inclusionProbability: row["inclusion_probability"], source: row["source"])
                }
        }
    }

    /// The declared scale of each dimension in the sources named (all when `nil`). A dimension
    /// declared differently by two sources keeps the first source's (by id).
    public func noteRatingScales(sources: [String]? = nil) async throws -> [String: NoteRatingScale] {
        try await reading { db in
            var scales: [String: NoteRatingScale] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM note_rating_scale ORDER BY source, dimension") {
                if let sources, !sources.contains(row["source"] as String) { continue }
                let dimension: String = row["dimension"]
                if scales[dimension] == nil, let scale = try? NoteRatingScale(declaration: row["scale"]) { scales[dimension] = scale }
            }
            return scales
        }
    }

    /// The stored criterion-level ratings of the sources named.
    public func criterionRatings(sources: [String]) async throws -> [ExpertRating] {
        try await ratings().filter { sources.contains($0.source ?? "") }
    }

    /// Every source of stored ratings, note and criterion level, in id order.
    public func ratingSources() async throws -> [RatingSourceSummary] {
        try await reading { db in
            var summaries: [String: RatingSourceSummary] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM rating_source") {
                let id: String = row["id"]
                summaries[id] = RatingSourceSummary(
                    id: id, file: row["file"], hash: row["hash"], level: RatingFileLevel(rawValue: row["level"]) ?? .criterion,
                    raters: [], scales: [:], ratings: 0, notes: 0)
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT source, COUNT(*) AS n, COUNT(DISTINCT system || char(31) || encounter) AS notes,
                       GROUP_CONCAT(DISTINCT rater) AS raters
                FROM expert_rating GROUP BY source
                """) {
                let id: String = row["source"] ?? ""
                var summary = summaries[id] ?? RatingSourceSummary(
                    id: id, file: nil, hash: nil, level: .criterion, raters: [], scales: [:], ratings: 0, notes: 0)
                summary.ratings = row["n"]
                summary.notes = row["notes"]
                summary.raters = Self.names(row["raters"])
                summaries[id] = summary
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT source, COUNT(*) AS n, COUNT(DISTINCT system || char(31) || encounter) AS notes,
                       GROUP_CONCAT(DISTINCT rater) AS raters
                FROM note_rating GROUP BY source
                """) {
                let id: String = row["source"]
                summaries[id]?.ratings = row["n"]
                summaries[id]?.notes = row["notes"]
                summaries[id]?.raters = Self.names(row["raters"])
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM note_rating_scale") {
                let id: String = row["source"]
                if let scale = try? NoteRatingScale(declaration: row["scale"]) { summaries[id]?.scales[row["dimension"]] = scale }
            }
            return summaries.values.sorted { $0.id < $1.id }
        }
    }

    private static func names(_ list: String?) -> [String] {
        (list ?? "").split(separator: ",").map(String.init).sorted()
    }

    /// Removes every rating of the source `id`; returns how many ratings went (0 when there
    /// is no such source).
    @discardableResult
    public func deleteRatings(source id: String) async throws -> Int {
        try await writing { db in
            let notes = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM note_rating WHERE source = ?", arguments: [id]) ?? 0
            try db.execute(sql: "DELETE FROM expert_rating WHERE source = ?", arguments: [id])
            let criteria = db.changesCount
            try db.execute(sql: "DELETE FROM rating_source WHERE id = ?", arguments: [id])
            return notes + criteria
        }
    }
}
