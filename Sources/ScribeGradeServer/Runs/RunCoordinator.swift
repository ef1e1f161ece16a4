import Foundation
import Logging
import ScribeGrade
import ScribeGradeProviders
import ScribeGradeStore
import ServiceLifecycle
import Synchronization

/// The grading runs this service is executing, each in a task of its own.
///
/// A run is started once: asking for a run already in flight returns it. Cancelling a run
/// cancels its task; the engine stops starting calls, drops answers in flight, and the run is
/// stored `cancelled` with everything answered so far, so starting it again resumes it. As a
/// `Service`, the coordinator cancels every run when the service shuts down gracefully
/// (SIGTERM, SIGINT) and waits for each to record its status.
actor RunCoordinator: Service {
    /// A run in flight.
    struct Active: Sendable {
        let record: RunRecord
        let task: Task<Void, Never>
        let progress: ProgressBox
        let startedAt: Date
        var cancelRequested = false
    }

    /// The latest progress a run's engine reported.
    final class ProgressBox: Sendable {
        let value: Mutex<RunProgress>

        init(_ progress: RunProgress) {
            value = Mutex(progress)
        }
    }

    private var active: [String: Active] = [:]
    let store: SQLiteStore
    let metrics: ServiceMetrics
    let transports: TransportPool
    let logger: Logger

    init(store: SQLiteStore, metrics: ServiceMetrics, transports: TransportPool, logger: Logger) {
        self.store = store
        self.metrics = metrics
        self.transports = transports
        self.logger = logger
    }

    /// Starts the plan unless it is already running; returns whether it was started.
    func start(_ plan: RunPlan, judges: [any Judge], concurrency: Int?, maxCost: Double?) -> Bool {
        guard active[plan.id] == nil else { return false }
        let (store, metrics, logger) = (self.store, self.metrics, self.logger)
        let box = ProgressBox(RunProgress(total: plan.judgmentKeys.count, reused: 0))
        let engine = RunEngine(
            store: store, judges: judges.map { MeteredJudge(inner: $0, metrics: metrics) },
            concurrency: concurrency, maxCost: maxCost
        ) { progress in box.value.withLock { $0 = progress } }
        let id = plan.id
        let task = Task.detached {
            logger.info("run started", metadata: ["run": "\(id)", "judgments": "\(plan.judgmentKeys.count)", "notes": "\(plan.notes.count)"])
            var status: RunStatus
            do {
                _ = try await engine.run(plan)
                status = try await store.run(id)?.status ?? .incomplete
            } catch is CancellationError {
                status = .cancelled
            } catch {
                logger.error("run failed", metadata: ["run": "\(id)", "error.type": "\(String(reflecting: type(of: error)))"])
                status = .incomplete
            }
            if status == .cancelled || status == .incomplete {
                // The store's async calls honour cancellation, so a cancelled run records its
                // status from a task of its own.
                let final = status
                let recorded = await Task.detached { try await store.finish(run: id, status: final) }.result
                if case let .failure(error) = recorded {
                    logger.error("could not record run status", metadata: ["run": "\(id)", "error.type": "\(String(reflecting: type(of: error)))"])
                }
            }
            metrics.runFinished(status: status)
            logger.info("run finished", metadata: ["run": "\(id)", "status": "\(status.rawValue)"])
            await self.finished(id)
        }
        active[id] = Active(record: RunRecord(plan: plan), task: task, progress: box, startedAt: Date())
        metrics.runStarted()
        metrics.activeRuns(active.count)
        return true
    }

    private func finished(_ id: String) {
        active[id] = nil
        metrics.activeRuns(active.count)
    }

    /// A run in flight as it stands.
    struct Snapshot: Sendable {
        var record: RunRecord
        var progress: RunProgress
        var startedAt: Date
        var cancelRequested: Bool
    }

    /// A run in flight, with its latest progress.
    func snapshot(_ id: String) -> Snapshot? {
        active[id].map { Snapshot(record: $0.record, progress: $0.progress.value.withLock { $0 }, startedAt: $0.startedAt, cancelRequested: $0.cancelRequested) }
    }

    /// Every run in flight.
    func snapshots() -> [String: Snapshot] {
        active.keys.reduce(into: [:]) { result, id in result[id] = snapshot(id) }
    }

    /// Asks a run in flight to stop; false when it is not running here.
    func cancel(_ id: String) -> Bool {
        guard var run = active[id] else { return false }
        run.cancelRequested = true
        active[id] = run
        run.task.cancel()
        return true
    }

    /// Cancels every run and waits until each has recorded its status.
    func cancelAll() async {
        let tasks = active.values.map(\.task)
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    /// Waits for the graceful shutdown of the service, then stops every run cleanly.
    nonisolated func run() async throws {
        try? await gracefulShutdown()
        await cancelAll()
        try? await transports.shutdown()
    }
}
