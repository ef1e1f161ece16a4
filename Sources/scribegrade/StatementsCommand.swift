import ArgumentParser
import Foundation
import ScribeGrade

struct StatementsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statements",
        abstract: "Check each statement of each note against the transcript (the hallucination check).",
        discussion: """
            Splits every note into statements and asks the judge, per statement, whether the \
            transcript supports it. A note's score is the share of its statements supported; \
            `scribegrade calibrate RUN --ratings FILE` compares the verdicts with clinicians'.

            With --primock57-statements, the statements are PriMock57's own split \
            (note_statements.csv), whose ids (L001, …) match the clinician labels converted by \
            `scribegrade import primock57-statement-labels`.

            Examples:
              scribegrade statements \\
                  --primock57-statements Examples/primock57/note_statements.csv \\
                  --transcripts Examples/primock57/transcripts --judge baseline
              scribegrade statements --notes Examples/aci-bench/notes \\
                  --transcripts Examples/aci-bench/transcripts \\
                  --judge baseline --format json
            """ + "\n\n" + ExitStatus.help)

    @Option(name: .customLong("notes"), help: ArgumentHelp("A notes directory NOTES/<system>/<encounter>.txt or a JSONL file; statements are split from each note.", valueName: "path"))
    var notesPath: String?

    @Option(name: .customLong("primock57-statements"), help: ArgumentHelp("PriMock57's note_statements.csv: use its notes and its statement split.", valueName: "csv"))
    var priMockStatements: String?

    @Option(name: .customLong("transcripts"), help: ArgumentHelp("Directory with one transcript per encounter id.", valueName: "dir"))
    var transcriptsPath: String

    @OptionGroup var run: RunOptions
    @OptionGroup var output: ReportOutputOptions

    func validate() throws {
        if (notesPath == nil) == (priMockStatements == nil) {
            throw ValidationError("Give exactly one of --notes and --primock57-statements.")
        }
    }

    func run() async throws {
        let result = try await Diagnostics.exitingOnInputError { () -> (RunOptions.Outcome, [Rubric])? in
            _ = try output.readRatings()  // a bad rating file stops the run before it asks anything
            let sets: [(note: Note, statements: Rubric)]
            if let priMockStatements {
                let table = try CSVTable(parsing: try LocalFileSource().read(priMockStatements), path: priMockStatements)
                sets = try PriMockStatementLabels.statementSets(from: table)
            } else {
                sets = try NotesLoader().load(notesPath!).map { ($0, StatementSet.split($0)) }.filter { !$0.1.criteria.isEmpty }
            }
            let judges = try run.makeJudges()
            let encounters = try GradeCommand.loadEncounters(transcriptsPath)
            let plan = try RunPlan.makeStatementCheck(sets: sets, encounters: encounters, judges: judges, samples: run.samples)
            return try await run.execute(plan, judges: judges, output: output).map { ($0, plan.rubrics) }
        }
        if let (outcome, rubrics) = result {
            try output.print(outcome.report, rubrics: rubrics)
            try outcome.exitIfFailed()
        }
    }
}
