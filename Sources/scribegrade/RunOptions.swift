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

    func validate() throws {
        if judgeSpecs.isEmpty { throw ValidationError("Name a judge with --judge (e.g. --judge baseline for the offline lexical baseline).") }
        if let concurrency, concurrency < 1 { throw ValidationError("--concurrency must be at least 1.") }
        if samples < 1 { throw ValidationError("--samples must be at least 1.") }
        if let maxCost, !(maxCost >= 0) { throw ValidationError("--max-cost must be a number of dollars ≥ 0.") }
    }

    /// Builds the judges named by `--judge`, LLM judges from the configuration and specs.
    /// Throws `InputError` for unknown or broken specs, a bad configuration or a missing key.
    func makeJudges() throws -> [any Judge] {
        let environment = ProcessInfo.processInfo.environment
        let config = try configPath.map { try ScribeGradeConfig.load($0) }
            ?? ScribeGradeConfig.discover(in: FileManager.default.currentDirectoryPath, environment: environment)
        let factory = JudgeFactory.withOfflineJudges(config: config, environment: environment)
        return try judgeSpecs.map { try factory.makeJudge(JudgeSpec(parsing: $0)) }
    }

    /// Runs the plan against the store with a progress line and returns the run's report; with
    /// `--dry-run`, prints what would be asked and returns nil.
    func execute(_ plan: RunPlan, judges: [any Judge], output: ReportOutputOptions) async throws -> GradeReport? {
        if dryRun {
            // A dry run reads an existing database to count reusable answers but never creates one.
            let store: any JudgmentStore = FileManager.default.fileExists(atPath: storePath) ? try SQLiteStore(path: storePath) : EmptyStore()
            let summary = try await RunEngine(store: store, judges: judges).dryRun(plan)
            Terminal.write(summary.table())
            return nil
        }
        let store = try SQLiteStore(path: storePath)
        let started = Date()
        let engine = RunEngine(store: store, judges: judges, concurrency: concurrency, maxCost: maxCost) { progress in
            ProgressLine.show(progress, started: started)
        }
        let judgments = try await engine.run(plan)
        let status = try await store.run(plan.id)?.status
        ProgressLine.finish(plan: plan, storePath: storePath, judgments: judgments, status: status)
        return GradeReport.build(run: RunRecord(plan: plan), judgments: judgments, bootstrap: output.bootstrapOptions, combination: output.combine)
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
