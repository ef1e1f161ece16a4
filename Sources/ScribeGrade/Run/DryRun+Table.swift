import Foundation

extension DryRun {
    /// The `--dry-run` table: calls, judgments and estimated tokens and cost per judge.
    public func table() -> String {
        var lines = ["Dry run of \(run): \(notes) notes; nothing was asked.", ""]
        var rows = [["Judge", "Calls", "Judgments", "Reused", "Est. input tokens", "Est. output tokens", "Est. cost"]]
        for line in judges {
            rows.append([
                line.label, String(line.calls), String(line.judgments), String(line.reused),
                line.estimated ? String(line.usage.input) : "-", line.estimated ? String(line.usage.output) : "-",
                line.estimated ? String(format: "$%.4f", line.cost) : "free",
            ])
        }
        lines.append(contentsOf: GradeReport.align(rows, rightAligned: [1, 2, 3, 4, 5, 6]))
        lines.append("")
        lines.append(String(format: "Estimated total: $%.4f (input at 4 characters a token, no prompt-cache discount: an upper bound for shared-prefix prompts).", totalCost))
        return lines.joined(separator: "\n") + "\n"
    }
}
