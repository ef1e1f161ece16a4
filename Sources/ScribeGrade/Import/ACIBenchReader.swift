import Foundation

/// Reads ACI-Bench CSV files (`dataset, encounter_id, dialogue, note`): the dialogues as
/// encounters, and the `note` column as notes — the reference notes of `valid.csv` and
/// `clinicalnlp_taskB_test1.csv`, or a system's notes in the `*_test1_full.csv` files.
public enum ACIBenchReader {
    public static let columns = ["encounter_id", "dialogue", "note"]

    /// One CSV record with the file line its dialogue starts on.
    public struct Record: Sendable {
        public var encounter: String
        public var dataset: String?
        public var dialogue: String
        public var note: String
        public var line: Int
        public var dialogueLine: Int
    }

    public static func records(from table: CSVTable, columns required: [String] = columns) throws -> [Record] {
        try table.require(columns: required)
        let dialogueIndex = table.header.firstIndex(of: "dialogue")
        var records: [Record] = []
        var seen: [String: Int] = [:]
        var diagnostics: [Diagnostic] = []
        for row in table.rows {
            let location = SourceLocation(file: table.path, line: row.line)
            let id = (row["encounter_id"] ?? "").trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty else {
                diagnostics.append(.error("encounter_id is empty", at: location)); continue
            }
            if let first = seen[id] {
                diagnostics.append(.error("encounter \(id) appears twice (first on line \(first))", at: location)); continue
            }
            seen[id] = row.line
            let before = dialogueIndex.map { row.fields.prefix($0).reduce(0) { $0 + $1.filter { $0 == "\n" }.count } } ?? 0
            records.append(Record(
                encounter: id, dataset: row["dataset"], dialogue: row["dialogue"] ?? "", note: row["note"] ?? "",
                line: row.line, dialogueLine: row.line + before))
        }
        guard diagnostics.isEmpty else { throw InputError(diagnostics) }
        return records
    }

    /// The dialogues of the file as encounters, in file order.
    public static func encounters(from table: CSVTable) throws -> [Encounter] {
        var encounters: [Encounter] = []
        var diagnostics: [Diagnostic] = []
        for record in try records(from: table, columns: ["encounter_id", "dialogue"]) {
            do {
                encounters.append(try DialogueTranscriptParser.parse(record.dialogue, id: record.encounter, path: table.path, firstLine: record.dialogueLine))
            } catch let error as InputError {
                diagnostics += error.diagnostics
            }
        }
        guard diagnostics.isEmpty else { throw InputError(diagnostics) }
        return encounters
    }

    /// The `note` column as notes of `system`, in file order. An empty note is an error.
    public static func notes(from table: CSVTable, system: String) throws -> [Note] {
        var notes: [Note] = []
        var diagnostics: [Diagnostic] = []
        for record in try records(from: table, columns: ["encounter_id", "note"]) {
            let text = NoteText.tidy(record.note)
            guard !text.isEmpty else {
                diagnostics.append(.error("note of encounter \(record.encounter) is empty", at: SourceLocation(file: table.path, line: record.line)))
                continue
            }
            notes.append(Note(system: system, encounter: record.encounter, text: text, source: SourceLocation(file: table.path, line: record.line)))
        }
        guard diagnostics.isEmpty else { throw InputError(diagnostics) }
        return notes
    }
}
