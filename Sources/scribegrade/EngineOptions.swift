import ArgumentParser
import Foundation
import ScribeGrade
import ScribeGradeProviders
import ScribeGradeStore

/// Options of every command that runs the run engine — grading, the statement check and note
/// generation: where answers are stored, which configuration names the models, how hard to
/// push them, what to spend.
struct EngineOptions: ParsableArguments {
    @Option(help: "Requests in flight at once per judge (default: the judge's `concurrency` in scribegrade.yaml, else 16 for LLM judges and 8 for offline ones). An LLM judge's requests in flight adapt below it to what its server sustains, backing off on timeouts, queueing, 429 and 503.")
    var concurrency: Int?

    @Option(help: ArgumentHelp("Seconds one request to an LLM judge may take once sent, for every judge (default: the judge's `timeout` in scribegrade.yaml, else 60).", valueName: "seconds"))
    var timeout: Double?

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

    @Flag(name: .customLong("batch"), help: "Ask LLM judges through their provider's batch API (OpenAI Batch, Anthropic Message Batches) at half the price; a re-run polls the stored batches instead of submitting again. What a batch leaves unanswered is asked one by one.")
    var batch = false

    @Option(name: .customLong("batch-poll-interval"), help: ArgumentHelp("With --batch: seconds before the second poll of a batch; doubles up to 5 minutes.", valueName: "seconds"))
    var batchPollInterval = 5.0

    func validate() throws {
        if !(batchPollInterval > 0) { throw ValidationError("--batch-poll-interval must be a number of seconds > 0.") }
        if let concurrency, concurrency < 1 { throw ValidationError("--concurrency must be at least 1.") }
        if let timeout, !(timeout > 0 && timeout.isFinite) { throw ValidationError("--timeout must be a number of seconds > 0.") }
        if let maxCost, !(maxCost >= 0) { throw ValidationError("--max-cost must be a number of dollars ≥ 0.") }
        if unreachableAfter < 1 { throw ValidationError("--unreachable-after must be at least 1.") }
    }

    /// The factory of judges and scribes, from the configuration and the environment.
    /// Throws `InputError` for a bad configuration.
    func judgeFactory() throws -> JudgeFactory {
        let environment = ProcessInfo.processInfo.environment
        let config = try configPath.map { try ScribeGradeConfig.load($0) }
            ?? ScribeGradeConfig.discover(in: FileManager.default.currentDirectoryPath, environment: environment)
        var factory = JudgeFactory.withOfflineJudges(config: config, environment: environment)
        factory.unreachableAfter = unreachableAfter
        factory.timeout = timeout
        factory.concurrency = concurrency
        return factory
    }

    /// Runs the plan against the store with a progress line and returns every judgment it
    /// needs that is stored; with `--dry-run`, prints what would be asked and returns nil.
    ///
    /// The first Ctrl-C stops asking, stores every answer in flight, marks the run `interrupted`,
    /// prints what is stored and the command that resumes it, and exits 130; a second quits at
    /// once. A judge found unreachable exits 4 after the same summary.
    func ask(_ plan: RunPlan, judges: [any Judge]) async throws -> [String: Judgment]? {
        if dryRun {
            // A dry run reads an existing database to count reusable answers but never creates one.
            let store: any JudgmentStore = FileManager.default.fileExists(atPath: storePath) ? try SQLiteStore(path: storePath) : EmptyStore()
            var summary = try await RunEngine(store: store, judges: judges).dryRun(plan)
            // Judges asked in batches pay batch prices.
            for index in summary.judges.indices where BatchRunEngine.batches(judges[index], allJudges: batch) {
                summary.judges[index].cost *= Prices.batchDiscount
            }
            Terminal.write(summary.table())
            return nil
        }
        let store = try SQLiteStore(path: storePath)
        let interrupt = InterruptSignal()
        defer { interrupt.uninstall() }
        let reporter = ProgressReporter(task: plan.task)
        let engine = RunEngine(
            store: store, judges: judges, concurrency: concurrency, maxCost: maxCost, interruption: interrupt.interruption
        ) { progress in
            reporter.report(progress)
        }
        let judgments: [String: Judgment]
        do {
            do {
                try await askInBatches(plan, judges: judges, store: store, interruption: interrupt.interruption)
            } catch let failed as BatchAPIError {
                // The batches already created are stored; asking their questions one by one now
                // would pay for them twice.
                try await store.finish(run: plan.id, status: .incomplete)
                Terminal.error("""
                    error: \(failed); every batch created so far is stored and nothing more was asked.
                    Run the same command again to poll the stored batches and ask what is missing:
                      \(CommandLineText.current)
                    """)
                throw ExitCode(failed.retryable ? ExitStatus.judgeUnreachable : ExitStatus.error)
            }
            judgments = try await reporter.whileRunning { try await engine.run(plan) }
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
        return judgments
    }
}

extension EngineOptions {
    /// `--batch` (or judges configured `batch: true`): answers what those LLM judges can through
    /// provider batches before the run engine asks the rest one by one. Batches a killed run
    /// left are polled even without `--batch`, so nothing they hold is paid for twice.
    func askInBatches(_ plan: RunPlan, judges: [any Judge], store: SQLiteStore, interruption: RunInterruption) async throws {
        let polling = BatchPolling(initialInterval: batchPollInterval)
        let batching: [any Judge] = judges.map { judge in
            guard var llm = judge as? LLMJudge else { return judge }
            llm.batchPolling = polling
            return llm
        }
        try await BatchRunEngine(store: store, judges: batching, allJudges: batch, interruption: interruption) { Terminal.error($0) }.run(plan)
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
