import Foundation
import GRDB
import ScribeGrade

/// The inputs the grading service receives: rubric files, transcripts and notes. The CLI reads
/// these from folders; the service keeps them here so that runs can be planned from them.
extension SQLiteStore {
    static func registerDocumentMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4: uploaded rubrics, transcripts and notes") { db in
            try db.execute(sql: """
                CREATE TABLE rubric_document (
                    path TEXT PRIMARY KEY NOT NULL,
                    rubric_id TEXT UNIQUE,
                    encounter TEXT,
                    yaml TEXT NOT NULL,
                    rubric BLOB,
                    updated_at DOUBLE NOT NULL
                );
                CREATE TABLE transcript (
                    encounter TEXT PRIMARY KEY NOT NULL,
                    record BLOB NOT NULL,
                    updated_at DOUBLE NOT NULL
                );
                CREATE TABLE note (
                    system TEXT NOT NULL,
                    encounter TEXT NOT NULL,
                    text TEXT NOT NULL,
                    updated_at DOUBLE NOT NULL,
                    PRIMARY KEY (system, encounter)
                );
                CREATE TABLE run_note (
                    run TEXT NOT NULL,
                    system TEXT NOT NULL,
                    encounter TEXT NOT NULL,
                    text TEXT NOT NULL,
                    PRIMARY KEY (run, system, encounter)
                );
                """)
        }
    }

    // MARK: - Rubrics

    /// Stores a rubric file, replacing the file at the same path.
    public func saveRubricDocument(_ document: RubricDocument) async throws {
        let blob = try document.rubric.map { try JSONEncoder().encode($0) }
        try await writing { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO rubric_document (path, rubric_id, encounter, yaml, rubric, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [document.path, document.rubric?.id, document.rubric?.encounter, document.yaml, blob, document.updatedAt.timeIntervalSince1970])
        }
    }

    /// Every stored rubric file (rubrics and fragments), by path.
    public func rubricDocuments() async throws -> [RubricDocument] {
        try await reading { db in
            try Row.fetchAll(db, sql: "SELECT * FROM rubric_document ORDER BY path").map(Self.rubricDocument)
        }
    }

    /// The stored rubric file whose rubric has this id.
    public func rubricDocument(id: String) async throws -> RubricDocument? {
        try await reading { db in
            try Row.fetchOne(db, sql: "SELECT * FROM rubric_document WHERE rubric_id = ?", arguments: [id]).map(Self.rubricDocument)
        }
    }

    /// The stored rubrics (fragments left out), by id.
    public func storedRubrics() async throws -> [Rubric] {
        try await rubricDocuments().compactMap(\.rubric).sorted { $0.id < $1.id }
    }

    static func rubricDocument(_ row: Row) throws -> RubricDocument {
        let blob: Data? = row["rubric"]
        return RubricDocument(
            path: row["path"], yaml: row["yaml"], rubric: try blob.map { try JSONDecoder().decode(Rubric.self, from: $0) },
            updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }

    // MARK: - Transcripts

    /// Stores transcripts, replacing any earlier one of the same encounter.
    public func saveEncounters(_ encounters: [Encounter]) async throws {
        guard !encounters.isEmpty else { return }
        let encoder = JSONEncoder()
        let rows = try encounters.map { ($0.id, try encoder.encode($0)) }
        let now = Date().timeIntervalSince1970
        try await writing { db in
            for (id, blob) in rows {
                try db.execute(sql: "INSERT OR REPLACE INTO transcript (encounter, record, updated_at) VALUES (?, ?, ?)", arguments: [id, blob, now])
            }
        }
    }

    /// Every stored transcript, by encounter id.
    public func storedEncounters() async throws -> [Encounter] {
        try await reading { db in
            try Row.fetchAll(db, sql: "SELECT record FROM transcript ORDER BY encounter").map(Self.encounter)
        }
    }

    /// The stored transcript of one encounter.
    public func storedEncounter(_ id: String) async throws -> Encounter? {
        try await reading { db in
            try Row.fetchOne(db, sql: "SELECT record FROM transcript WHERE encounter = ?", arguments: [id]).map(Self.encounter)
        }
    }

    static func encounter(_ row: Row) throws -> Encounter {
        try JSONDecoder().decode(Encounter.self, from: row["record"] as Data)
    }

    // MARK: - Notes

    /// Stores notes, replacing any earlier note of the same system and encounter.
    public func saveNotes(_ notes: [Note]) async throws {
        guard !notes.isEmpty else { return }
        let now = Date().timeIntervalSince1970
        try await writing { db in
            let statement = try db.cachedStatement(sql: "INSERT OR REPLACE INTO note (system, encounter, text, updated_at) VALUES (?, ?, ?, ?)")
            for note in notes {
                try statement.execute(arguments: [note.system, note.encounter, note.text, now])
            }
        }
    }

    /// Stored notes, optionally of one system only, by system and encounter.
    public func storedNotes(system: String? = nil) async throws -> [Note] {
        try await reading { db in
            let rows = try system.map {
                try Row.fetchAll(db, sql: "SELECT system, encounter, text FROM note WHERE system = ? ORDER BY system, encounter", arguments: [$0])
            } ?? Row.fetchAll(db, sql: "SELECT system, encounter, text FROM note ORDER BY system, encounter")
            return rows.map(Self.note)
        }
    }

    /// The stored note of one system for one encounter.
    public func storedNote(system: String, encounter: String) async throws -> Note? {
        try await reading { db in
            try Row.fetchOne(db, sql: "SELECT system, encounter, text FROM note WHERE system = ? AND encounter = ?", arguments: [system, encounter]).map(Self.note)
        }
    }

    static func note(_ row: Row) -> Note {
        Note(system: row["system"], encounter: row["encounter"], text: row["text"])
    }

    // MARK: - Notes as graded by a run

    /// Keeps the text of each note a run grades, so the run's note pages show what the judges
    /// read even if a note is replaced later. A run started again keeps its first texts.
    public func saveRunNotes(run: String, notes: [Note]) async throws {
        guard !notes.isEmpty else { return }
        try await writing { db in
            let statement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO run_note (run, system, encounter, text) VALUES (?, ?, ?, ?)")
            for note in notes {
                try statement.execute(arguments: [run, note.system, note.encounter, note.text])
            }
        }
    }

    /// The note a run graded for one system and encounter, if the run kept it.
    public func runNote(run: String, system: String, encounter: String) async throws -> Note? {
        try await reading { db in
            try Row.fetchOne(db, sql: "SELECT system, encounter, text FROM run_note WHERE run = ? AND system = ? AND encounter = ?", arguments: [run, system, encounter]).map(Self.note)
        }
    }
}
