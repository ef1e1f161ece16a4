import Foundation

/// Which question a prompt template asks.
public enum PromptKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// One rubric criterion per call.
    case perCriterion = "per-criterion"
    /// All criteria of one rubric section per call, a verdict per criterion id.
    case batched
    /// Whether one statement of a note is supported by the transcript (criterion text = statement).
    case statementCheck = "statement-check"
    /// A model writing the SOAP note of an encounter from its transcript (`scribegrade generate`);
    /// never a judge's mode.
    case scribe

    /// The template's file name in `Prompts/`.
    public var fileName: String { rawValue + ".txt" }
}

/// A judge prompt template: a system part (the same for every call), a shared part (transcript
/// and note, the same for every criterion of a note) and a question part (the criterion).
///
/// The file holds `=== system ===`, `=== shared ===` and `=== question ===` lines, each followed
/// by its part; lines before the first are comments. Each part is a Mustache template compiled
/// once (see `PromptPart`). The hash of the whole file text, with the partials it uses written
/// out, is stored with every judgment made from it.
public struct PromptTemplate: Sendable, Hashable {
    public var kind: PromptKind
    /// The file's full text.
    public var text: String
    /// SHA-256 of `text` with each part's partials written out (`PromptPartials.expand`), hex: a
    /// template that uses a partial hashes as one that copies it, so moving a block into a
    /// partial keeps the cache keys of the judgments made before.
    public var hash: String
    let system: PromptPart
    let shared: PromptPart
    let question: PromptPart

    /// Placeholders each part of a kind must use, so a template cannot silently drop the note.
    static func requiredNames(_ kind: PromptKind) -> (shared: Set<String>, question: Set<String>) {
        switch kind {
        case .perCriterion: return (["tag", "transcript", "note"], ["criterion_id", "criterion_text"])
        case .batched: return (["tag", "transcript", "note"], ["criteria", "id", "text"])
        case .statementCheck: return (["tag", "transcript", "note"], ["statement_id", "statement", "statement_tag"])
        case .scribe: return (["tag", "transcript"], [])
        }
    }

    /// Parses a template; `path` names it in diagnostics.
    ///
    /// - Throws: `InputError` at the line of a missing part, a syntax error or a missing placeholder.
    public init(kind: PromptKind, text: String, path: String) throws {
        self.kind = kind
        self.text = text
        var parts: [String: (line: Int, lines: [Substring])] = [:]
        var current: String?
        // The text as hashed: comments and markers as they are, each part with its partials written out.
        var hashed: [String] = []
        func flush() {
            if let current { hashed.append(PromptPartials.expand(parts[current]!.lines.joined(separator: "\n"))) }
        }
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("==="), trimmed.hasSuffix("==="), trimmed.count > 6 {
                flush()
                hashed.append(String(line))
                let name = trimmed.dropFirst(3).dropLast(3).trimmingCharacters(in: .whitespaces)
                guard ["system", "shared", "question"].contains(name) else {
                    throw InputError("unknown template part '\(name)'; expected system, shared or question", at: SourceLocation(file: path, line: index + 1, column: 1))
                }
                guard parts[name] == nil else {
                    throw InputError("template part '\(name)' appears twice", at: SourceLocation(file: path, line: index + 1, column: 1))
                }
                parts[name] = (index + 1, [])
                current = name
            } else if let current {
                parts[current]!.lines.append(line)
            } else {
                hashed.append(String(line))
            }
        }
        flush()
        hash = ContentHasher.hex(hashed.joined(separator: "\n"))
        func part(_ name: String, required: Set<String>) throws -> PromptPart {
            guard let found = parts[name] else {
                throw InputError("template has no '=== \(name) ===' part", at: SourceLocation(file: path))
            }
            // The line break before the next part's marker belongs to the marker.
            let body = found.lines.joined(separator: "\n")
            let template: PromptPart
            do { template = try PromptPart(body) } catch {
                // A fault with a place in the part is reported there, an unclosed section at the part.
                let location = error.line.map { SourceLocation(file: path, line: found.line + $0, column: error.column ?? 1) }
                throw InputError("\(error.message) in the \(name) part", at: location ?? SourceLocation(file: path, line: found.line, column: 1))
            }
            let missing = required.subtracting(template.names)
            guard missing.isEmpty else {
                throw InputError("the \(name) part must use {{\(missing.sorted().joined(separator: "}}, {{"))}}", at: SourceLocation(file: path, line: found.line, column: 1))
            }
            return template
        }
        let required = Self.requiredNames(kind)
        system = try part("system", required: [])
        shared = try part("shared", required: required.shared)
        question = try part("question", required: required.question)
    }

    /// The template compiled into the binary (the text of `Prompts/<kind>.txt` at build time).
    public static func builtIn(_ kind: PromptKind) -> PromptTemplate {
        builtIns[kind]!
    }

    /// The built-in templates, compiled once.
    private static let builtIns: [PromptKind: PromptTemplate] = Dictionary(uniqueKeysWithValues: PromptKind.allCases.map { kind in
        let text: String
        switch kind {
        case .perCriterion: text = perCriterionDefault
        case .batched: text = batchedDefault
        case .statementCheck: text = statementCheckDefault
        case .scribe: text = scribeDefault
        }
        // The built-in texts are tested to parse; a failure here is a build defect.
        return (kind, try! PromptTemplate(kind: kind, text: text, path: "<built-in \(kind.fileName)>"))
    })

    /// Loads `<directory>/<kind>.txt`, or the built-in template when `directory` is nil or the
    /// file is not there.
    public static func load(_ kind: PromptKind, from directory: String?, files: any FileSource = LocalFileSource()) throws -> PromptTemplate {
        guard let directory else { return builtIn(kind) }
        let path = (directory.hasSuffix("/") ? String(directory.dropLast()) : directory) + "/" + kind.fileName
        guard files.exists(path) else { return builtIn(kind) }
        return try PromptTemplate(kind: kind, text: try files.read(path), path: path)
    }
}
