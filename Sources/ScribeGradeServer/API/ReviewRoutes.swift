import Foundation
import Hummingbird
import ScribeGrade

/// `/api/review`: the review queue for programs — the next item for the calling reviewer
/// (criterion, note and transcript, never a judge's verdict) and answering it. The web page
/// `/review` is the same queue for people.
struct ReviewRoutes {
    let backend: Backend

    func register(_ routes: RouteTable) {
        routes.get("/api/review/next", .review, next)
        routes.post("/api/review/answers", .review, answer)
    }

    struct ItemBody: Encodable {
        let system: String
        let encounter: String
        let rubric: String
        let criterion: String
    }

    struct CriterionBody: Encodable {
        let id: String
        let text: String
        let section: String
        let points: Double
        let critical: Bool
    }

    struct Next: Encodable {
        let run: String
        let answered: Int
        let remaining: Int
        let item: ItemBody?
        let criterion: CriterionBody?
        let note: String?
        let transcript: [EncounterRoutes.TurnBody]?
    }

    /// The review state of one run for one reviewer: the queue and what its first item shows.
    struct State: Sendable {
        var run: RunRecord
        var queue: ReviewQueue
        var criterion: Criterion?
        var note: Note?
        var encounter: Encounter?

        var first: ReviewQueue.Item? { queue.items.first }
    }

    static func state(_ backend: Backend, run id: String?, reviewer: String) async throws -> State {
        let data = try await backend.runData(backend.runOrLatest(id))
        let queue = ReviewQueue(run: data.record, judgments: data.judgments, ratings: try await backend.store.ratings(), reviewer: reviewer)
        var state = State(run: data.record, queue: queue)
        if let first = queue.items.first?.item {
            state.criterion = data.record.rubrics.first { $0.id == first.rubric }?.criterion(first.criterion)
            state.note = try await backend.gradedNote(run: data.record.id, system: first.system, encounter: first.encounter)
            state.encounter = try await backend.store.storedEncounter(first.encounter)
        }
        return state
    }

    @Sendable func next(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let state = try await Self.state(backend, run: request.query("run"), reviewer: try context.caller.name)
        let item = state.first?.item
        return try JSONResponse.make(Next(
            run: state.run.id, answered: state.queue.answered, remaining: state.queue.items.count,
            item: item.map { ItemBody(system: $0.system, encounter: $0.encounter, rubric: $0.rubric, criterion: $0.criterion) },
            criterion: state.criterion.map { CriterionBody(id: $0.id, text: $0.text, section: $0.section.rawValue, points: $0.points, critical: $0.critical) },
            note: state.note?.text,
            transcript: state.encounter?.turns.map { EncounterRoutes.TurnBody(speaker: $0.speaker, text: $0.text, start: $0.start, end: $0.end) }))
    }

    @Sendable func answer(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        struct Body: Encodable {
            let run: String
            let stored: ItemBody
            let verdict: String
            let rater: String
        }
        let answer = try await request.decodeJSON(ReviewAnswer.self, limit: backend.configuration.maxBodyBytes)
        let (run, rating) = try await Self.record(answer, backend: backend, context: context)
        return try JSONResponse.make(
            Body(run: run.id, stored: ItemBody(system: rating.system, encounter: rating.encounter, rubric: rating.rubric ?? "", criterion: rating.criterion), verdict: rating.verdict.rawValue, rater: rating.rater),
            status: .created)
    }

    /// Stores the caller's answer as an expert rating, after checking it names an item of the
    /// run, and logs the item by ids.
    static func record(_ answer: ReviewAnswer, backend: Backend, context: ServerRequestContext) async throws -> (RunRecord, ExpertRating) {
        let reviewer = try context.caller
        let run = try await backend.runOrLatest(answer.run)
        let rating = try answer.rating(in: run, reviewer: reviewer.name)
        try await backend.store.saveRatings([rating])
        context.logger.info("review answer stored", metadata: ["run": "\(run.id)", "rubric": "\(rating.rubric ?? "")", "criterion": "\(rating.criterion)", "by": "\(reviewer.tokenID)"])
        return (run, rating)
    }
}
