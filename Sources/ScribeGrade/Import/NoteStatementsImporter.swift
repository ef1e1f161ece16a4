import Foundation

/// Rebuilds PriMock57's two generated notes per consultation from `note_statements.csv`
/// (`consultation, note, line_no, statement, continues_previous, label, criticality`).
///
/// Statements are taken in `line_no` order. A statement with `continues_previous = 1` joins
/// the line above with a space; any other starts a new line. The `note` column (`note1`,
/// `note2`) is the system. The clinicians' `label`s are not part of the note text; they are
/// expert judgments, read by calibration.
public enum NoteStatementsImporter {
    public static let columns = ["consultation", "note", "line_no", "statement", "continues_previous"]

    public static func notes(from table: CSVTable) throws -> [Note] {
        try table.require(columns: columns)
        struct Statement {
            var number: Int
            var text: String
            var continues: Bool
            var line: Int
        }
        var order: [String] = []
        var groups: [String: (consultation: String, system: String, statements: [Statement])] = [:]
        var diagnostics: [Diagnostic] = []
        for row in table.rows {
            let location = SourceLocation(file: table.path, line: row.line)
            let consultation = (row["consultation"] ?? "").trimmingCharacters(in: .whitespaces)
            let system = (row["note"] ?? "").trimmingCharacters(in: .whitespaces)
            guard !consultation.isEmpty, !system.isEmpty else {
                diagnostics.append(.error("consultation and note must not be empty", at: location)); continue
            }
            if let problem = NameRule.problem(fields: ["consultation": consultation, "note": system]) {
                diagnostics.append(.error(problem, at: location)); continue
            }
            guard let number = Int((row["line_no"] ?? "").trimmingCharacters(in: .whitespaces)) else {
                diagnostics.append(.error("line_no must be a whole number", at: location)); continue
            }
            let flag = (row["continues_previous"] ?? "").trimmingCharacters(in: .whitespaces)
            guard flag == "0" || flag == "1" || flag.isEmpty else {
                diagnostics.append(.error("continues_previous must be 0 or 1", at: location)); continue
            }
            let key = "\(system)/\(consultation)"
            if groups[key] == nil {
                order.append(key)
                groups[key] = (consultation, system, [])
            }
            if groups[key]!.statements.contains(where: { $0.number == number }) {
                diagnostics.append(.error("line_no \(number) appears twice in \(system) of \(consultation)", at: location)); continue
            }
            let text = (row["statement"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            groups[key]!.statements.append(Statement(number: number, text: text, continues: flag == "1", line: row.line))
        }
        guard diagnostics.isEmpty else { throw InputError(diagnostics) }
        var notes: [Note] = []
        for key in order {
            let group = groups[key]!
            var lines: [String] = []
            for statement in group.statements.sorted(by: { $0.number < $1.number }) where !statement.text.isEmpty {
                if statement.continues, !lines.isEmpty {
                    lines[lines.count - 1] += " " + statement.text
                } else {
                    lines.append(statement.text)
                }
            }
            let first = group.statements.map(\.line).min() ?? 1
            notes.append(Note(system: group.system, encounter: group.consultation, text: lines.joined(separator: "\n"),
                              source: SourceLocation(file: table.path, line: first)))
        }
        return notes.sorted { ($0.system, $0.encounter) < ($1.system, $1.encounter) }
    }
}
