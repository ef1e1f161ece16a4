import Foundation

extension GradeReport {
    /// The corrected leaderboard for a terminal: for each system the judge's raw score, the
    /// experts-only estimate and the prediction-powered one with their intervals, then the
    /// corrected paired differences, and how the intervals were computed.
    func correctionLines(maxFailedShare: Double) -> [String] {
        guard let correction else { return [] }
        var lines = ["", "What clinicians would score — " + Self.correctionHeading(correction)]
        let header = ["System", "Judge", "Experts only", "95% CI", "Rated", "Corrected", "95% CI", "Worth", "λ"]
        var rows: [[String]] = []
        var reasons: [String] = []
        for system in systems {
            guard let estimate = correction.systems[system.system] else {
                rows.append([system.system, judgeCell(system, maxFailedShare), "—", "", "0", "—", "", "", ""])
                if let reason = correction.missing[system.system] { reasons.append("\(system.system): \(reason)") }
                continue
            }
            let corrected = estimate.corrected
            rows.append([
                system.system, judgeCell(system, maxFailedShare),
                Self.fixed(estimate.expertsOnly.score), estimate.expertsOnly.ci95.map(Self.interval) ?? "—",
                String(corrected.expertItems), Self.fixed(corrected.score), corrected.ci95.map(Self.interval) ?? "—",
                corrected.effectiveItems.map { String(format: "%.0f", $0) } ?? "—", String(format: "%.2f", corrected.lambda),
            ])
            if let reason = corrected.reason { reasons.append("\(system.system): no interval — \(reason)") }
        }
        lines += Self.align([header] + rows, rightAligned: [1, 2, 4, 5, 7, 8])
        if !correction.comparisons.isEmpty {
            lines.append("Corrected paired differences (same encounters; * = 95% CI excludes 0):")
            lines += Self.align(correction.comparisons.map { c in
                ["\(c.a) − \(c.b)", Self.signed(c.result.difference), c.result.ci95.map(Self.interval) ?? "—",
                 "\(c.result.encounters) encounters", c.result.significant ? "*" : ""]
            }, rightAligned: [1])
        }
        lines += reasons
        lines.append("Rated = expert-rated units; Worth = how many expert ratings alone would give as narrow an interval; λ = weight on the judge (0 = experts only).")
        if let method = correction.systems.values.first?.corrected.method { lines.append("Corrected: \(method).") }
        return lines
    }

    /// What the corrected estimates rest on, in one line.
    public static func correctionHeading(_ correction: CorrectedLeaderboard) -> String {
        let level = correction.level == .criterion
            ? "criterion level"
            : "note level, \(correction.dimension ?? "") as \(correction.mapping ?? "")"
        return "\(level): \(correction.ratingsMatched) of \(correction.ratingsGiven) expert ratings matched this run's judged \(correction.level == .criterion ? "criteria" : "notes")"
    }

    private func judgeCell(_ system: SystemScore, _ maxFailedShare: Double) -> String {
        isRanked(system.system, maxFailedShare: maxFailedShare) ? Self.fixed(system.score) : "—"
    }

    /// The corrected leaderboard as an HTML section (empty without ratings), for the report and
    /// the service's leaderboard page alike: a row per system (`data-system`), the corrected
    /// interval's bounds in `data-ci`. `notice` goes between the heading and the table.
    public func correctionHTML(notice: String = "") -> String {
        guard let correction else { return "" }
        var body = "<h2>What clinicians would score</h2>" + notice
        body += "<p class=\"muted\">\(HTML.escape(Self.correctionHeading(correction))). \(HTML.escape(correction.note)). Corrected = the judge's scores on every unit, rectified by the judge–clinician differences on the rated ones (prediction-powered inference): an unbiased estimate of the clinicians' score whose interval accounts for the judge's errors and for how few items were rated.</p>"
        body += "<table id=corrected><thead><tr><th>System</th><th class=num>Judge</th><th class=num>Experts only</th><th class=num>95% CI</th><th class=num>Rated</th><th class=num>Corrected</th><th class=num>95% CI</th><th class=num>Worth</th><th class=num>λ</th></tr></thead><tbody>"
        for system in systems {
            let name = HTML.escape(system.system)
            guard let estimate = correction.systems[system.system] else {
                body += "<tr data-system=\"\(name)\"><td>\(name)</td><td class=num>\(Self.fixed(system.score))</td><td class=muted colspan=7>\(HTML.escape(correction.missing[system.system] ?? "no estimate"))</td></tr>"
                continue
            }
            let c = estimate.corrected, e = estimate.expertsOnly
            let bounds = c.ci95.map { "\($0[0]) \($0[1])" } ?? ""
            body += "<tr data-system=\"\(name)\"><td>\(name)</td><td class=num>\(Self.fixed(system.score))</td><td class=num>\(Self.fixed(e.score))</td><td class=num>\(e.ci95.map(Self.interval) ?? "—")</td><td class=num>\(c.expertItems)</td><td class=num><strong>\(Self.fixed(c.score))</strong></td><td class=\"num corrected-ci\" data-ci=\"\(bounds)\">\(c.ci95.map(Self.interval) ?? "—")</td><td class=num>\(c.effectiveItems.map { String(format: "%.0f", $0) } ?? "—")</td><td class=num>\(String(format: "%.2f", c.lambda))</td></tr>"
        }
        body += "</tbody></table>"
        if !correction.comparisons.isEmpty {
            body += "<table id=corrected-comparisons><thead><tr><th>Systems</th><th class=num>Corrected difference</th><th class=num>95% CI</th><th class=num>Shared encounters</th><th></th></tr></thead><tbody>"
            for c in correction.comparisons {
                body += "<tr><td>\(HTML.escape(c.a)) − \(HTML.escape(c.b))</td><td class=num>\(Self.signed(c.result.difference))</td><td class=num>\(c.result.ci95.map(Self.interval) ?? "—")</td><td class=num>\(c.result.encounters)</td><td>\(c.result.significant ? "CI excludes 0" : "")</td></tr>"
            }
            body += "</tbody></table>"
        }
        if let method = correction.systems.values.first?.corrected.method {
            body += "<p class=\"muted\">Corrected: \(HTML.escape(method)). Worth = how many expert ratings alone would give as narrow an interval; λ = weight on the judge (0 = experts only).</p>"
        }
        return body
    }
}
