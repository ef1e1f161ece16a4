import Foundation
import Hummingbird
import ScribeGrade

/// How far a run's judges can be trusted: the calibration report (agreement with the experts
/// with CIs against the expert ceiling, confusion matrices, flagged criteria) over every
/// expert rating stored, the review queue's answers included the moment they are given, and
/// the note-level ratings stored (statistics per dimension, scatter plots of the judge's note
/// score against the experts' rating).
struct CalibrationPage {
    let backend: Backend

    func register(_ routes: RouteTable) {
        routes.get("/calibration", .read, latest)
        routes.get("/runs/:run/calibration", .read, show)
    }

    @Sendable func latest(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        try await render(try backend.runOrLatest(nil).id, context: context)
    }

    @Sendable func show(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        try await render(try context.parameter("run"), context: context)
    }

    func render(_ id: String, context: ServerRequestContext) async throws -> Response {
        let identity = try context.caller
        let data = try await backend.runData(id)
        let ratings = try await backend.store.ratings()
        let report = try await backend.calibration(data, ratings: ratings)
        let noteRatings = try await backend.store.noteRatings()
        let runPath = NotePage.path(data.record.id)
        let reviewRatings = ratings.filter { $0.source == "review" }
        var body = "<p><a href=\"/runs/\(runPath)\">← leaderboard of this run</a></p>"
        body += "<div id=calibration-summary class=muted data-rated-items=\"\(report.ratedItems)\" data-experts=\"\(report.experts.count)\">"
        body += "\(ratings.count) expert ratings stored, \(reviewRatings.count) of them answers from the review queue by \(Set(reviewRatings.map(\.rater)).count) reviewer(s); \(report.ratedItems) of this run's items are rated."
        if !noteRatings.isEmpty { body += " \(noteRatings.count) note-level ratings stored." }
        if identity.role.allows(.review) { body += " <a href=\"/review?run=\(runPath)\">Answer the review queue</a> to add ratings." }
        body += "</div>"
        if report.ratedItems == 0, (report.noteLevel ?? []).isEmpty {
            body += "<h1>Calibration <code>\(HTML.escape(data.record.id))</code></h1><p>No expert has rated an item of this run yet, so there is nothing to compare the judges with. Ratings come from the review queue, from <code>POST /api/ratings</code>, or from <code>scribegrade ratings import</code> on the same store.</p>"
        } else {
            body += report.htmlBody()
        }
        let html = PageLayout.page(title: "Calibration \(data.record.id)", identity: identity, csrf: context.sessionCSRF, current: "/calibration", body: body)
        return PageLayout.response(html)
    }
}
