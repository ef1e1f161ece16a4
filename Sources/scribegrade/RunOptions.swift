import ArgumentParser
import Foundation
import ScribeGrade
import ScribeGradeProviders
import ScribeGradeStore

/// Options of every command that asks judges: which judges, how often each question, and the
/// engine's options (store, configuration, concurrency, budget).
struct RunOptions: ParsableArguments {
    @Option(name: .customLong("judge"), help: ArgumentHelp("baseline, replay:FILE, openai:MODEL[@URL], anthropic:MODEL[@URL] or a name from scribegrade.yaml (repeatable).", valueName: "spec"))
    var judgeSpecs: [String] = []

    @Option(help: "Ask each judge each question this many times (self-consistency; combined by --combine).")
    var samples: Int = 1

    @OptionGroup var engine: EngineOptions

    func validate() throws {
        if judgeSpecs.isEmpty { throw ValidationError("Name a judge with --judge (e.g. --judge baseline for the offline lexical baseline).") }
        if samples < 1 { throw ValidationError("--samples must be at least 1.") }
    }

    /// Builds the judges named by `--judge`, LLM judges from the configuration and specs.
    /// Throws `InputError` for unknown or broken specs, a bad configuration or a missing key.
    func makeJudges() throws -> [any Judge] {
        let factory = try engine.judgeFactory()
        return try judgeSpecs.map { try factory.makeJudge(JudgeSpec(parsing: $0)) }
    }

    /// What a run ended with: its report, and how many of its judgments failed.
    struct Outcome {
        var report: GradeReport
        var failed: Int

        /// Exit status 3 when any judgment failed (the summary line has said how many).
        func exitIfFailed() throws {
            if failed > 0 { throw ExitCode(ExitStatus.judgmentsFailed) }
        }
    }

    /// Runs the plan (`EngineOptions.ask`) and returns the run's report; with `--dry-run`,
    /// prints what would be asked and returns nil.
    func execute(_ plan: RunPlan, judges: [any Judge], output: ReportOutputOptions) async throws -> Outcome? {
        guard let judgments = try await engine.ask(plan, judges: judges) else { return nil }
        let failed = plan.judgmentKeys.filter { judgments[$0]?.failure != nil }.count
        let report = GradeReport.build(run: RunRecord(plan: plan), judgments: judgments, bootstrap: output.bootstrapOptions, combination: output.combine)
        return Outcome(report: report, failed: failed)
    }
}
