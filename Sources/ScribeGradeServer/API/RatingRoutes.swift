import Foundation
import Hummingbird
import ScribeGrade

/// `/api/ratings`: clinicians' ratings, submitted as JSON or as the CSV
/// `scribegrade ratings import` reads, and listed. Calibration uses them at once.
///
/// Two levels, told apart as `ratings import` does, by the CSV header: verdicts per criterion
/// (`system,encounter,criterion,rater,verdict`, or JSON), and ratings of whole notes on
/// dimensions (`system,encounter,rater,dimension,value[,inclusion_probability]`), each
/// dimension's scale declared in a `scale=DIM=SCALE` query parameter as `--scale` declares it.
/// A note-level upload is stored as one source, `<file>@<hash>`, which
/// `/api/ratings/sources` lists and deletes.
struct RatingRoutes {
    let backend: Backend

    func register(_ routes: RouteTable) {
        routes.get("/api/ratings", .read, list)
        routes.post("/api/ratings", .review, submit)
        routes.get("/api/ratings/sources", .read, sources)
        routes.add(.delete, "/api/ratings/sources/:source", .review, deleteSource)
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
            if try RatingFileLevel.of(text, path: "ratings.csv") == .note {
                return try await submitNoteLevel(text, request, context)
            }
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

    /// A note-level CSV upload: parsed on the scales of the `scale` query parameters and stored
    /// as one source named by the `file` query parameter (default `api.csv`) and the content's
    /// hash, replacing an earlier upload of the same content.
    func submitNoteLevel(_ text: String, _ request: Request, _ context: ServerRequestContext) async throws -> Response {
        struct Body: Encodable {
            let stored: Int
            let raters: [String]
            let source: String
            let level: String
            let dimensions: [String: String]
        }
        let file = try Identifier.require(request.query("file") ?? "api.csv", field: "file")
        let declarations = request.uri.queryParameters.getAll("scale")
        let ratings: NoteRatingsFile
        do {
            let scales = try NoteRatingsParser.scales(declarations, origin: "scale")
            ratings = try NoteRatingsParser.parse(text, path: file, scales: scales)
        } catch let error as InputError {
            throw InputError(error.diagnostics.map(Self.withoutValues))
        }
        try await backend.store.saveNoteRatings(ratings)
        let who = try context.caller.tokenID
        context.logger.info("note ratings stored", metadata: ["source": "\(ratings.source.id)", "count": "\(ratings.ratings.count)", "by": "\(who)"])
        return try JSONResponse.make(Body(
            stored: ratings.ratings.count, raters: Array(Set(ratings.ratings.map(\.rater))).sorted(), source: ratings.source.id,
            level: RatingFileLevel.note.rawValue, dimensions: ratings.scales.mapValues(\.description)), status: .created)
    }

    /// `diagnostic` without the rejected value it quotes: a field of an upload may hold any
    /// text, and a problem names lines, columns, dimensions and ids, never what was sent.
    static func withoutValues(_ diagnostic: Diagnostic) -> Diagnostic {
        var diagnostic = diagnostic
        let message = diagnostic.message
        // The value sits between the first quote and the last `' of '` (value) or
        // `' must be` (inclusion_probability): searching backwards, no part of it survives.
        if message.hasPrefix("value '") {
            if let scale = message.range(of: " is outside its scale: ", options: .backwards),
               let of = message[..<scale.lowerBound].range(of: "' of '", options: .backwards) {
                diagnostic.message = "value of '" + message[of.upperBound...]
            } else {
                diagnostic.message = "value is outside its dimension's scale"
            }
        } else if message.hasPrefix("inclusion_probability '") {
            let rule = message.range(of: "' must be ", options: .backwards)
            diagnostic.message = "inclusion_probability " + (rule.map { message[message.index(after: $0.lowerBound)...].dropFirst() } ?? "must be a number in (0, 1]")
        }
        return diagnostic
    }

    /// Every stored source of ratings, both levels, with its raters, dimensions and counts.
    @Sendable func sources(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        struct Source: Encodable {
            let id: String
            let file: String?
            let level: String
            let raters: [String]
            let dimensions: [String: String]
            let ratings: Int
            let notes: Int
        }
        struct Body: Encodable { let sources: [Source] }
        let sources = try await backend.store.ratingSources().map {
            Source(
                id: $0.id, file: $0.file, level: $0.level.rawValue, raters: $0.raters,
                dimensions: $0.scales.mapValues(\.description), ratings: $0.ratings, notes: $0.notes)
        }
        return try JSONResponse.make(Body(sources: sources))
    }

    /// Removes every rating of one source, as `scribegrade ratings delete` does; 404 when no
    /// such source is stored.
    @Sendable func deleteSource(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        struct Body: Encodable {
            let source: String
            let deleted: Int
        }
        let id = try context.parameter("source")
        guard try await backend.store.ratingSources().contains(where: { $0.id == id }) else {
            throw Problem.notFound("no rating source '\(id)'; GET /api/ratings/sources lists them")
        }
        let deleted = try await backend.store.deleteRatings(source: id)
        let who = try context.caller.tokenID
        context.logger.info("rating source deleted", metadata: ["source": "\(id)", "count": "\(deleted)", "by": "\(who)"])
        return try JSONResponse.make(Body(source: id, deleted: deleted))
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
