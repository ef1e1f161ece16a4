import Foundation
import ScribeGrade

/// The end of a run's progress: its summary line. The line while it runs is
/// `RunProgress.line`, drawn by `ProgressReporter`.
enum ProgressLine {
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
}
