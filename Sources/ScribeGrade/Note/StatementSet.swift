/// A note's statements as the criteria of a rubric of their own, so the statement check runs
/// through the same plan, engine, store and scoring as rubric grading: each statement is worth
/// one point and "met" means supported by the transcript, so a note's score is the share of its
/// statements the transcript supports.
public enum StatementSet {
    /// The rubric id of a note's statement set: `statements-<system>-<encounter>`.
    public static func rubricID(for note: Note) -> String {
        "statements-\(note.system)-\(note.encounter)"
    }

    public static func rubric(for note: Note, statements: [Criterion], source: String) -> Rubric {
        Rubric(
            id: rubricID(for: note), encounter: note.encounter, version: 1,
            title: "Statements of \(note.id)", source: source, criteria: statements)
    }

    /// Splits a note into statements (sentences of each line), ids `s001`, `s002`, …
    public static func split(_ note: Note) -> Rubric {
        var statements: [Criterion] = []
        for (lineIndex, line) in note.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            for sentence in SentenceSplitter.sentences(String(line)) {
                let text = sentence.trimmingCharacters(in: .whitespaces)
                guard text.contains(where: \.isLetter) else { continue }
                let number = statements.count + 1
                let digits = String(number)
                statements.append(Criterion(
                    id: "s" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits, section: .any,
                    text: text, points: 1,
                    location: note.source.map { SourceLocation(file: $0.file, line: lineIndex + 1) }))
            }
        }
        return rubric(for: note, statements: statements, source: "statements split from the note by scribegrade")
    }
}
