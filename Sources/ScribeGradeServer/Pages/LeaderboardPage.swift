import Foundation
import Hummingbird
import ScribeGrade

/// The leaderboard of a run: systems with score and 95% CI bars, per-section scores, critical
/// misses, paired differences, and every graded note with a link to its page. `/` shows the
/// newest run; a run still going shows its progress and reloads itself.
struct LeaderboardPage {
    let backend: Backend

    static let sections = ["subjective", "objective", "assessment", "plan", "any"]

    func register(_ routes: RouteTable) {
        routes.get("/", .read, latest)
        routes.get("/runs/:run", .read, show)
    }

    @Sendable func latest(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        guard let record = try await backend.latestCriterionRun() else {
            let body = "<h1>Leaderboard</h1><p>No grading runs yet. Upload rubrics, transcripts and notes, then start a run: <code>POST /api/runs</code> (see the <a href=\"/openapi.yaml\">API</a>), or grade from files with <code>scribegrade grade</code> on the same store.</p>"
            return PageLayout.response(PageLayout.page(title: "Leaderboard", identity: try context.caller, csrf: context.sessionCSRF, current: "/", body: body))
        }
        return try await render(record.id, context: context)
    }

    @Sendable func show(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        try await render(try context.parameter("run"), context: context)
    }

    func render(_ id: String, context: ServerRequestContext) async throws -> Response {
        // The coordinator first: a run that ends while the store is read shows as finished.
        let snapshot = await backend.runs.snapshot(id)
        let data = try await backend.runData(id)
        let record = data.record
        guard record.task != .scribe else {
            // A `generate` run on the same store: its answers are notes a model wrote.
            let body = "<h1>Run <code>\(HTML.escape(record.id))</code></h1><p id=generation-run>A generation run (<code>scribegrade generate</code>): it wrote \(record.notes.count) note(s) and graded nothing, so it has no leaderboard. Grade the notes it wrote to rank them.</p>" + (try await runList(current: record.id))
            return PageLayout.response(PageLayout.page(title: "Run \(record.id)", identity: try context.caller, csrf: context.sessionCSRF, current: "/", body: body))
        }
        let (report, correction) = try await backend.correctedReport(
            GradeReport.build(run: record, judgments: data.judgments, bootstrap: backend.configuration.bootstrap))
        let runPath = NotePage.path(record.id)

        var body = "<h1>Leaderboard</h1>"
        body += "<p>Run <code>\(HTML.escape(record.id))</code> · <span class=badge>\(HTML.escape(snapshot == nil ? record.status.rawValue : "running"))</span> · judge: <strong>\(HTML.escape(report.judgeLabel))</strong>"
        if record.judges.contains(where: { $0.kind == .lexicalBaseline }) { body += " <span class=\"badge warn\">lexical baseline — not an LLM</span>" }
        body += " · <a href=\"/runs/\(runPath)/calibration\">calibration</a></p>"
        if let split = record.split {
            body += "<p class=split id=split>Only the encounters of \(HTML.escape(split.description)): the held-out part ranks products, the dev part tunes rubrics and judges.</p>"
        }
        if let snapshot {
            let p = snapshot.progress
            let done = p.reused + p.done
            let share = p.total > 0 ? Double(done) / Double(p.total) : 0
            body += "<p>Judging: \(done) of \(p.total) judgments (\(p.failed) failed). This page reloads every 5 seconds.</p><div class=progress><div style=\"width:\(Int(share * 100))%\"></div></div>"
        }
        body += "<p class=muted>\(report.notes.count) graded notes over \(Set(report.notes.map(\.encounter)).count) encounters. Score = points met ÷ positive points (HealthBench); a system's score is its notes' mean clipped to [0, 1], with a 95% CI from \(report.bootstrap.resamples) bootstrap resamples of encounters.</p>"

        // As in the CLI's table: a system with no score, or too many failed judgments, is listed
        // after the ranked ones without a score, with a footnote, and in no paired difference.
        let maxFailedShare = GradeReport.defaultMaxFailedShare
        let ranked = report.systems.filter { report.isRanked($0.system, maxFailedShare: maxFailedShare) }
        let notRanked = report.systems.filter { !report.isRanked($0.system, maxFailedShare: maxFailedShare) }
        if report.systems.isEmpty {
            body += "<p>No scores yet.</p>"
        } else {
            let chart = SVGBarChart(
                bars: ranked.map { SVGBarChart.Bar(label: $0.system, value: $0.score, interval: $0.ci95) },
                title: "System score with 95% CI")
            body += "<figure id=chart>\(chart.svg())</figure>"
            let sections = Self.sections.filter { section in report.systems.contains { $0.sections[section] != nil } }
            body += "<table id=leaderboard><thead><tr><th>#</th><th>System</th><th class=num>Score</th><th class=num>95% CI</th><th class=num>Notes</th><th class=num>Critical missed</th><th class=num>Failed</th>"
            body += sections.map { "<th class=num>\($0)</th>" }.joined() + "</tr></thead><tbody>"
            for (rank, system) in ranked.enumerated() {
                let interval = GradeReport.interval(system.ci95, encounters: system.encounters)
                body += "<tr data-system=\"\(HTML.escape(system.system))\"><td>\(rank + 1)</td><td><strong>\(HTML.escape(system.system))</strong></td><td class=num>\(PageLayout.number(system.score))</td><td class=num>\(HTML.escape(interval))</td><td class=num>\(system.notes)</td><td class=num>\(system.criticalMissed)</td><td class=num>\(system.failed)</td>"
                body += sections.map { section in Self.heatCell(system.sections[section]) }.joined() + "</tr>"
            }
            for system in notRanked {
                body += "<tr data-system=\"\(HTML.escape(system.system))\" data-ranked=false><td>—</td><td><strong>\(HTML.escape(system.system))</strong></td><td class=num>—</td><td class=num>—</td><td class=num>\(system.notes)</td><td class=num>\(system.criticalMissed)</td><td class=num>\(system.failed) †</td>"
                body += sections.map { _ in "<td></td>" }.joined() + "</tr>"
            }
            body += "</tbody></table><p class=muted>Section columns: the score over only that section's criteria.</p>"
            body += notRanked.map { "<p class=\"badge warn\">† \(HTML.escape(report.notRankedFootnote($0.system, maxFailedShare: maxFailedShare)))</p>" }.joined()
        }
        let comparisons = report.comparisons.filter {
            report.isRanked($0.a, maxFailedShare: maxFailedShare) && report.isRanked($0.b, maxFailedShare: maxFailedShare)
        }
        if !comparisons.isEmpty {
            body += "<h2>Paired differences</h2><table id=comparisons><thead><tr><th>Systems</th><th class=num>Difference</th><th class=num>95% CI</th><th class=num>Shared encounters</th><th></th></tr></thead><tbody>"
            for c in comparisons {
                body += "<tr><td>\(HTML.escape(c.a)) − \(HTML.escape(c.b))</td><td class=num>\(String(format: "%+.3f", c.difference))</td><td class=num>\(HTML.escape(GradeReport.interval(c.ci95, encounters: c.encounters)))</td><td class=num>\(c.encounters)</td><td>\(c.significant ? "CI excludes 0" : "")</td></tr>"
            }
            body += "</tbody></table>"
        }
        body += Self.correctionSection(correction, report: report)
        body += "<h2>Notes</h2><table id=notes><thead><tr><th>System</th><th>Encounter</th><th>Rubric</th><th class=num>Score</th><th class=num>Critical missed</th><th class=num>Failed</th></tr></thead><tbody>"
        for note in report.notes {
            let link = "/runs/\(runPath)/notes/\(NotePage.path(note.system))/\(NotePage.path(note.encounter))"
            body += "<tr><td>\(HTML.escape(note.system))</td><td><a href=\"\(link)\">\(HTML.escape(note.encounter))</a></td><td><code>\(HTML.escape(note.rubric))</code></td><td class=num>\(PageLayout.number(note.score))</td><td class=num>\(note.criticalMissed.count)</td><td class=num>\(note.failed)</td></tr>"
        }
        body += "</tbody></table>"
        body += try await runList(current: record.id)
        let html = PageLayout.page(
            title: "Leaderboard \(record.id)", identity: try context.caller, csrf: context.sessionCSRF, current: "/", body: body,
            refresh: snapshot == nil ? nil : 5)
        return PageLayout.response(html)
    }

    /// What clinicians would score: the report's corrected section (`report.correction` holds
    /// the leaderboard when the stored ratings allow one), or why there is none.
    static func correctionSection(_ correction: RunCorrection, report: GradeReport) -> String {
        switch correction {
        case .none:
            return "<h2>What clinicians would score</h2><p class=muted id=corrected-none>No clinician ratings of this run yet: answer items on the <a href=\"/review\">review</a> page, or import ratings (<code>POST /api/ratings</code>), to see corrected scores.</p>"
        case .refused(let reason):
            return "<h2>What clinicians would score</h2><p class=\"badge warn\" id=corrected-refused>No corrected scores: \(HTML.escape(reason)).</p>"
        case .corrected(_, let setAside):
            let notice = setAside == 0 ? "" : "<p class=muted id=corrected-set-aside>\(setAside) ratings without an inclusion probability (imported files) are set aside: the estimates use the review queue's random draws only.</p>"
            return report.correctionHTML(notice: notice)
        }
    }

    /// A table cell shaded from red (0) to green (1).
    static func heatCell(_ value: Double?) -> String {
        guard let value else { return "<td class=heat>–</td>" }
        let clamped = min(max(value, 0), 1)
        let hue = Int(clamped * 120)
        return "<td class=heat style=\"background:hsl(\(hue),70%,88%)\">\(String(format: "%.3f", value))</td>"
    }

    /// Every run, newest first, linking to each one's leaderboard.
    func runList(current: String) async throws -> String {
        let runs = try await backend.store.runs()
        guard runs.count > 1 else { return "" }
        var html = "<h2>Runs</h2><table id=runs><thead><tr><th>Run</th><th>Status</th><th>Task</th><th>Judges</th><th class=num>Notes</th><th>Created</th></tr></thead><tbody>"
        let formatter = ISO8601DateFormatter()
        for run in runs {
            let name = run.id == current ? "<strong>\(HTML.escape(run.id))</strong>" : "<a href=\"/runs/\(NotePage.path(run.id))\">\(HTML.escape(run.id))</a>"
            html += "<tr><td>\(name)</td><td>\(run.status.rawValue)</td><td>\(run.task.rawValue)</td><td>\(HTML.escape(run.judges.map(\.name).joined(separator: " + ")))</td><td class=num>\(run.notes.count)</td><td>\(formatter.string(from: run.createdAt))</td></tr>"
        }
        return html + "</tbody></table>"
    }
}
