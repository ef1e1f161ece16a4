import ArgumentParser
import Foundation
import ScribeGrade
import ScribeGradeStore

struct GradeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Grade notes against rubrics with a judge and print the leaderboard.",
        discussion: """
            Every note NOTES/<system>/<encounter>.txt is graded against each rubric whose
            `encounter` matches, one judgment per criterion. Judgments are stored in the run
            database as they arrive; the same command run again resumes the same run and asks
            only what is missing.

            Examples:
              scribegrade grade --rubrics Rubrics/primock57 --notes Examples/primock57/notes --judge baseline
              scribegrade grade --rubrics Rubrics/primock57 --notes notes.jsonl --judge replay:verdicts.csv --format json
            """)

    @Option(name: .customLong("rubrics"), help: ArgumentHelp("A rubric file or directory (repeatable).", valueName: "path"))
    var rubricPaths: [String] = []

    @Option(name: .customLong("notes"), help: ArgumentHelp("A notes directory NOTES/<system>/<encounter>.{txt,md,json} or a JSONL file.", valueName: "path"))
    var notesPath: String

    @Option(name: .customLong("transcripts"), help: ArgumentHelp("Directory with one transcript per encounter id (.txt, .json, TextGrid); needed only by judges that read transcripts.", valueName: "dir"))
    var transcriptsPath: String?

    @Option(name: .customLong("judge"), help: ArgumentHelp("baseline, replay:FILE, openai:MODEL[@URL], anthropic:MODEL[@URL] or a name from scribegrade.yaml (repeatable).", valueName: "spec"))
    var judgeSpecs: [String] = []

    @OptionGroup var output: ReportOutputOptions

    @Option(help: "Requests in flight at once per judge.")
    var concurrency: Int = 8

    @Option(name: .customLong("store"), help: ArgumentHelp("The run database.", valueName: "path"))
    var storePath: String = SQLiteStore.defaultPath

    func validate() throws {
        if rubricPaths.isEmpty { throw ValidationError("Name at least one rubric file or directory with --rubrics.") }
        if judgeSpecs.isEmpty { throw ValidationError("Name a judge with --judge (e.g. --judge baseline for the offline lexical baseline).") }
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1.") }
    }

    func run() async throws {
        let report = try await Diagnostics.exitingOnInputError { () -> (GradeReport, [Rubric]) in
            let load = RubricLoader().load(rubricPaths)
            Diagnostics.print(load.warnings)
            let rubrics = try load.validRubrics()
            let notes = try NotesLoader().load(notesPath)
            let judges = try judgeSpecs.map { text -> any Judge in
                let spec = try JudgeSpec(parsing: text)
                guard let judge = try OfflineJudges.make(spec) else {
                    throw InputError("judge '\(text)' needs a network provider, which this build does not have yet", at: SourceLocation(file: "--judge"))
                }
                return judge
            }
            var encounters: [String: Encounter] = [:]
            // Transcripts given are always checked, even when no judge reads them.
            if let transcriptsPath {
                for encounter in try EncounterLoader().loadDirectory(transcriptsPath) { encounters[encounter.id] = encounter }
            }
            let plan = try RunPlan.make(rubrics: rubrics, notes: notes, encounters: encounters, judges: judges)
            if !plan.unmatchedNotes.isEmpty {
                let ids = plan.unmatchedNotes.prefix(5).map(\.id).joined(separator: ", ")
                Terminal.error("warning: \(plan.unmatchedNotes.count) note(s) have no rubric for their encounter and are not graded: \(ids)\(plan.unmatchedNotes.count > 5 ? ", …" : "")")
            }
            guard !plan.notes.isEmpty else {
                throw InputError("no note matches a rubric's encounter; check that note file names are encounter ids", at: SourceLocation(file: notesPath))
            }
            let store = try SQLiteStore(path: storePath)
            let started = Date()
            let engine = RunEngine(store: store, judges: judges, concurrency: concurrency) { progress in
                ProgressLine.show(progress, started: started)
            }
            let judgments = try await engine.run(plan)
            ProgressLine.finish(plan: plan, storePath: storePath, judgments: judgments)
            let record = RunRecord(plan: plan)
            return (GradeReport.build(run: record, judgments: judgments, bootstrap: output.bootstrapOptions), plan.rubrics)
        }
        try output.print(report.0, rubrics: report.1)
    }
}
