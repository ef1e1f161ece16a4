import ArgumentParser
import Foundation
import ScribeGrade

struct GradeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Grade notes against rubrics with a judge and print the leaderboard.",
        discussion: """
            Every note NOTES/<system>/<encounter>.txt is graded against each rubric whose \
            `encounter` matches, one judgment per criterion. Judgments are stored in the run \
            database as they arrive; the same command run again resumes the same run and asks \
            only what is missing.

            Examples:
              scribegrade grade --rubrics Rubrics/primock57 \\
                  --notes Examples/primock57/notes --judge baseline
              scribegrade grade --rubrics Rubrics/primock57 --notes notes.jsonl \\
                  --judge replay:verdicts.csv --format json
              scribegrade grade --rubrics Rubrics/primock57 \\
                  --notes Examples/primock57/notes --judge baseline --split test
              scribegrade grade --rubrics Rubrics/primock57 \\
                  --notes Examples/primock57/notes \\
                  --transcripts Examples/primock57/transcripts \\
                  --judge openai:gpt-4.1-mini --samples 3 --max-cost 5 --dry-run
            """ + "\n\n" + ExitStatus.help)

    @Option(name: .customLong("rubrics"), help: ArgumentHelp("A rubric file or directory (repeatable).", valueName: "path"))
    var rubricPaths: [String] = []

    @Option(name: .customLong("notes"), help: ArgumentHelp("A notes directory NOTES/<system>/<encounter>.{txt,md,json} or a JSONL file.", valueName: "path"))
    var notesPath: String

    @Option(name: .customLong("transcripts"), help: ArgumentHelp("Directory with one transcript per encounter id (.txt, .json, TextGrid); needed only by judges that read transcripts.", valueName: "dir"))
    var transcriptsPath: String?

    @OptionGroup var run: RunOptions
    @OptionGroup var output: ReportOutputOptions
    @OptionGroup var split: SplitOptions

    func validate() throws {
        if rubricPaths.isEmpty { throw ValidationError("Name at least one rubric file or directory with --rubrics.") }
    }

    func run() async throws {
        let result = try await Diagnostics.exitingOnInputError { () -> (RunOptions.Outcome, [Rubric])? in
            _ = try output.readRatings()  // a bad rating file stops the run before it asks anything
            let load = RubricLoader().load(rubricPaths)
            if !load.warnings.isEmpty {
                Terminal.error("note: \(load.warnings.count) rubric lint warning(s); `scribegrade validate \(rubricPaths.joined(separator: " "))` lists them")
            }
            var rubrics = try load.validRubrics()
            var notes = try NotesLoader().load(notesPath)
            let chosen = try split.load()
            if let (encounters, _) = chosen {
                rubrics = rubrics.filter { encounters.contains($0.encounter) }
                notes = notes.filter { encounters.contains($0.encounter) }
            }
            let judges = try run.makeJudges()
            // Transcripts given are always checked, even when no judge reads them.
            let encounters = try transcriptsPath.map(Self.loadEncounters) ?? [:]
            var plan = try RunPlan.make(rubrics: rubrics, notes: notes, encounters: encounters, judges: judges, samples: run.samples)
            plan.split = chosen?.selection
            if !plan.unmatchedNotes.isEmpty {
                let ids = plan.unmatchedNotes.prefix(5).map(\.id).joined(separator: ", ")
                Terminal.error("warning: \(plan.unmatchedNotes.count) note(s) have no rubric for their encounter and are not graded: \(ids)\(plan.unmatchedNotes.count > 5 ? ", …" : "")")
            }
            guard !plan.notes.isEmpty else {
                throw InputError("no note matches a rubric's encounter; check that note file names are encounter ids", at: SourceLocation(file: notesPath))
            }
            return try await run.execute(plan, judges: judges, output: output).map { ($0, plan.rubrics) }
        }
        if let (outcome, rubrics) = result {
            try output.print(outcome.report, rubrics: rubrics)
            try outcome.exitIfFailed()
        }
    }

    static func loadEncounters(_ directory: String) throws -> [String: Encounter] {
        Dictionary(try EncounterLoader().loadDirectory(directory).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
