import Foundation
import Hummingbird
import ScribeGrade

/// `/api/notes`: a scribe product's notes, one or a batch per request, and reading them back.
///
/// One note: `{"system", "encounter", "note"}`. A batch for one system:
/// `{"system", "notes": [{"encounter", "note"}, …]}`. Every problem of a batch is reported at
/// once, by field; nothing is stored unless all notes are valid. A note replaces the system's
/// earlier note for the encounter.
struct NoteRoutes {
    let backend: Backend

    func register(_ routes: RouteTable) {
        routes.get("/api/notes", .read, list)
        routes.post("/api/notes", .submit, submit)
        routes.get("/api/notes/:system/:encounter", .read, show)
    }

    struct Upload: Decodable {
        struct Item: Decodable {
            let encounter: String?
            let note: String?
        }

        let system: String
        let encounter: String?
        let note: String?
        let notes: [Item]?
    }

    struct Summary: Encodable {
        let system: String
        let encounter: String
        let words: Int

        init(_ note: Note) {
            system = note.system
            encounter = note.encounter
            words = note.text.split(whereSeparator: \.isWhitespace).count
        }
    }

    @Sendable func list(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        struct Body: Encodable { let notes: [Summary] }
        return try JSONResponse.make(Body(notes: try await backend.store.storedNotes(system: request.query("system")).map(Summary.init)))
    }

    @Sendable func show(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        struct Body: Encodable {
            let system: String
            let encounter: String
            let words: Int
            let text: String
        }
        let system = try context.parameter("system")
        let encounter = try context.parameter("encounter")
        guard let note = try await backend.store.storedNote(system: system, encounter: encounter) else {
            throw Problem.notFound("no note of system '\(system)' for encounter '\(encounter)'")
        }
        let summary = Summary(note)
        return try JSONResponse.make(Body(system: note.system, encounter: note.encounter, words: summary.words, text: note.text))
    }

    @Sendable func submit(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        struct Body: Encodable {
            let stored: Int
            let notes: [Summary]
            let warnings: [DiagnosticBody]
        }
        let upload = try await request.decodeJSON(Upload.self, limit: backend.configuration.maxBodyBytes)
        let notes = try Self.validate(upload)
        try await backend.store.saveNotes(notes)
        let encountersWithRubrics = Set(try await backend.store.storedRubrics().map(\.encounter))
        let warnings = Set(notes.map(\.encounter)).subtracting(encountersWithRubrics).sorted().map {
            Diagnostic.warning("no rubric for encounter '\($0)' yet; its notes are graded once one is uploaded", at: SourceLocation(file: "encounter"))
        }
        context.logger.info("notes stored", metadata: ["system": "\(upload.system)", "count": "\(notes.count)"])
        return try JSONResponse.make(
            Body(stored: notes.count, notes: notes.map(Summary.init), warnings: warnings.map(DiagnosticBody.init)), status: .created)
    }

    /// The notes of an upload, or every problem in it.
    static func validate(_ upload: Upload) throws -> [Note] {
        var diagnostics: [Diagnostic] = []
        func problem(_ message: String, _ field: String) { diagnostics.append(.error(message, at: SourceLocation(file: field))) }
        if !Identifier.isValid(upload.system) {
            problem(Identifier.rule, "system")
        }
        var items: [(encounter: String?, note: String?, field: String)] = []
        switch (upload.notes, upload.encounter ?? upload.note) {
        case let (batch?, nil):
            if batch.isEmpty { problem("a batch needs at least one note", "notes") }
            guard batch.count <= RequestLimits.notesPerBatch else {
                problem("a batch holds at most \(RequestLimits.notesPerBatch) notes, not \(batch.count); send them in several batches", "notes")
                break
            }
            items = batch.enumerated().map { ($1.encounter, $1.note, "notes[\($0)]") }
        case (nil, _):
            items = [(upload.encounter, upload.note, "")]
        case (.some, .some):
            problem("send either encounter and note, or notes, not both", "notes")
        }
        var seen: [String: String] = [:]
        var notes: [Note] = []
        for item in items {
            let prefix = item.field.isEmpty ? "" : item.field + "."
            guard let encounter = item.encounter else { problem("is required", prefix + "encounter"); continue }
            guard Identifier.isValid(encounter) else {
                problem(Identifier.rule, prefix + "encounter")
                continue
            }
            guard let text = item.note, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                problem("is required and must not be empty", prefix + "note")
                continue
            }
            if let first = seen[encounter] {
                problem("a second note for encounter '\(encounter)' (first at \(first))", prefix + "encounter")
                continue
            }
            seen[encounter] = item.field.isEmpty ? "encounter" : item.field
            notes.append(Note(system: upload.system, encounter: encounter, text: text))
        }
        guard diagnostics.isEmpty else { throw InputError(diagnostics) }
        return notes
    }
}
