import Foundation
import Hummingbird
import ScribeGrade

/// `/api/ratings`: clinicians' verdicts per criterion (expert ratings), submitted as JSON or
/// as the CSV `scribegrade ratings import` reads, and listed. Calibration uses them at once.
struct RatingRoutes {
    let backend: Backend

    func register(_ routes: RouteTable) {
        routes.get("/api/ratings", .read, list)
        routes.post("/api/ratings", .review, submit)
    }

    struct RatingBody: Codable {
        let system: String?
        let encounter: String?
        let rubric: String?
        let criterion: String?
        let rater: String?
        let verdict: String?
        let source: String?
    }

    @Sendable func list(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        struct Body: Encodable { let ratings: [RatingBody] }
        let rater = request.query("rater")
        let source = request.query("source")
        let ratings = try await backend.store.ratings().filter { (rater == nil || $0.rater == rater) && (source == nil || $0.source == source) }
        return try JSONResponse.make(Body(ratings: ratings.map {
            RatingBody(system: $0.system, encounter: $0.encounter, rubric: $0.rubric, criterion: $0.criterion, rater: $0.rater, verdict: $0.verdict.rawValue, source: $0.source)
        }))
    }

    @Sendable func submit(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        struct Upload: Decodable { let ratings: [RatingBody] }
        struct Body: Encodable {
            let stored: Int
            let raters: [String]
        }
        try request.requireMediaType(["application/json", "text/csv"])
        let ratings: [ExpertRating]
        if request.mediaType == "text/csv" {
            let text = try await request.bodyText(limit: backend.configuration.maxBodyBytes)
            ratings = try ExpertRatingsParser.parse(text, path: "ratings.csv").map { rating in
                var rating = rating
                rating.source = "api"
                return rating
            }
        } else {
            let upload = try await request.decodeJSON(Upload.self, limit: backend.configuration.maxBodyBytes)
            ratings = try Self.validate(upload.ratings, defaultRater: try context.caller.name)
        }
        try await backend.store.saveRatings(ratings)
        let who = try context.caller.tokenID
        context.logger.info("ratings stored", metadata: ["count": "\(ratings.count)", "by": "\(who)"])
        return try JSONResponse.make(Body(stored: ratings.count, raters: Array(Set(ratings.map(\.rater))).sorted()), status: .created)
    }

    /// The ratings of a JSON upload, or every problem in it; a missing rater is the caller.
    static func validate(_ items: [RatingBody], defaultRater: String) throws -> [ExpertRating] {
        var diagnostics: [Diagnostic] = []
        var ratings: [ExpertRating] = []
        var seen: [String: Int] = [:]
        if items.isEmpty { diagnostics.append(.error("send at least one rating", at: SourceLocation(file: "ratings"))) }
        for (index, item) in items.enumerated() {
            let field = "ratings[\(index)]"
            let required = [("system", item.system), ("encounter", item.encounter), ("criterion", item.criterion), ("verdict", item.verdict)]
            let missing = required.filter { ($0.1 ?? "").trimmingCharacters(in: .whitespaces).isEmpty }.map(\.0)
            guard missing.isEmpty else {
                diagnostics.append(.error("missing \(missing.joined(separator: ", "))", at: SourceLocation(file: field)))
                continue
            }
            guard let verdict = Verdict(parsing: item.verdict!) else {
                diagnostics.append(.error("verdict must be 'met' or 'not_met'", at: SourceLocation(file: field + ".verdict")))
                continue
            }
            let rater = item.rater.flatMap { $0.isEmpty ? nil : $0 } ?? defaultRater
            if let problem = NameRule.problem(fields: [
                "system": item.system, "encounter": item.encounter, "rubric": item.rubric, "criterion": item.criterion, "rater": rater,
            ]) {
                diagnostics.append(.error(problem, at: SourceLocation(file: field)))
                continue
            }
            let rating = ExpertRating(
                system: item.system!, encounter: item.encounter!, rubric: item.rubric.flatMap { $0.isEmpty ? nil : $0 },
                criterion: item.criterion!, rater: rater, verdict: verdict, source: "api")
            let identity = "\(rating.item)\u{1F}\(rater)"
            if let first = seen[identity] {
                diagnostics.append(.error("rater '\(rater)' already rated \(rating.item) in ratings[\(first)]", at: SourceLocation(file: field)))
                continue
            }
            seen[identity] = index
            ratings.append(rating)
        }
        guard diagnostics.isEmpty else { throw InputError(diagnostics) }
        return ratings
    }
}
