import Foundation

extension GradeReport {
    /// A self-contained HTML report: the leaderboard as an SVG bar chart with CIs, paired
    /// differences, and a per-note, per-criterion table. Criterion texts come from `rubrics`;
    /// note and transcript text are not included.
    ///
    /// A system more than `maxFailedShare` of whose judgments failed is not ranked, as in the
    /// table: it is left out of the chart and the paired differences, and its row shows "—"
    /// with a footnote naming its failed share.
    public func html(rubrics: [Rubric], maxFailedShare: Double = GradeReport.defaultMaxFailedShare) -> String {
        let criterionText = Dictionary(
            rubrics.flatMap { rubric in rubric.criteria.map { ("\(rubric.id)/\($0.id)", $0) } },
            uniquingKeysWith: { first, _ in first })
        var body = "<h1>ScribeGrade report <code>\(HTML.escape(run))</code></h1>"
        if let split { body += "<p class=split>\(HTML.escape(split.description))</p>" }
        body += "<p>Judge: <strong>\(HTML.escape(judgeLabel))</strong>"
        if judges.contains(where: { $0.kind == .lexicalBaseline }) {
            body += " <span class=\"badge warn\">lexical baseline — not an LLM</span>"
        }
        body += "<br><span class=\"muted\">\(notes.count) graded notes over \(Set(notes.map(\.encounter)).count) encounters. Score = points met ÷ positive points (HealthBench), system score = mean note score clipped to [0, 1], 95% CI by bootstrap over encounters (\(bootstrap.resamples) resamples, seed \(bootstrap.seed)).</span>"
        for line in (failedLine.map { [$0] } ?? []) + spendLines { body += "<br><span class=\"muted\">\(HTML.escape(line))</span>" }
        body += "</p>"
        let chart = SVGBarChart(
            bars: systems.filter { isRanked($0.system, maxFailedShare: maxFailedShare) }
                .map { SVGBarChart.Bar(label: $0.system, value: $0.score, interval: $0.ci95) },
            title: "System score with 95% CI")
        body += "<h2>Leaderboard</h2>" + chart.svg()
        body += "<table><thead><tr><th>System</th><th class=num>Score</th><th class=num>95% CI</th><th class=num>Notes</th><th class=num>Critical missed</th><th class=num>Failed</th></tr></thead><tbody>"
        var footnotes: [String] = []
        for system in systems where isRanked(system.system, maxFailedShare: maxFailedShare) {
            body += "<tr><td>\(HTML.escape(system.system))</td><td class=num>\(Self.fixed(system.score))</td><td class=num>\(Self.interval(system.ci95, encounters: system.encounters))</td><td class=num>\(system.notes)</td><td class=num>\(system.criticalMissed)</td><td class=num>\(system.failed)</td></tr>"
        }
        for system in systems where !isRanked(system.system, maxFailedShare: maxFailedShare) {
            body += "<tr><td>\(HTML.escape(system.system)) †</td><td class=num>—</td><td class=num>—</td><td class=num>\(system.notes)</td><td class=num>\(system.criticalMissed)</td><td class=\"num failed\">\(system.failed)</td></tr>"
            footnotes.append(notRankedFootnote(system.system, maxFailedShare: maxFailedShare))
        }
        body += "</tbody></table>"
        for footnote in footnotes { body += "<p class=\"badge warn\">† \(HTML.escape(footnote))</p>" }
        let rankedComparisons = comparisons.filter {
            isRanked($0.a, maxFailedShare: maxFailedShare) && isRanked($0.b, maxFailedShare: maxFailedShare)
        }
        if !rankedComparisons.isEmpty {
            body += "<h2>Paired differences</h2><table><thead><tr><th>Systems</th><th class=num>Difference</th><th class=num>95% CI</th><th class=num>Shared encounters</th><th></th></tr></thead><tbody>"
            for c in rankedComparisons {
                body += "<tr><td>\(HTML.escape(c.a)) − \(HTML.escape(c.b))</td><td class=num>\(Self.signed(c.difference))</td><td class=num>\(Self.interval(c.ci95, encounters: c.encounters))</td><td class=num>\(c.encounters)</td><td>\(c.significant ? "CI excludes 0" : "")</td></tr>"
            }
            body += "</tbody></table>"
        }
        body += correctionHTML()
        body += "<h2>Notes</h2>"
        for note in notes {
            let score = note.score.map { Self.fixed($0) } ?? "n/a"
            body += "<details><summary><strong>\(HTML.escape(note.system))</strong> · \(HTML.escape(note.encounter)) · rubric \(HTML.escape(note.rubric)) — score \(score) (\(RubricWriter.number(note.pointsMet))/\(RubricWriter.number(note.pointsPossible)) points)"
            if !note.criticalMissed.isEmpty { body += " · <span class=\"badge warn\">\(note.criticalMissed.count) critical missed</span>" }
            body += "</summary><table><thead><tr><th>Criterion</th><th>Text</th><th class=num>Points</th><th>Verdict</th></tr></thead><tbody>"
            for outcome in note.criteria {
                let criterion = criterionText["\(note.rubric)/\(outcome.id)"]
                let verdictClass = outcome.verdict?.rawValue ?? "failed"
                let verdictText = outcome.verdict?.rawValue ?? "failed: \(outcome.failure ?? "")"
                body += "<tr><td><code>\(HTML.escape(outcome.id))</code>\(criterion?.critical == true ? " <span class=badge>critical</span>" : "")</td><td>\(HTML.escape(criterion?.text ?? ""))</td><td class=num>\(RubricWriter.number(outcome.points))</td><td class=\"\(verdictClass)\">\(HTML.escape(verdictText))</td></tr>"
            }
            body += "</tbody></table></details>"
        }
        return HTML.document(title: "ScribeGrade \(run)", body: body)
    }
}
