import Foundation

/// Reads PriMock57's clinician notes (`notes/dayN_consultationMM.json`: `day`, `consultation`,
/// `presenting_complaint`, `note`, `highlights`) as the notes of the `doctor` system.
///
/// The encounter id is the file name without `.json`; the `note` field is the note text,
/// with trailing spaces on each line and surrounding blank lines removed.
public enum PriMockNoteImporter {
    public static let system = "doctor"

    public static func note(fromJSON text: String, path: String, system: String = system) throws -> Note {
        let document = try LocatedJSONParser.parse(text, path: path)
        guard document.value.objectValue != nil else {
            throw InputError("expected a JSON object with a \"note\" field, found \(document.value.kindDescription)", at: document.location(in: path))
        }
        guard let field = document["note"] else {
            throw InputError("missing \"note\"", at: document.location(in: path))
        }
        guard let body = field.value.stringValue else {
            throw InputError("\"note\" must be a string, found \(field.value.kindDescription)", at: field.location(in: path))
        }
        let tidied = NoteText.tidy(body)
        guard !tidied.isEmpty else {
            throw InputError("\"note\" is empty", at: field.location(in: path))
        }
        let id = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return Note(system: system, encounter: id, text: tidied, source: field.location(in: path))
    }

    /// The notes of every `*.json` file in `directory`, sorted by encounter; `only`, when
    /// given, restricts them to those encounter ids (each of which must be present).
    public static func notes(inDirectory directory: String, files: any FileSource = LocalFileSource(), only: Set<String>? = nil) throws -> [Note] {
        var notes: [Note] = []
        var diagnostics: [Diagnostic] = []
        for path in try files.files(in: directory) where path.lowercased().hasSuffix(".json") {
            let id = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            if let only, !only.contains(id) { continue }
            do {
                notes.append(try note(fromJSON: try files.read(path), path: path))
            } catch let error as InputError {
                diagnostics += error.diagnostics
            }
        }
        if let only {
            for missing in only.subtracting(notes.map(\.encounter)).sorted() {
                diagnostics.append(.error("no note for encounter \(missing) (expected \(missing).json)", at: SourceLocation(file: directory)))
            }
        }
        guard diagnostics.isEmpty else { throw InputError(diagnostics) }
        return notes.sorted { $0.encounter < $1.encounter }
    }
}

/// Normalisation applied to imported note text.
public enum NoteText {
    /// Line ends as `\n`, trailing spaces on each line and leading/trailing blank lines removed.
    public static func tidy(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { line -> String in
                var line = String(line)
                while let last = line.last, last == " " || last == "\t" { line.removeLast() }
                return line
            }
        var start = 0
        var end = lines.count
        while start < end, lines[start].trimmingCharacters(in: .whitespaces).isEmpty { start += 1 }
        while end > start, lines[end - 1].trimmingCharacters(in: .whitespaces).isEmpty { end -= 1 }
        return lines[start..<end].joined(separator: "\n")
    }
}
