import ArgumentParser
import Foundation
import ScribeGrade
import ScribeGradeStore

/// Options of every command that asks judges: which judges, how hard to push them, where to
/// store what they answer.
struct RunOptions: ParsableArguments {
    @Option(name: .customLong("judge"), help: ArgumentHelp("baseline, replay:FILE, openai:MODEL[@URL], anthropic:MODEL[@URL] or a name from scribegrade.yaml (repeatable).", valueName: "spec"))
    var judgeSpecs: [String] = []

    @Option(help: "Requests in flight at once per judge.")
    var concurrency: Int = 8

    @Option(help: "Ask each judge each question this many times (self-consistency; combined by --combine).")
    var samples: Int = 1

    @Option(name: .customLong("store"), help: ArgumentHelp("The run database.", valueName: "path"))
    var storePath: String = SQLiteStore.defaultPath

    func validate() throws {
        if judgeSpecs.isEmpty { throw ValidationError("Name a judge with --judge (e.g. --judge baseline for the offline lexical baseline).") }
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1.") }
        if samples < 1 { throw ValidationError("--samples must be at least 1.") }
    }

    /// Builds the judges named by `--judge`. Throws `InputError` for unknown or broken specs.
    func makeJudges() throws -> [any Judge] {
        try judgeSpecs.map { text -> any Judge in
            let spec = try JudgeSpec(parsing: text)
            guard let judge = try OfflineJudges.make(spec) else {
                throw InputError("judge '\(text)' needs a network provider, which this build does not have yet", at: SourceLocation(file: "--judge"))
            }
            return judge
        }
    }

    /// Runs the plan against the store with a progress line, and returns the run's report.
    func execute(_ plan: RunPlan, judges: [any Judge], output: ReportOutputOptions) async throws -> GradeReport {
        let store = try SQLiteStore(path: storePath)
        let started = Date()
        let engine = RunEngine(store: store, judges: judges, concurrency: concurrency) { progress in
            ProgressLine.show(progress, started: started)
        }
        let judgments = try await engine.run(plan)
        ProgressLine.finish(plan: plan, storePath: storePath, judgments: judgments)
        return GradeReport.build(run: RunRecord(plan: plan), judgments: judgments, bootstrap: output.bootstrapOptions, combination: output.combine)
    }
}
