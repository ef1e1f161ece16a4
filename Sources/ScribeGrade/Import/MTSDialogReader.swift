import Foundation

/// Reads MTS-Dialog's correlation-study files (Ben Abacha et al., EACL 2023):
/// `dialogues.csv` (`id, section_header, reference_summary, dialogue`) and
/// `summaries_rated.csv` (`id, system, summary` and the study's six manual scores).
///
/// The dialogues (`Doctor: …` / `Patient: …` lines) become transcripts, the reference sections
/// reference notes, each system's summaries its notes, and the scores note-level ratings by the
/// rater ``rater`` on the ``dimensions``, every one an interval scale from 0 to 1.
public enum MTSDialogReader {
    /// The scores of `summaries_rated.csv`, each a note-level rating dimension.
    public static let dimensions = [
        "factual_precision", "factual_recall", "factual_f1", "hallucination_rate", "omission_rate", "edit_distance",
    ]
    /// The scale every dimension is declared on.
    public static let scale = NoteRatingScale.interval(lower: 0, upper: 1)
    /// The rater the study's manual evaluation is stored as.
    public static let rater = "mts-dialog-expert"

    /// One dialogue with the section it was written for and the reference a clinician wrote.
    public struct Dialogue: Sendable, Hashable {
        public var id: String
        public var section: String
        public var encounter: Encounter
        public var reference: Note
    }

    /// The dialogues of `dialogues.csv`, in file order; every bad row is reported.
    public static func dialogues(from table: CSVTable) throws -> [Dialogue] {
        try table.require(columns: ["id", "section_header", "reference_summary", "dialogue"])
        var dialogues: [Dialogue] = []
        var diagnostics: [Diagnostic] = []
        var seen: [String: Int] = [:]
        for row in table.rows {
            let location = SourceLocation(file: table.path, line: row.line)
            let id = (row["id"] ?? "").trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty else { diagnostics.append(.error("id is empty", at: location)); continue }
            if let first = seen[id] { diagnostics.append(.error("dialogue \(id) appears twice (first on line \(first))", at: location)); continue }
            seen[id] = row.line
            let reference = NoteText.tidy(row["reference_summary"] ?? "")
            guard !reference.isEmpty else { diagnostics.append(.error("reference_summary of \(id) is empty", at: location)); continue }
            do {
                let encounter = try PlainTextTranscriptParser.parse(row["dialogue"] ?? "", id: id, path: table.path)
                dialogues.append(Dialogue(
                    id: id, section: (row["section_header"] ?? "").trimmingCharacters(in: .whitespaces), encounter: encounter,
                    reference: Note(system: "reference", encounter: id, text: reference, source: location)))
            } catch let error as InputError {
                diagnostics += error.diagnostics.map { diagnostic in
                    var diagnostic = diagnostic
                    diagnostic.location = location
                    return diagnostic
                }
            }
        }
        guard diagnostics.isEmpty else { throw InputError(diagnostics) }
        return dialogues
    }

    /// The systems' summaries as notes and their scores as note-level ratings (source `source`).
    /// A score that is not a number in [0, 1] is an error at its file, line and column.
    ///
    /// A score of `-1` is the study's mark for a score that does not apply (two omission rates
    /// of the files); it is left out and counted in `notApplicable`, not read as a rating.
    public static func summaries(from table: CSVTable, text: String, source: RatingSource) throws -> (notes: [Note], ratings: [NoteRating], notApplicable: Int) {
        try table.require(columns: ["id", "system", "summary"] + dimensions)
        var notes: [Note] = []
        var ratings: [NoteRating] = []
        var diagnostics: [Diagnostic] = []
        var notApplicable = 0
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for row in table.rows {
            let location = SourceLocation(file: table.path, line: row.line)
            let id = (row["id"] ?? "").trimmingCharacters(in: .whitespaces)
            let system = (row["system"] ?? "").trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty, !system.isEmpty else { diagnostics.append(.error("id or system is empty", at: location)); continue }
            let summary = NoteText.tidy(row["summary"] ?? "")
            guard !summary.isEmpty else { diagnostics.append(.error("summary of \(system)/\(id) is empty", at: location)); continue }
            notes.append(Note(system: system, encounter: id, text: summary, source: location))
            for dimension in dimensions {
                let value = (row[dimension] ?? "").trimmingCharacters(in: .whitespaces)
                if value == "-1" { notApplicable += 1; continue }
                guard let number = scale.number(value) else {
                    let raw = row.line - 1 < lines.count ? lines[row.line - 1] : ""
                    let column = table.header.firstIndex(of: dimension).flatMap { NoteRatingsParser.fieldColumn($0, in: raw) }
                    diagnostics.append(.error(
                        "\(dimension) '\(value.prefix(40))' of \(system)/\(id) is outside its scale: expected \(scale.expectation)",
                        at: SourceLocation(file: table.path, line: row.line, column: column)))
                    continue
                }
                ratings.append(NoteRating(system: system, encounter: id, rater: rater, dimension: dimension, value: number, source: source.id))
            }
        }
        guard diagnostics.isEmpty else { throw InputError(diagnostics) }
        return (notes, ratings, notApplicable)
    }

    /// The ratings as a note-level rating file (`system,encounter,rater,dimension,value`).
    public static func ratingsCSV(_ ratings: [NoteRating]) -> String {
        var out = "system,encounter,rater,dimension,value\n"
        for r in ratings {
            out += [r.system, r.encounter, r.rater, r.dimension].map(CSVTable.field).joined(separator: ",")
                + "," + RatingValue.number(r.value).description + "\n"
        }
        return out
    }

    /// The `--scale` options `ratings import` needs for these ratings, one per line.
    public static var scaleArguments: [String] {
        dimensions.map { "--scale \($0)=\(scale)" }
    }
}
