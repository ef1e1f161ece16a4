import Foundation

/// Loads transcripts: one file per encounter, named for the encounter id.
///
/// A transcripts directory holds, per encounter id:
/// - `<id>.txt`: `Speaker: text` lines (`PlainTextTranscriptParser`), or an ACI-Bench style
///   `[doctor] …` dialogue (`DialogueTranscriptParser`), told apart by the first line;
/// - `<id>.json`: JSON turns (`JSONTranscript`);
/// - `<id>.TextGrid`: a Praat TextGrid with one interval tier per speaker;
/// - `<id>_doctor.TextGrid` + `<id>_patient.TextGrid`: PriMock57's one file per speaker.
///
/// Files with other extensions (a README) are ignored. Every problem in every file is
/// reported at once, each with its file and line.
public struct EncounterLoader: Sendable {
    public var files: any FileSource
    public var markup: TranscriptMarkup

    public init(files: any FileSource = LocalFileSource(), markup: TranscriptMarkup = .clean) {
        self.files = files
        self.markup = markup
    }

    /// The kinds of transcript file, told by extension.
    public enum Format: Sendable, Hashable {
        case text
        case json
        case textGrid
    }

    /// The transcript format of `path` by its extension, or `nil` if it is not a transcript.
    public static func format(of path: String) -> Format? {
        let name = (path as NSString).lastPathComponent.lowercased()
        if name.hasSuffix(".txt") { return .text }
        if name.hasSuffix(".json") { return .json }
        if name.hasSuffix(".textgrid") { return .textGrid }
        return nil
    }

    /// Every encounter in `directory`, sorted by id.
    public func loadDirectory(_ directory: String) throws -> [Encounter] {
        let encounters = try loadFiles(try files.files(in: directory))
        guard !encounters.isEmpty else {
            throw InputError("no transcripts here: expected <encounter>.txt, .json or .TextGrid files", at: SourceLocation(file: directory))
        }
        return encounters
    }

    /// The encounters of the given transcript files, sorted by id: each file is one encounter,
    /// except `<id>_doctor.TextGrid` and `<id>_patient.TextGrid`, which must come as a pair.
    /// Paths that are not transcripts (by extension) are skipped; two files for one encounter
    /// are an error.
    public func loadFiles(_ paths: [String]) throws -> [Encounter] {
        var diagnostics: [Diagnostic] = []
        var sources: [String: String] = [:]  // id -> first file defining it
        var encounters: [Encounter] = []
        var speakerFiles: [String: [String: String]] = [:]  // id -> role -> path

        func claim(_ id: String, _ path: String) -> Bool {
            if let other = sources[id] {
                diagnostics.append(.error("encounter \(id) is also defined by \(other); keep one transcript file per encounter", at: SourceLocation(file: path)))
                return false
            }
            sources[id] = path
            return true
        }

        for path in paths {
            guard let format = Self.format(of: path) else { continue }
            let stem = Self.stem(of: path)
            if format == .textGrid, let (id, role) = Self.speakerSplit(stem) {
                speakerFiles[id, default: [:]][role] = path
                continue
            }
            guard claim(stem, path) else { continue }
            do {
                encounters.append(try loadFile(path))
            } catch let error as InputError {
                diagnostics += error.diagnostics
            }
        }
        for (id, roles) in speakerFiles.sorted(by: { $0.key < $1.key }) {
            guard let doctor = roles["doctor"], let patient = roles["patient"] else {
                let present = roles.values.first!
                let missing = roles["doctor"] == nil ? "\(id)_doctor.TextGrid" : "\(id)_patient.TextGrid"
                diagnostics.append(.error("per-speaker TextGrid without its pair: \(missing) is missing", at: SourceLocation(file: present)))
                continue
            }
            guard claim(id, doctor) else { continue }
            do {
                encounters.append(try loadSpeakerPair(id: id, doctor: doctor, patient: patient))
            } catch let error as InputError {
                diagnostics += error.diagnostics
            }
        }
        guard diagnostics.isEmpty else {
            throw InputError(diagnostics.sorted { ($0.location.file, $0.location.line ?? 0) < ($1.location.file, $1.location.line ?? 0) })
        }
        return encounters.sorted { $0.id < $1.id }
    }

    /// The encounter in one transcript file, its id the file name without extension.
    public func loadFile(_ path: String) throws -> Encounter {
        guard let format = Self.format(of: path) else {
            throw InputError("not a transcript file: expected a .txt, .json or .TextGrid extension", at: SourceLocation(file: path))
        }
        let id = Self.stem(of: path)
        let text = try files.read(path)
        switch format {
        case .json:
            return try JSONTranscript.parse(text, id: id, path: path)
        case .textGrid:
            return TextGridTranscript.encounter(id: id, grid: try TextGridParser.parse(text, path: path), markup: markup)
        case .text:
            if Self.looksLikeDialogue(text) {
                return try DialogueTranscriptParser.parse(text, id: id, path: path)
            }
            return try PlainTextTranscriptParser.parse(text, id: id, path: path)
        }
    }

    /// The encounter of a PriMock57-style pair of per-speaker TextGrids.
    public func loadSpeakerPair(id: String, doctor: String, patient: String) throws -> Encounter {
        var diagnostics: [Diagnostic] = []
        var grids: [(speaker: String, grid: TextGrid)] = []
        for (speaker, path) in [("doctor", doctor), ("patient", patient)] {
            do {
                grids.append((speaker, try TextGridParser.parse(try files.read(path), path: path)))
            } catch let error as InputError {
                diagnostics += error.diagnostics
            }
        }
        guard diagnostics.isEmpty else { throw InputError(diagnostics) }
        return TextGridTranscript.encounter(id: id, speakers: grids, markup: markup)
    }

    static func stem(of path: String) -> String {
        let name = (path as NSString).lastPathComponent
        guard let dot = name.lastIndex(of: ".") else { return name }
        return String(name[..<dot])
    }

    /// `(id, role)` for `<id>_doctor` and `<id>_patient`.
    static func speakerSplit(_ stem: String) -> (String, String)? {
        for role in ["doctor", "patient"] where stem.hasSuffix("_" + role) && stem.count > role.count + 1 {
            return (String(stem.dropLast(role.count + 1)), role)
        }
        return nil
    }

    /// True when the first non-blank line starts with an ACI-Bench `[role]` tag.
    static func looksLikeDialogue(_ text: String) -> Bool {
        guard let first = text.split(separator: "\n").first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return false }
        let line = first.trimmingCharacters(in: .whitespaces).drop(while: { $0 == "\u{FEFF}" })
        return DialogueTranscriptParser.leadingTag(Substring(line)) != nil
    }
}
