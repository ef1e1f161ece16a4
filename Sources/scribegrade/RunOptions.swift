import ArgumentParser
import Foundation
import ScribeGrade
import ScribeGradeProviders
import ScribeGradeStore

/// Options of every command that asks judges: which judges, how hard to push them, where to
/// store what they answer.
struct RunOptions: ParsableArguments {
    @Option(name: .customLong("judge"), help: ArgumentHelp("baseline, replay:FILE, openai:MODEL[@URL], anthropic:MODEL[@URL] or a name from scribegrade.yaml (repeatable).", valueName: "spec"))
    var judgeSpecs: [String] = []

    @Option(help: "Requests in flight at once per judge (default: the judge's `concurrency` in scribegrade.yaml, else 16 for LLM judges and 8 for offline ones).")
    var concurrency: Int?

    @Option(help: "Ask each judge each question this many times (self-consistency; combined by --combine).")
    var samples: Int = 1

    @Option(name: .customLong("store"), help: ArgumentHelp("The run database.", valueName: "path"))
    var storePath: String = SQLiteStore.defaultPath

    @Option(name: .customLong("config"), help: ArgumentHelp("The judges' configuration (default: $SCRIBEGRADE_CONFIG, else ./scribegrade.yaml when present).", valueName: "file"))
    var configPath: String?

    @Option(name: .customLong("max-cost"), help: ArgumentHelp("Stop starting calls once this many US dollars would be spent; what was answered is kept.", valueName: "usd"))
    var maxCost: Double?

    @Flag(name: .customLong("dry-run"), help: "Print the calls, estimated tokens and cost per judge, and ask nothing.")
    var dryRun = false

    @Option(name: .customLong("unreachable-after"), help: ArgumentHelp("Stop asking an LLM judge after this many connection failures, timeouts or 5xx answers in a row, and exit with status 4.", valueName: "n"))
    var unreachableAfter = 10

    func validate() throws {
        if judgeSpecs.isEmpty { throw ValidationError("Name a judge with --judge (e.g. --judge baseline for the offline lexical baseline).") }
        if let concurrency, concurrency < 1 { throw ValidationError("--concurrency must be at least 1.") }
        if samples < 1 { throw ValidationError("--samples must be at least 1.") }
        if let maxCost, !(maxCost >= 0) { throw ValidationError("--max-cost must be a number of dollars ≥ 0.") }
        if unreachableAfter < 1 { throw ValidationError("--unreachable-after must be at least 1.") }
    }

    /// Builds the judges named by `--judge`, LLM judges from the configuration and specs.
    /// Throws `InputError` for unknown or broken specs, a bad configuration or a missing key.
    func makeJudges() throws -> [any Judge] {
        let environment = ProcessInfo.processInfo.environment
        let config = try configPath.map { try ScribeGradeConfig.load($0) }
            ?? ScribeGradeConfig.discover(in: FileManager.default.currentDirectoryPath, environment: environment)
        var factory = JudgeFactory.withOfflineJudges(config: config, environment: environment)
        factory.unreachableAfter = unreachableAfter
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

    /// Runs the plan against the store with a progress line and returns the run's report; with
    /// `--dry-run`, prints what would be asked and returns nil.
    ///
    /// The first Ctrl-C stops asking, stores every answer in flight, marks the run `interrupted`,
    /// prints what is stored and the command that resumes it, and exits 130; a second quits at
    /// once. A judge found unreachable exits 4 after the same summary.
    func execute(_ plan: RunPlan, judges: [any Judge], output: ReportOutputOptions) async throws -> Outcome? {
        if dryRun {
            // A dry run reads an existing database to count reusable answers but never creates one.
            let store: any JudgmentStore = FileManager.default.fileExists(atPath: storePath) ? try SQLiteStore(path: storePath) : EmptyStore()
            let summary = try await RunEngine(store: store, judges: judges).dryRun(plan)
            Terminal.write(summary.table())
            return nil
        }
        let store = try SQLiteStore(path: storePath)
        let started = Date()
        let interrupt = InterruptSignal()
        defer { interrupt.uninstall() }
        let engine = RunEngine(
            store: store, judges: judges, concurrency: concurrency, maxCost: maxCost, interruption: interrupt.interruption
        ) { progress in
            ProgressLine.show(progress, started: started)
        }
        let judgments: [String: Judgment]
        do {
            judgments = try await engine.run(plan)
        } catch let unreachable as JudgeUnreachable {
            let stored = try await store.judgments(forKeys: plan.judgmentKeys)
            ProgressLine.finish(plan: plan, storePath: storePath, judgments: stored, status: .incomplete)
            Terminal.error("""
                error: \(unreachable); nothing more was asked of it, and nothing was stored as failed for the questions not asked.
                Check the judge's base URL and that its provider is up, then run the same command again to resume:
                  \(CommandLineText.current)
                """)
            throw ExitCode(ExitStatus.judgeUnreachable)
        }
        let status = try await store.run(plan.id)?.status
        ProgressLine.finish(plan: plan, storePath: storePath, judgments: judgments, status: status)
        if status == .interrupted {
            Terminal.error("""
                Run the same command again to resume; it asks only what is missing:
                  \(CommandLineText.current)
                """)
            throw ExitCode(ExitStatus.interrupted)
        }
        let failed = plan.judgmentKeys.filter { judgments[$0]?.failure != nil }.count
        let report = GradeReport.build(run: RunRecord(plan: plan), judgments: judgments, bootstrap: output.bootstrapOptions, combination: output.combine)
        return Outcome(report: report, failed: failed)
    }
}

/// A store holding nothing, for dry runs where no database exists yet.
struct EmptyStore: JudgmentStore {
    func begin(_ run: RunRecord) async throws {}
    func judgments(forKeys keys: [String]) async throws -> [String: Judgment] { [:] }
    func save(_ judgments: [Judgment]) async throws {}
    func finish(run: String, status: RunStatus) async throws {}
    func run(_ id: String) async throws -> RunRecord? { nil }
    func runs() async throws -> [RunRecord] { [] }
}
