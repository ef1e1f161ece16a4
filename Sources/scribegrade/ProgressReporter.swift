import Foundation
import Synchronization
import ScribeGrade

/// Draws a run's progress line as the engine reports and on a clock, so elapsed time and
/// requests in flight move while nothing completes. On a terminal the line is redrawn at most
/// ten times a second and at least once a second; otherwise a plain line is printed at each
/// tenth of the run done, and at least every `quietInterval` seconds while nothing is.
final class ProgressReporter: Sendable {
    struct State {
        var latest: RunProgress?
        var lastDrawn = Date.distantPast
        var decile = -1
        var stopped = false
    }

    let started: Date
    let task: JudgeTask
    let interactive: Bool
    let quietInterval: Double
    private let state = Mutex(State())

    init(started: Date = Date(), task: JudgeTask, interactive: Bool = Terminal.isInteractive, quietInterval: Double = 30) {
        self.started = started
        self.task = task
        self.interactive = interactive
        self.quietInterval = quietInterval
    }

    /// Runs `body` (the run) with the clock redrawing the line once a second; stops drawing
    /// when it returns, before the summary is printed.
    func whileRunning<T>(_ body: () async throws -> T) async rethrows -> T {
        let clock = Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                draw(nil, now: Date())
            }
        }
        defer {
            state.withLock { $0.stopped = true }
            clock.cancel()
        }
        return try await body()
    }

    /// The engine's report of progress.
    func report(_ progress: RunProgress) {
        draw(progress, now: Date())
    }

    /// Draws the latest progress when the policy says so; a clock tick passes nil.
    private func draw(_ update: RunProgress?, now: Date) {
        let line = state.withLock { state -> String? in
            guard !state.stopped else { return nil }
            if let update { state.latest = update }
            guard let progress = state.latest, progress.asked > 0 else { return nil }
            let quiet = now.timeIntervalSince(state.lastDrawn)
            let due: Bool
            if interactive {
                due = update == nil ? quiet >= 0.9 : progress.done == progress.asked || quiet >= 0.1
            } else {
                let decile = progress.done * 10 / progress.asked
                due = (update != nil && decile != state.decile) || quiet >= quietInterval
                if due { state.decile = decile }
            }
            guard due else { return nil }
            state.lastDrawn = now
            return progress.line(elapsed: now.timeIntervalSince(started), task: task)
        }
        guard let line else { return }
        if interactive { Terminal.status(line) } else { Terminal.error(line) }
    }
}
