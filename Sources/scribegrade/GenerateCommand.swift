import ArgumentParser
import Foundation
import ScribeGrade

/// `scribegrade generate`: a model writes the SOAP note of every encounter.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Have a model write the SOAP note of every encounter (models as scribes).",
        discussion: """
            Asks the model for the note of every transcript in --transcripts, with the scribe \
            prompt (Prompts/scribe.txt: SOAP sections, no invented facts; --prompt replaces it), \
            and writes NOTES/<system>/<encounter>.md with NOTES/<system>/scribe.jsonl recording \
            the model, its parameters, the prompt hash, tokens and cost of each note. `grade \
            --notes NOTES` then ranks models as it ranks products.

            Answers are stored in the run database as they arrive, like judgments: the same \
            command run again (after Ctrl-C, kill -9 or failures) asks only for the notes \
            missing, and on unchanged inputs asks nothing.

            Examples:
              scribegrade generate --model openai:gpt-4.1-mini \\
                  --transcripts Examples/primock57/transcripts --output notes
              scribegrade generate --model anthropic:claude-sonnet-4-6 --system sonnet \\
                  --transcripts Examples/primock57/transcripts --output notes --max-cost 2
            """ + "\n\n" + ExitStatus.help)

    @Option(name: .customLong("model"), help: ArgumentHelp("openai:MODEL[@URL], anthropic:MODEL[@URL] or a model named in scribegrade.yaml.", valueName: "spec"))
    var modelSpec: String

    @Option(name: .customLong("transcripts"), help: ArgumentHelp("Directory with one transcript per encounter id (.txt, .json, TextGrid).", valueName: "dir"))
    var transcriptsPath: String

    @Option(name: .customLong("prompt"), help: ArgumentHelp("A scribe prompt file in the format of Prompts/scribe.txt.", valueName: "file"))
    var promptPath: String?

    @Option(help: ArgumentHelp("The system the notes are filed under (default: the model's name).", valueName: "name"))
    var system: String?

    @Option(name: .customLong("output"), help: ArgumentHelp("The notes directory; notes go to NOTES/<system>/<encounter>.md.", valueName: "dir"))
    var outputPath: String

    @OptionGroup var engine: EngineOptions

    func run() async throws {
        let outcome = try await Diagnostics.exitingOnInputError { () -> NoteGeneration.Outcome? in
            let spec = try JudgeSpec(parsing: modelSpec)
            let generation = NoteGeneration(engine: engine, promptPath: promptPath)
            let scribe = try generation.makeScribe(spec, option: "--model")
            let system = try NoteGeneration.system(for: spec, given: system, option: "--system")
            let encounters = try EncounterLoader().loadDirectory(transcriptsPath)
            guard !encounters.isEmpty else { throw InputError("no transcripts", at: SourceLocation(file: transcriptsPath)) }
            return try await generation.generate(scribe: scribe, system: system, encounters: encounters, output: outputPath)
        }
        if let outcome, !outcome.missing.isEmpty { throw ExitCode(ExitStatus.judgmentsFailed) }
    }
}
