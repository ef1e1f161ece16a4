import Foundation

/// Reads the notes to grade: a directory `NOTES/<system>/<encounter>.{txt,md,json}` or a JSONL
/// file of `{"system", "encounter", "note"}` objects.
///
/// A `.json` note file holds `{"note": "..."}` (as PriMock57's notes do) or `{"text": "..."}`.
/// System and encounter names must pass `NameRule` (one line of printable text). Every problem
/// in every file is reported at once; nothing is returned if any was found.
public struct NotesLoader: Sendable {
    public var files: any FileSource

    public init(files: any FileSource = LocalFileSource()) {
        self.files = files
    }

    public static let extensions: Set<String> = ["txt", "md", "json"]

    public func load(_ path: String) throws -> [Note] {
        if files.isDirectory(path) { return try loadDirectory(path) }
        guard files.exists(path) else {
            throw InputError("no such file or directory", at: SourceLocation(file: path))
        }
        return try loadJSONL(path: path, text: files.read(path))
    }

    func loadDirectory(_ root: String) throws -> [Note] {
        var notes: [Note] = []
        var diagnostics: [Diagnostic] = []
        var seen: [String: String] = [:]
        let systems = try files.directories(in: root)
        if systems.isEmpty {
            throw InputError("no system folders; expected NOTES/<system>/<encounter>.txt", at: SourceLocation(file: root))
        }
        for systemDirectory in systems {
            let system = (systemDirectory as NSString).lastPathComponent
            if let problem = NameRule.problem(system) {
                diagnostics.append(.error("system name \(problem)", at: SourceLocation(file: NameRule.printable(systemDirectory))))
                continue
            }
            for path in try files.files(in: systemDirectory) {
                let name = (path as NSString).lastPathComponent
                let ext = (name as NSString).pathExtension.lowercased()
                guard Self.extensions.contains(ext) else { continue }
                let encounter = (name as NSString).deletingPathExtension
                if let problem = NameRule.problem(encounter) {
                    diagnostics.append(.error("encounter name \(problem)", at: SourceLocation(file: NameRule.printable(path))))
                    continue
                }
                let location = SourceLocation(file: path)
                if let previous = seen["\(system)/\(encounter)"] {
                    diagnostics.append(.error("second note for system '\(system)', encounter '\(encounter)' (also in \(previous))", at: location))
                    continue
                }
                seen["\(system)/\(encounter)"] = path
                do {
                    let raw = try files.read(path)
                    let text = ext == "json" ? try Self.noteText(json: raw, path: path) : raw
                    if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                        diagnostics.append(.error("note is empty", at: location))
                        continue
                    }
                    notes.append(Note(system: system, encounter: encounter, text: text, source: location))
                } catch let error as InputError {
                    diagnostics.append(contentsOf: error.diagnostics)
                }
            }
        }
        if notes.isEmpty, diagnostics.isEmpty {
            diagnostics.append(.error("no notes (.txt, .md or .json) in any system folder", at: SourceLocation(file: root)))
        }
        guard diagnostics.isEmpty else { throw InputError(diagnostics) }
        return notes
    }

    static func noteText(json: String, path: String) throws -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) else {
            throw InputError("not valid JSON", at: SourceLocation(file: path, line: 1))
        }
        if let string = object as? String { return string }
        guard let dictionary = object as? [String: Any] else {
            throw InputError("expected a JSON object with a \"note\" string", at: SourceLocation(file: path, line: 1))
        }
        guard let text = (dictionary["note"] ?? dictionary["text"]) as? String else {
            throw InputError("expected a \"note\" (or \"text\") string field", at: SourceLocation(file: path, line: 1))
        }
        return text
    }

    func loadJSONL(path: String, text: String) throws -> [Note] {
        var notes: [Note] = []
        var diagnostics: [Diagnostic] = []
        var seen: [String: Int] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let trimmed = rawLine.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let location = SourceLocation(file: path, line: line)
            guard let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any] else {
                diagnostics.append(.error("not a JSON object", at: location))
                continue
            }
            let missing = ["system", "encounter", "note"].filter { (object[$0] as? String)?.isEmpty ?? true }
            guard missing.isEmpty, let system = object["system"] as? String, let encounter = object["encounter"] as? String,
                let note = object["note"] as? String
            else {
                diagnostics.append(.error("missing or empty string field\(missing.count > 1 ? "s" : "") \(missing.map { "\"\($0)\"" }.joined(separator: ", "))", at: location))
                continue
            }
            if let problem = NameRule.problem(fields: ["system": system, "encounter": encounter]) {
                diagnostics.append(.error(problem, at: location))
                continue
            }
            if let first = seen["\(system)/\(encounter)"] {
                diagnostics.append(.error("second note for system '\(system)', encounter '\(encounter)' (first on line \(first))", at: location))
                continue
            }
            seen["\(system)/\(encounter)"] = line
            notes.append(Note(system: system, encounter: encounter, text: note, source: location))
        }
        if notes.isEmpty, diagnostics.isEmpty {
            diagnostics.append(.error("no notes in file", at: SourceLocation(file: path)))
        }
        guard diagnostics.isEmpty else { throw InputError(diagnostics) }
        return notes
    }
}
