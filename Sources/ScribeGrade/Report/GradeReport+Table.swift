import Foundation

extension GradeReport {
    /// The leaderboard for a terminal: a header naming the run and judge (with its kind, so a
    /// lexical baseline is never read as an LLM), one row per system, then paired differences.
    ///
    /// A system more than `maxFailedShare` of whose judgments failed is not ranked: its score
    /// and interval show "—", it is listed after the ranked ones with a footnote saying why,
    /// and it appears in no paired difference.
    public func table(maxFailedShare: Double = GradeReport.defaultMaxFailedShare) -> String {
        var lines: [String] = []
        lines.append("Run \(run) · judge: \(judgeLabel)")
        if let split { lines.append("Only the encounters of \(split)") }
        if task == .statementSupport {
            lines.append("Statement check: score = share of a note's statements the transcript supports")
        }
        let encounters = Set(notes.map(\.encounter)).count
        lines.append("\(notes.count) graded notes (note × rubric) over \(encounters) encounters; 95% CI: bootstrap over encounters, \(bootstrap.resamples) resamples, seed \(bootstrap.seed)")
        if let failedLine { lines.append(failedLine) }
        lines += spendLines
        lines.append("")
        let header = ["System", "Score", "95% CI", "Notes", "Critical missed", "Failed"]
        var rows: [[String]] = []
        var notRanked: [String] = []
        for system in systems where isRanked(system.system, maxFailedShare: maxFailedShare) {
            rows.append([
                system.system, Self.fixed(system.score), Self.interval(system.ci95, encounters: system.encounters), String(system.notes),
                String(system.criticalMissed), String(system.failed),
            ])
        }
        for system in systems where !isRanked(system.system, maxFailedShare: maxFailedShare) {
            rows.append([system.system, "—", "—", String(system.notes), String(system.criticalMissed), "\(system.failed) †"])
            notRanked.append(notRankedFootnote(system.system, maxFailedShare: maxFailedShare))
        }
        lines.append(contentsOf: Self.align([header] + rows, rightAligned: [1, 3, 4, 5]))
        if !notRanked.isEmpty {
            lines.append("")
            lines.append(contentsOf: notRanked.map { "† " + $0 })
        }
        let ranked = comparisons.filter {
            isRanked($0.a, maxFailedShare: maxFailedShare) && isRanked($0.b, maxFailedShare: maxFailedShare)
        }
        if !ranked.isEmpty {
            lines.append("")
            lines.append("Paired differences (same encounters; * = 95% CI excludes 0):")
            let comparisonRows = ranked.map {
                [
                    "\($0.a) − \($0.b)", Self.signed($0.difference), Self.interval($0.ci95, encounters: $0.encounters),
                    Self.encounters($0.encounters), $0.significant ? "*" : "",
                ]
            }
            lines.append(contentsOf: Self.align(comparisonRows, rightAligned: [1]))
        }
        lines += sectionLines(maxFailedShare: maxFailedShare)
        lines += correctionLines(maxFailedShare: maxFailedShare)
        if judges.contains(where: { $0.kind == .lexicalBaseline }) {
            lines.append("")
            lines.append("Note: 'baseline' is a lexical token-matching baseline, not an LLM; use it to check the pipeline, not to rank products.")
        }
        if judges.count > 1 || !selfConsistency.isEmpty {
            lines.append("Verdicts of several judges or samples combined by \(combination.rawValue).")
        }
        if ties > 0 { lines.append("\(ties) criteria tied between judges or samples (resolved to the first judge's verdict).") }
        for consistency in selfConsistency {
            lines.append(String(
                format: "Self-consistency of %@: samples disagree on %.1f%% of %d questions (%d criteria affected).",
                consistency.judge, consistency.disagreementRate * 100, consistency.questions, consistency.criteria.count))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Each ranked system's score over only the criteria of each SOAP section (the MedScribe
    /// leaderboard's columns); omitted when every criterion is of one section.
    func sectionLines(maxFailedShare: Double) -> [String] {
        let ranked = systems.filter { isRanked($0.system, maxFailedShare: maxFailedShare) }
        let sections = SOAPSection.allCases.map(\.rawValue).filter { section in ranked.contains { $0.sections[section] != nil } }
        guard sections.count > 1 else { return [] }
        let rows = ranked.map { system in [system.system] + sections.map { system.sections[$0].map { Self.fixed($0) } ?? "—" } }
        return ["", "By SOAP section (score over only that section's criteria):"]
            + Self.align([["System"] + sections] + rows, rightAligned: Set(1...sections.count))
    }

    static func fixed(_ value: Double, digits: Int = 3) -> String {
        String(format: "%.\(digits)f", value)
    }

    static func signed(_ value: Double) -> String {
        String(format: "%+.3f", value)
    }

    static func interval(_ ci: [Double]) -> String {
        ci.count == 2 ? "[\(fixed(ci[0])), \(fixed(ci[1]))]" : "n/a"
    }

    /// An interval over `encounters`, or why there is none: `n/a (1 encounter)` (a bootstrap
    /// over fewer than two encounters gives none).
    public static func interval(_ ci: [Double], encounters: Int) -> String {
        ci.count == 2 ? interval(ci) : "n/a (\(Self.encounters(encounters)))"
    }

    /// `1 encounter`, `3 encounters`.
    static func encounters(_ count: Int) -> String {
        count == 1 ? "1 encounter" : "\(count) encounters"
    }

    /// What each judge billed, one line each (`Tokens in/out of J: 2400/80 (1600 cached) · $0.0040`);
    /// none when the run billed nothing (a baseline or replayed verdicts).
    var spendLines: [String] {
        guard spend.contains(where: { $0.usage != .zero || $0.cost != 0 }) else { return [] }
        return spend.map { "Tokens in/out of \($0.judge): \($0.usage.inOutText) · $\(String(format: "%.4f", $0.cost))" }
    }

    /// Pads columns to equal width, right-aligning the given column indexes.
    static func align(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return rightAligned.contains(index) ? padding + cell : cell + padding
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }
}
