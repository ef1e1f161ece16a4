/// A file an importer produces: a path relative to the output directory and its contents.
public struct GeneratedFile: Sendable, Hashable {
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}

/// Where imported rubrics, notes and transcripts go under an output directory — the layouts
/// `grade --rubrics`, `--notes` and `--transcripts` read:
/// `<rubric>.yaml`, `<system>/<encounter>.txt`, `<encounter>.json`.
public enum ImportLayout {
    public static func file(for rubric: Rubric, header: [String] = []) throws -> GeneratedFile {
        try checkName(rubric.id, what: "rubric id", at: rubric.criteria.first?.location ?? SourceLocation(file: rubric.path ?? rubric.id))
        return GeneratedFile(path: "\(rubric.id).yaml", contents: RubricWriter.yaml(rubric, header: header))
    }

    public static func file(for note: Note) throws -> GeneratedFile {
        try checkName(note.system, what: "system name", at: note.source ?? SourceLocation(file: note.id))
        try checkName(note.encounter, what: "encounter id", at: note.source ?? SourceLocation(file: note.id))
        return GeneratedFile(path: "\(note.system)/\(note.encounter).txt", contents: note.text + "\n")
    }

    /// A note as `<encounter>.txt`, for folders that hold one system's notes (reference notes).
    public static func flatFile(for note: Note) throws -> GeneratedFile {
        try checkName(note.encounter, what: "encounter id", at: note.source ?? SourceLocation(file: note.id))
        return GeneratedFile(path: "\(note.encounter).txt", contents: note.text + "\n")
    }

    public static func file(for encounter: Encounter, source: SourceLocation? = nil) throws -> GeneratedFile {
        try checkName(encounter.id, what: "encounter id", at: source ?? SourceLocation(file: encounter.id))
        return GeneratedFile(path: "\(encounter.id).json", contents: JSONTranscript.encode(encounter))
    }

    /// Ids become file names: letters, digits, `.`, `_`, `-`, not starting with a dot.
    public static func isSafeName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 200 && name.first != "." &&
            name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) }
    }

    static func checkName(_ name: String, what: String, at location: SourceLocation) throws {
        guard isSafeName(name) else {
            throw InputError("\(what) \"\(name)\" cannot be a file name: use letters, digits, '.', '_' and '-'", at: location)
        }
    }
}
