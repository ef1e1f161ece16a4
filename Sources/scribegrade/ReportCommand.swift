import ArgumentParser
import Foundation
import ScribeGrade
import ScribeGradeStore

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the report of a stored run.",
        discussion: """
            RUN is a run id printed by `grade`, or `latest`. `scribegrade runs` lists them.

            Examples:
              scribegrade report latest
              scribegrade report run-3f2a9c1d0b7e --format html \\
                  --output report.html
              scribegrade report latest --format csv --criteria > criteria.csv
              scribegrade report latest --split test     # held-out encounters only

            Exit status: 0 the report was printed, also when judgments failed: the report says \
            how many failed and whose (the Failed column, JSON "failed"), shows no score for a \
            system whose every judgment failed and does not rank one above --max-failed-share; \
            `grade` exits 3 for the same run and asks them again. 1 error (store, internal); \
            2 input error (unknown run, bad ratings or split file); 64 usage error.
            """)

    @Argument(help: "A run id, or `latest`.")
    var run: String = "latest"

    @OptionGroup var output: ReportOutputOptions

    @OptionGroup var split: SplitOptions

    @Option(name: .customLong("store"), help: ArgumentHelp("The run database.", valueName: "path"))
    var storePath: String = SQLiteStore.defaultPath

    func run() async throws {
        let (report, rubrics) = try await Diagnostics.exitingOnInputError { () -> (GradeReport, [Rubric]) in
            let store = try StoredRun.openStore(storePath, access: .readOnly)
            var record = try await StoredRun.find(run, in: store, storePath: storePath)
            if let (encounters, selection) = try split.load() { record = record.restricted(to: encounters, split: selection) }
            let judgments = try await store.judgments(forKeys: record.judgmentKeys)
            return (GradeReport.build(run: record, judgments: judgments, bootstrap: output.bootstrapOptions, combination: output.combine), record.rubrics)
        }
        try output.print(report, rubrics: rubrics)
    }
}

struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List the runs in the run database, newest first.")

    @Option(name: .customLong("store"), help: ArgumentHelp("The run database.", valueName: "path"))
    var storePath: String = SQLiteStore.defaultPath

    func run() async throws {
        try await Diagnostics.exitingOnInputError {
            let formatter = ISO8601DateFormatter()
            for run in try await StoredRun.openStore(storePath, access: .readOnly).runs() {
                let judges = run.judges.map(\.label).joined(separator: " + ")
                // A generation run's answers are notes a model wrote, not judgments.
                let what = run.task == .scribe ? "\(run.notes.count) notes written by \(judges)"
                    : "\(run.notes.count) notes  \(run.judgmentKeys.count) judgments  \(judges)"
                Terminal.write("\(run.id)  \(formatter.string(from: run.createdAt))  \(run.status.rawValue)  \(what)\n")
            }
        }
    }
}
