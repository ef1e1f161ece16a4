/// The statement-level data of PriMock57's `note_statements.csv`: each generated note's
/// statements as clinicians saw them, and the clinician's correct/incorrect labels as expert
/// ratings for the statement check.
///
/// Statement ids are `L` plus the zero-padded `line_no` (`L007`), so ratings and judgments meet
/// on the same ids. A label `correct` is the verdict `met` (supported by the consultation),
/// `incorrect` is `not_met`; unlabelled statements get no rating.
public enum PriMockStatementLabels {
    /// The rater name given to PriMock57's statement labels.
    public static let rater = "primock57-clinician"

    public static func statementID(_ lineNumber: Int) -> String {
        let digits = String(lineNumber)
        return "L" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }

    /// One statement set per note: the note as `NoteStatementsImporter` rebuilds it, and its
    /// statements as the criteria of a rubric `statements-<note>-<consultation>`.
    public static func statementSets(from table: CSVTable) throws -> [(note: Note, statements: Rubric)] {
        let notes = try NoteStatementsImporter.notes(from: table)
        var criteria: [String: [Criterion]] = [:]
        for row in table.rows {
            guard let consultation = row["consultation"]?.trimmingCharacters(in: .whitespaces),
                let system = row["note"]?.trimmingCharacters(in: .whitespaces),
                let number = Int((row["line_no"] ?? "").trimmingCharacters(in: .whitespaces)),
                let text = row["statement"]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty
            else { continue }
            criteria["\(system)/\(consultation)", default: []].append(Criterion(
                id: statementID(number), section: .any, text: text, points: 1,
                location: SourceLocation(file: table.path, line: row.line)))
        }
        return notes.compactMap { note in
            guard let statements = criteria[note.id], !statements.isEmpty else { return nil }
            let rubric = StatementSet.rubric(
                for: note, statements: statements.sorted { $0.id < $1.id },
                source: "PriMock57 note_statements.csv (CC BY 4.0)")
            return (note, rubric)
        }
    }

    /// The clinician's labels as expert ratings.
    public static func ratings(from table: CSVTable) throws -> [ExpertRating] {
        try table.require(columns: ["consultation", "note", "line_no", "label"])
        var ratings: [ExpertRating] = []
        var diagnostics: [Diagnostic] = []
        for row in table.rows {
            let label = (row["label"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            guard !label.isEmpty else { continue }
            let location = SourceLocation(file: table.path, line: row.line)
            guard let number = Int((row["line_no"] ?? "").trimmingCharacters(in: .whitespaces)) else {
                diagnostics.append(.error("line_no must be a whole number", at: location))
                continue
            }
            let verdict: Verdict
            switch label {
            case "correct": verdict = .met
            case "incorrect": verdict = .notMet
            default:
                diagnostics.append(.error("label must be 'correct', 'incorrect' or empty, found '\(label)'", at: location))
                continue
            }
            ratings.append(ExpertRating(
                system: (row["note"] ?? "").trimmingCharacters(in: .whitespaces),
                encounter: (row["consultation"] ?? "").trimmingCharacters(in: .whitespaces),
                rubric: nil, criterion: statementID(number), rater: rater, verdict: verdict, source: table.path))
        }
        guard diagnostics.isEmpty else { throw InputError(diagnostics) }
        return ratings
    }
}
