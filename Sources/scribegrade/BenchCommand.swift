import ArgumentParser
import Foundation
import ScribeGrade
import ScribeGradeProviders

/// `scribegrade bench`: models as scribes, end to end — each model writes every encounter's
/// note, a judge grades them, and the leaderboard ranks the models.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Have each model write every encounter's note, grade the notes and print the models' leaderboard.",
        discussion: """
            For every encounter that has a rubric and a transcript, each --scribe writes the note \
            (as `scribegrade generate` does, into --notes DIR/<system>/), then --judge grades \
            them against the rubrics (as `scribegrade grade` does) and the leaderboard ranks the \
            models: overall and per SOAP section, with bootstrap CIs over encounters and paired \
            differences. Notes and judgments are stored as they arrive; the same command run \
            again resumes and asks only what is missing.

            A scribe is [NAME=]SPEC; NAME (default: the model's name) is its system in the notes \
            and the leaderboard.

            Examples:
              scribegrade bench --scribe openai:gpt-4.1-mini --scribe anthropic:claude-sonnet-4-6 \\
                  --judge openai:gpt-4.1 --transcripts Examples/primock57/transcripts \\
                  --rubrics Rubrics/primock57
            """ + "\n\n" + ExitStatus.help)

    @Option(name: .customLong("scribe"), help: ArgumentHelp("A model that writes notes (repeatable): [NAME=]openai:MODEL[@URL], anthropic:MODEL[@URL] or a model named in scribegrade.yaml.", valueName: "spec"))
    var scribeSpecs: [String] = []

    @Option(name: .customLong("transcripts"), help: ArgumentHelp("Directory with one transcript per encounter id (.txt, .json, TextGrid).", valueName: "dir"))
    var transcriptsPath: String

    @Option(name: .customLong("rubrics"), help: ArgumentHelp("A rubric file or directory (repeatable).", valueName: "path"))
    var rubricPaths: [String] = []

    @Option(name: .customLong("prompt"), help: ArgumentHelp("A scribe prompt file in the format of Prompts/scribe.txt.", valueName: "file"))
    var promptPath: String?

    @Option(name: .customLong("notes"), help: ArgumentHelp("Where the scribes' notes are written, as NOTES/<system>/<encounter>.md.", valueName: "dir"))
    var notesPath = ".scribegrade/bench-notes"

    @OptionGroup var run: RunOptions
    @OptionGroup var output: ReportOutputOptions

    func validate() throws {
        if scribeSpecs.isEmpty { throw ValidationError("Name at least one model with --scribe.") }
        if rubricPaths.isEmpty { throw ValidationError("Name at least one rubric file or directory with --rubrics.") }
    }

    /// `NAME=SPEC` or `SPEC`: a name is what precedes an `=` that comes before any `:`.
    static func scribe(_ text: String) throws -> (name: String?, spec: JudgeSpec) {
        if let equals = text.firstIndex(of: "="), !text[..<equals].contains(":") {
            return (String(text[..<equals]), try JudgeSpec(parsing: String(text[text.index(after: equals)...])))
        }
        return (nil, try JudgeSpec(parsing: text))
    }

    func run() async throws {
        let result = try await Diagnostics.exitingOnInputError { () -> (RunOptions.Outcome, [Rubric], Int)? in
            _ = try output.readRatings()  // a bad rating file stops the run before it asks anything
            let load = RubricLoader().load(rubricPaths)
            if !load.warnings.isEmpty {
                Terminal.error("note: \(load.warnings.count) rubric lint warning(s); `scribegrade validate \(rubricPaths.joined(separator: " "))` lists them")
            }
            let rubrics = try load.validRubrics()
            let wanted = Set(rubrics.map(\.encounter))
            let encounters = try EncounterLoader().loadDirectory(transcriptsPath).filter { wanted.contains($0.id) }
            guard !encounters.isEmpty else {
                throw InputError("no transcript for any rubric's encounter", at: SourceLocation(file: transcriptsPath))
            }
            let judges = try run.makeJudges()  // a bad judge stops the bench before any note is written
            let generation = NoteGeneration(engine: run.engine, promptPath: promptPath)
            var scribes: [(system: String, scribe: LLMJudge)] = []
            for text in scribeSpecs {
                let (name, spec) = try Self.scribe(text)
                let system = try NoteGeneration.system(for: spec, given: name, option: "--scribe")
                if scribes.contains(where: { $0.system == system }) {
                    throw InputError("two scribes are named '\(system)'; name them with NAME=SPEC", at: SourceLocation(file: "--scribe"))
                }
                scribes.append((system, try generation.makeScribe(spec, option: "--scribe")))
            }
            var notes: [Note] = []
            var missing = 0
            for (system, scribe) in scribes {
                guard let outcome = try await generation.generate(scribe: scribe, system: system, encounters: encounters, output: notesPath) else { continue }
                notes += outcome.notes.map { Note(system: $0.system, encounter: $0.encounter, text: $0.text, source: SourceLocation(file: "\(notesPath)/\($0.system)/\($0.encounter).md")) }
                missing += outcome.missing.count
            }
            if run.engine.dryRun {
                Terminal.error("note: grading is planned once the notes exist; run without --dry-run, or generate them first")
                return nil
            }
            guard !notes.isEmpty else { throw InputError("no scribe wrote any note", at: SourceLocation(file: "--scribe")) }
            let byID = Dictionary(encounters.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let plan = try RunPlan.make(rubrics: rubrics, notes: notes, encounters: byID, judges: judges, samples: run.samples)
            return try await run.execute(plan, judges: judges, output: output).map { ($0, plan.rubrics, missing) }
        }
        if let (outcome, rubrics, missing) = result {
            try output.print(outcome.report, rubrics: rubrics)
            if missing > 0 { throw ExitCode(ExitStatus.judgmentsFailed) }
            try outcome.exitIfFailed()
        }
    }
}
