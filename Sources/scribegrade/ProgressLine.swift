import Foundation
import Synchronization
import ScribeGrade

/// The progress line of a run: done/total, rate, ETA, tokens and cost on a terminal (redrawn at
/// most ten times a second), and a plain line every 10% otherwise.
enum ProgressLine {
    private static let lastDecile = Mutex(-1)
    /// When the terminal line was last drawn.
    private static let lastDrawn = Mutex(Date.distantPast)

    static func show(_ progress: RunProgress, started: Date, task: JudgeTask = .criterion) {
        let asked = progress.total - progress.reused
        guard asked > 0 else { return }
        let now = Date()
        let shouldPrint: Bool
        if Terminal.isInteractive {
            shouldPrint = lastDrawn.withLock { last in
                guard progress.done == asked || now.timeIntervalSince(last) >= 0.1 else { return false }
                last = now
                return true
            }
        } else {
            let decile = progress.done * 10 / asked
            shouldPrint = lastDecile.withLock { last in
                guard decile != last else { return false }
                last = decile
                return true
            }
        }
        guard shouldPrint else { return }
        let elapsed = max(now.timeIntervalSince(started), 1e-3)
        let rate = Double(progress.done) / elapsed
        let remaining = rate > 0 ? Double(asked - progress.done) / rate : 0
        let line = String(
            format: "%@ %d/%d (%d reused) · %.1f/s · ETA %@ · %d failed · %d in / %d out tokens · $%.4f",
            task == .scribe ? "writing notes" : "judging", progress.done, asked, progress.reused, rate, duration(remaining), progress.failed,
            progress.usage.input, progress.usage.output, progress.cost)
        if Terminal.isInteractive { Terminal.status(line) } else { Terminal.error(line) }
    }

    static func finish(plan: RunPlan, storePath: String, judgments: [String: Judgment], status: RunStatus?) {
        let failed = plan.judgmentKeys.filter { judgments[$0]?.failure != nil }.count
        let missing = plan.judgmentKeys.filter { judgments[$0] == nil }.count
        if Terminal.isInteractive { Terminal.status("", final: false) }
        var line = "\(plan.id): \(plan.judgmentKeys.count - missing) of \(plan.judgmentKeys.count) \(plan.task == .scribe ? "notes" : "judgments for \(plan.notes.count) notes") stored in \(storePath)"
        if status == .budgetExhausted { line += "; stopped at the --max-cost budget (\(missing) not asked; run again with a higher budget to continue)" }
        if status == .interrupted { line += "; interrupted by Ctrl-C (\(missing) not asked)" }
        if status == .incomplete, missing > 0, failed == 0 { line += "; \(missing) not asked" }
        if failed > 0 { line += "; \(failed) failed (run the same command again to retry them)" }
        Terminal.status(line, final: true)
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\((s % 3600) / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }
}
