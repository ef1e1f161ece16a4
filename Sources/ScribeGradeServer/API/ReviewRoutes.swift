import Foundation
import Hummingbird
import ScribeGrade

/// `/api/review`: the review queue for programs — the next item for the calling reviewer
/// (criterion, note and transcript, never a judge's verdict), the probability it was drawn
/// with, how many answers each pair of systems still needs, and answering it. The web page
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
        let budget: Int
        let selected: Int
        let item: ItemBody?
        /// π of the item: recorded with the answer.
        let inclusionProbability: Double?
        let criterion: CriterionBody?
        let note: String?
        let transcript: [EncounterRoutes.TurnBody]?
        let pairs: [ReviewPairProgress]

        enum CodingKeys: String, CodingKey {
            case run, answered, remaining, budget, selected, item, criterion, note, transcript, pairs
            case inclusionProbability = "inclusion_probability"
        }
    }

    /// The review state of one run for one reviewer: the queue, the pairs of systems it serves
    /// and what its first item shows.
    struct State: Sendable {
        var run: RunRecord
        var queue: ReviewQueue
        var pairs: [ReviewPairProgress]
        var criterion: Criterion?
        var note: Note?
        var encounter: Encounter?

        var first: ReviewQueue.Item? { queue.items.first }
    }

    static func state(_ backend: Backend, run id: String?, reviewer: String) async throws -> State {
        let data = try await backend.runData(backend.runOrLatest(id))
        let ratings = try await backend.store.ratings()
        let budget = backend.configuration.reviewBudget
        let full = ReviewQueue(run: data.record, judgments: data.judgments, ratings: ratings, reviewer: reviewer, budget: budget)
        let pairs = Self.pairs(data, ratings: ratings, remaining: full.remainingBySystem)
        let stopped = ReviewPairProgress.resolvedSystems(pairs)
        let queue = stopped.isEmpty ? full
            : ReviewQueue(run: data.record, judgments: data.judgments, ratings: ratings, reviewer: reviewer, budget: budget, stoppedSystems: stopped)
        var state = State(run: data.record, queue: queue, pairs: pairs)
        if let first = queue.items.first?.item {
            state.criterion = data.record.rubrics.first { $0.id == first.rubric }?.criterion(first.criterion)
            state.note = try await backend.gradedNote(run: data.record.id, system: first.system, encounter: first.encounter)
            state.encounter = try await backend.store.storedEncounter(first.encounter)
        }
        return state
    }

    /// Each pair of systems' corrected difference (the leaderboard's, `RunCorrection`) and the
    /// answers it needs, capped at what the queue still holds for the two systems; none while
    /// the ratings give no corrected leaderboard.
    static func pairs(_ data: RunData, ratings: [ExpertRating], remaining: [String: Int]) -> [ReviewPairProgress] {
        guard !ratings.isEmpty else { return [] }
        // The paired differences need no bootstrap of the raw scores.
        let report = GradeReport.build(run: data.record, judgments: data.judgments, bootstrap: BootstrapOptions(resamples: 1))
        guard let board = RunCorrection(report, ratings: ratings).leaderboard else { return [] }
        return board.comparisons.map {
            ReviewPairProgress(a: $0.a, b: $0.b, difference: $0.result, cap: (remaining[$0.a] ?? 0) + (remaining[$0.b] ?? 0))
        }
    }

    @Sendable func next(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let state = try await Self.state(backend, run: request.query("run"), reviewer: try context.caller.name)
        let item = state.first?.item
        return try JSONResponse.make(Next(
            run: state.run.id, answered: state.queue.answered, remaining: state.queue.items.count,
            budget: state.queue.budget, selected: state.queue.selectedItems,
            item: item.map { ItemBody(system: $0.system, encounter: $0.encounter, rubric: $0.rubric, criterion: $0.criterion) },
            inclusionProbability: state.first?.inclusionProbability,
            criterion: state.criterion.map { CriterionBody(id: $0.id, text: $0.text, section: $0.section.rawValue, points: $0.points, critical: $0.critical) },
            note: state.note?.text,
            transcript: state.encounter?.turns.map { EncounterRoutes.TurnBody(speaker: $0.speaker, text: $0.text, start: $0.start, end: $0.end) },
            pairs: state.pairs))
    }

    @Sendable func answer(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        struct Body: Encodable {
            let run: String
            let stored: ItemBody
            let verdict: String
            let rater: String
            let inclusionProbability: Double?

            enum CodingKeys: String, CodingKey {
                case run, stored, verdict, rater
                case inclusionProbability = "inclusion_probability"
            }
        }
        let answer = try await request.decodeJSON(ReviewAnswer.self, limit: backend.configuration.maxBodyBytes)
        let (run, rating) = try await Self.record(answer, backend: backend, context: context)
        return try JSONResponse.make(
            Body(run: run.id, stored: ItemBody(system: rating.system, encounter: rating.encounter, rubric: rating.rubric ?? "", criterion: rating.criterion), verdict: rating.verdict.rawValue, rater: rating.rater,
                 inclusionProbability: rating.inclusionProbability),
            status: .created)
    }

    /// Stores the caller's answer as an expert rating carrying the probability the queue drew
    /// the item with, after checking it names an item of the run the queue drew (any other
    /// answer would be outside the random design, and an estimate from it biased: 422), and
    /// logs the item by ids. An item of a system the queue has stopped asking about is still
    /// accepted: it was drawn, and its π is known.
    static func record(_ answer: ReviewAnswer, backend: Backend, context: ServerRequestContext) async throws -> (RunRecord, ExpertRating) {
        let reviewer = try context.caller
        let data = try await backend.runData(backend.runOrLatest(answer.run))
        let run = data.record
        var rating = try answer.rating(in: run, reviewer: reviewer.name)
        let queue = ReviewQueue(run: run, judgments: data.judgments, ratings: [], reviewer: reviewer.name, budget: backend.configuration.reviewBudget)
        guard let probability = queue.inclusionProbability(of: rating.item) else {
            throw Problem.unprocessable("the review queue of run \(run.id) did not draw criterion '\(rating.criterion)' of rubric '\(rating.rubric ?? "")' for system '\(rating.system)', encounter '\(rating.encounter)'; answer the items /api/review/next gives")
        }
        rating.inclusionProbability = probability
        try await backend.store.saveRatings([rating])
        context.logger.info("review answer stored", metadata: ["run": "\(run.id)", "rubric": "\(rating.rubric ?? "")", "criterion": "\(rating.criterion)", "by": "\(reviewer.tokenID)"])
        return (run, rating)
    }
}
