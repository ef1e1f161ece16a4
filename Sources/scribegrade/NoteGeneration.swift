import Foundation
import ScribeGrade
import ScribeGradeProviders

/// Models as scribes: builds a scribe from a model spec, asks it for the note of every
/// encounter through the run engine (store, cache, claims, retries, budget, progress, resume)
/// and writes `NOTES/<system>/<encounter>.md` with a manifest of how each note was made.
struct NoteGeneration {
    var engine: EngineOptions
    /// A scribe prompt file (`Prompts/scribe.txt` format); nil for the configuration's
    /// `prompts` directory or the built-in prompt.
    var promptPath: String?

    /// The manifest beside the notes: one JSON line per note (model, parameters, prompt hash,
    /// tokens, cost, the stored answer's key and run). Not a note file: `NotesLoader` reads only
    /// `.txt`, `.md` and `.json`.
    static let manifestName = "scribe.jsonl"

    /// A scribe answers long: a whole note, not one verdict.
    static let maxTokens = 4096

    /// Builds the scribe a spec names: `openai:MODEL[@URL]`, `anthropic:MODEL[@URL]` or a
    /// model in `scribegrade.yaml` (its `max_tokens`, else 4096).
    ///
    /// - Throws: `InputError` for `baseline`, `replay:`, an unknown name, a missing key or a bad prompt file.
    func makeScribe(_ spec: JudgeSpec, option: String) throws -> LLMJudge {
        let factory = try engine.judgeFactory()
        guard let model = try factory.makeLLMJudge(spec) else {
            throw InputError("'\(spec)' is not a model; a scribe is openai:MODEL[@URL], anthropic:MODEL[@URL] or a model named in scribegrade.yaml", at: SourceLocation(file: option))
        }
        let template = try promptPath.map { path in
            try PromptTemplate(kind: .scribe, text: try LocalFileSource().read(path), path: path)
        } ?? PromptTemplate.load(.scribe, from: factory.config?.promptsDirectory)
        var settings = model.settings
        if case let .named(name) = spec, factory.config?.judges[name]?.maxTokens != nil {} else {
            settings.parameters.maxTokens = Self.maxTokens
        }
        return LLMJudge(settings: settings, client: model.client, transport: model.transport, template: template)
    }

    /// The system a scribe's notes are filed under: `--system`, else the model's name with
    /// `/` and `:` made `-`.
    static func system(for spec: JudgeSpec, given: String?, option: String) throws -> String {
        let name: String
        switch spec {
        case let .openAI(model, _), let .anthropic(model, _): name = given ?? model
        default: name = given ?? spec.description
        }
        let system = given ?? String(name.map { $0 == "/" || $0 == ":" ? "-" : $0 })
        if let problem = NameRule.problem(system) {
            throw InputError("system name \(problem)", at: SourceLocation(file: option))
        }
        guard !system.contains("/"), system != ".", system != ".." else {
            throw InputError("system name '\(system)' must be a folder name (no '/', not . or ..)", at: SourceLocation(file: option))
        }
        return system
    }

    /// What one scribe's generation ended with.
    struct Outcome {
        var plan: RunPlan
        var notes: [GeneratedNote]
        var missing: [(encounter: String, reason: String)]
    }

    /// Asks `scribe` for the note of every encounter and writes those it wrote under
    /// `output/system`; nil on `--dry-run`. A note already stored for an unchanged request is
    /// written again from the store without asking.
    func generate(scribe: LLMJudge, system: String, encounters: [Encounter], output: String) async throws -> Outcome? {
        let plan = try RunPlan.makeGeneration(encounters: encounters, system: system, scribe: scribe)
        guard let judgments = try await engine.ask(plan, judges: [scribe]) else { return nil }
        let (notes, missing) = plan.generatedNotes(from: judgments)
        try write(notes, of: scribe, run: plan.id, to: output + "/" + system)
        if !missing.isEmpty {
            let listed = missing.prefix(5).map { "\($0.encounter) (\($0.reason))" }.joined(separator: ", ")
            Terminal.error("warning: \(missing.count) note(s) of \(system) not written: \(listed)\(missing.count > 5 ? ", …" : "")")
        }
        return Outcome(plan: plan, notes: notes, missing: missing)
    }

    /// Writes each note as `<encounter>.md` and the manifest, each file whole or not at all.
    func write(_ notes: [GeneratedNote], of scribe: LLMJudge, run: String, to directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for note in notes {
                try note.text.write(toFile: directory + "/" + note.encounter + ".md", atomically: true, encoding: .utf8)
            }
            let manifest = notes.map { Self.manifestLine($0, scribe: scribe, run: run).compact + "\n" }.joined()
            try manifest.write(toFile: directory + "/" + Self.manifestName, atomically: true, encoding: .utf8)
        } catch {
            throw InputError("cannot write the notes: \(error.localizedDescription)", at: SourceLocation(file: directory))
        }
        Terminal.error("wrote \(notes.count) note(s) and \(Self.manifestName) in \(directory)")
    }

    /// How one note was made. No base URL (it may carry credentials) and no note text.
    static func manifestLine(_ note: GeneratedNote, scribe: LLMJudge, run: String) -> JSONValue {
        let parameters = scribe.settings.parameters
        let judgment = note.judgment
        func optional<T>(_ value: T?, _ make: (T) -> JSONValue) -> JSONValue { value.map(make) ?? .null }
        return [
            "encounter": .string(note.encounter),
            "file": .string(note.encounter + ".md"),
            "system": .string(note.system),
            "scribe": .string(scribe.settings.name),
            "provider": .string(scribe.settings.provider.rawValue),
            "model": .string(parameters.model),
            "answered_by": optional(judgment.model) { .string($0) },
            "temperature": optional(parameters.temperature) { .double($0) },
            "seed": optional(parameters.seed) { .int($0) },
            "max_tokens": .int(parameters.maxTokens),
            "prompt_hash": optional(judgment.promptHash) { .string($0) },
            "input_tokens": .int(judgment.usage.input),
            "output_tokens": .int(judgment.usage.output),
            "cost_usd": .double(judgment.cost),
            "attempts": .int(judgment.attempts),
            "key": .string(judgment.key),
            "run": .string(run),
            "created_at": .string(ISO8601DateFormatter().string(from: judgment.createdAt)),
        ]
    }
}
