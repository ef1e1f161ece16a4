import Foundation
import Hummingbird
import ScribeGrade

/// The review queue for clinicians: one criterion at a time, with the note and the transcript
/// side by side and no judge's verdict, explanation or evidence anywhere on the page; answered
/// met or not met. Items come from the queue's random sample (`ReviewQueue`), drawn more often
/// where the judges are least sure, and each answer is stored at once as the reviewer's expert
/// rating (source `review`) with the probability its item was drawn with, which the
/// calibration page and the corrected leaderboard use on their next view. Below the item, each
/// pair of systems shows its corrected difference and how many more answers it is expected to
/// need before its interval excludes 0.
struct ReviewPage {
    let backend: Backend

    func register(_ routes: RouteTable) {
        routes.get("/review", .review, show)
        routes.post("/review", .review, answer)
    }

    @Sendable func show(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let identity = try context.caller
        let state = try await ReviewRoutes.state(backend, run: request.query("run"), reviewer: identity.name)
        let runPath = NotePage.path(state.run.id)
        var body = "<h1>Review queue</h1>"
        body += "<p>Run <code>\(HTML.escape(state.run.id))</code> · you have answered <strong id=answered>\(state.queue.answered)</strong> · <span id=remaining>\(state.queue.items.count)</span> left of the \(state.queue.selectedItems) items drawn at random from \(state.queue.judgedItems) judged ones · <a href=\"/runs/\(runPath)/calibration\">calibration</a></p>"
        if let saved = request.query("saved"), ["met", "not_met"].contains(saved) {
            body += "<p class=notice id=saved>Saved: \(saved == "met" ? "met" : "not met"). Here is the next item.</p>"
        }
        guard let item = state.first?.item, let criterion = state.criterion else {
            body += "<p id=done>Nothing left to review in this run. Thank you.</p>"
            body += Self.pairsTable(state.pairs, stopped: state.queue.stoppedSystems)
            return PageLayout.response(PageLayout.page(title: "Review queue", identity: identity, csrf: context.sessionCSRF, current: "/review", body: body))
        }
        body += "<div class=criterion-box id=criterion data-criterion=\"\(HTML.escape(criterion.id))\">"
        body += "<div class=muted>Does the note meet this criterion? \(criterion.section.rawValue) · \(PageLayout.points(criterion.points)) points\(criterion.critical ? " · critical" : "") · rubric <code>\(HTML.escape(item.rubric))</code></div>"
        body += "<div class=text>\(HTML.escape(criterion.text))</div>"
        if criterion.isPenalty {
            body += "<div class=muted>This criterion describes an error: answer <em>met</em> if the note makes it.</div>"
        }
        body += "</div>"
        body += "<form method=post action=\"/review\" class=answers>"
        let hidden = [
            ("csrf", context.sessionCSRF ?? ""), ("run", state.run.id), ("system", item.system), ("encounter", item.encounter),
            ("rubric", item.rubric), ("criterion", item.criterion),
        ]
        body += hidden.map { "<input type=hidden name=\($0.0) value=\"\(HTML.escape($0.1))\">" }.joined()
        body += "<button type=submit name=verdict value=met class=met id=answer-met>Met</button><button type=submit name=verdict value=not_met class=not_met id=answer-not-met>Not met</button></form>"
        body += "<div class=columns><div class=pane id=note><h3>Note (\(HTML.escape(item.system)) · \(HTML.escape(item.encounter)))</h3>"
        body += state.note.map { HTML.escape($0.text) } ?? "<p class=muted>The note's text is not stored in the service.</p>"
        body += "</div><div class=pane id=transcript><h3>Transcript</h3>"
        if let encounter = state.encounter {
            body += encounter.turns.map { "<span class=spk>\(HTML.escape($0.speaker)):</span> \(HTML.escape($0.text))" }.joined(separator: "\n")
        } else {
            body += "<p class=muted>No transcript of this encounter is stored in the service.</p>"
        }
        body += "</div></div>"
        body += Self.pairsTable(state.pairs, stopped: state.queue.stoppedSystems)
        return PageLayout.response(PageLayout.page(title: "Review queue", identity: identity, csrf: context.sessionCSRF, current: "/review", body: body))
    }

    /// Each pair's corrected difference, its interval and the answers it still needs ("—"
    /// without an interval yet); empty without pairs.
    static func pairsTable(_ pairs: [ReviewPairProgress], stopped: Set<String>) -> String {
        guard !pairs.isEmpty else { return "" }
        var html = "<h2>Telling the systems apart</h2><p class=muted>Corrected difference between each pair of systems (judge scores rectified by the expert answers so far) and the further answers expected before its 95% interval excludes 0.</p>"
        html += "<table id=pairs><tr><th>Pair</th><th class=num>Difference</th><th class=num>95% CI</th><th class=num>Answers needed</th></tr>"
        for pair in pairs {
            let needed: String
            if pair.resolved {
                needed = "resolved"
            } else if let n = pair.answersNeeded {
                needed = pair.capped ? "more than the \(n) left" : "\(n)"
            } else {
                needed = "—"
            }
            let interval = pair.ci95.map { "[\(PageLayout.number($0.first)), \(PageLayout.number($0.last))]" } ?? "—"
            html += "<tr data-a=\"\(HTML.escape(pair.a))\" data-b=\"\(HTML.escape(pair.b))\"><td>\(HTML.escape(pair.a)) − \(HTML.escape(pair.b))</td><td class=num>\(String(format: "%+.3f", pair.difference))</td><td class=num>\(interval)</td><td class=num>\(needed)</td></tr>"
        }
        html += "</table>"
        if !stopped.isEmpty {
            html += "<p class=muted id=stopped>No longer asked about (every pair resolved): \(stopped.sorted().map { HTML.escape($0) }.joined(separator: ", ")).</p>"
        }
        return html
    }

    @Sendable func answer(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, limit: 64 * 1024)
        try LoginPage.checkCSRF(form, context: context)
        let fields = ["system", "encounter", "rubric", "criterion", "verdict"]
        let missing = fields.filter { (form[$0] ?? "").isEmpty }
        guard missing.isEmpty else { throw Problem.unprocessable("the form is missing \(missing.joined(separator: ", "))") }
        let answer = ReviewAnswer(
            run: form["run"].flatMap { $0.isEmpty ? nil : $0 }, system: form["system"]!, encounter: form["encounter"]!,
            rubric: form["rubric"]!, criterion: form["criterion"]!, verdict: form["verdict"]!)
        let (run, rating) = try await ReviewRoutes.record(answer, backend: backend, context: context)
        let location = "/review?run=\(NotePage.path(run.id))&saved=\(rating.verdict.rawValue)"
        return Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }
}
