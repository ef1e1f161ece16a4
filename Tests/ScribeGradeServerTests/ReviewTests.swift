import Foundation
import Hummingbird
import Testing
import ScribeGrade
@testable import ScribeGradeServer

/// The review queue: the review sampler's random draw in its order, never a judge's verdict,
/// and answers that are expert ratings carrying their inclusion probability, which calibration
/// and the corrected differences use at once.
@Suite struct ReviewTests {
    static func judgment(_ system: String, _ criterion: String, judge: String, _ verdict: Verdict?) -> Judgment {
        Judgment(
            key: "\(system)/\(criterion)/\(judge)", system: system, encounter: "e1", rubric: "r1", rubricVersion: 1,
            criterion: criterion, judge: judge, sample: 0, verdict: verdict, failure: verdict == nil ? "HTTP 500" : nil)
    }

    /// Uploads the fixtures and grades them with the baseline judge; the run's id.
    static func baselineRun(_ test: TestService, _ http: TestHTTP) async throws -> String {
        try await http.uploadFixtures(token: test.token(.grader))
        let id = try #require(try await http.postJSON("/api/runs", token: test.token(.grader), ["judges": ["baseline"]]).json["id"] as? String)
        _ = try await http.waitForRun(id, token: test.token(.viewer))
        return id
    }

    /// The stored run `id` and its judgments, as the queue reads them.
    static func stored(_ test: TestService, _ id: String) async throws -> (RunRecord, [String: Judgment]) {
        let record = try #require(try await test.store.run(id))
        return (record, try await test.store.judgments(forKeys: record.judgmentKeys))
    }

    /// Three systems × four criteria judged twice: c1 split on A only; c2 unanimous everywhere;
    /// c3 split on B and C; c4 never answered on A.
    static func splitRun() -> (RunRecord, [String: Judgment]) {
        let rubric = Rubric(id: "r1", encounter: "e1", criteria: ["c1", "c2", "c3", "c4"].map { Criterion(id: $0, text: $0, points: 1) })
        let systems = ["A", "B", "C"]
        var judgments: [Judgment] = []
        let verdicts: [String: [String: (Verdict?, Verdict?)]] = [
            "A": ["c1": (.met, .notMet), "c2": (.met, .met), "c3": (.met, .met), "c4": (nil, nil)],
            "B": ["c1": (.met, .met), "c2": (.met, .met), "c3": (.met, .notMet), "c4": (.notMet, .notMet)],
            "C": ["c1": (.notMet, .notMet), "c2": (.notMet, .notMet), "c3": (.notMet, .met), "c4": (.met, .met)],
        ]
        for system in systems {
            for criterion in rubric.criteria {
                let (x, y) = verdicts[system]![criterion.id]!
                judgments += [Self.judgment(system, criterion.id, judge: "j1", x), Self.judgment(system, criterion.id, judge: "j2", y)]
            }
        }
        let run = RunRecord(
            id: "run-t", judges: [JudgeDescriptor(name: "j1", kind: .llm, readsTranscript: true), JudgeDescriptor(name: "j2", kind: .llm, readsTranscript: true)],
            samples: 1, rubrics: [rubric], notes: systems.map { PlannedNote(system: $0, encounter: "e1", rubric: "r1") },
            judgmentKeys: judgments.map(\.key))
        return (run, Dictionary(uniqueKeysWithValues: judgments.map { ($0.key, $0) }))
    }

    @Test func theQueueIsTheSamplersDrawInItsOrderLessRatedAndUnjudgedItems() {
        let (run, judgments) = Self.splitRun()
        let ratings = [
            ExpertRating(system: "C", encounter: "e1", rubric: "r1", criterion: "c3", rater: "dr-a", verdict: .met),
            ExpertRating(system: "B", encounter: "e1", rubric: "r1", criterion: "c2", rater: "dr-b", verdict: .met),
            ExpertRating(system: "B", encounter: "e1", criterion: "c4", rater: "dr-a", verdict: .met),
        ]
        // Uncertainty: the mean of the item's minority share and its criterion's split rate
        // (c1 splits on 1 of 3 notes, c3 on 2 of 3, c2 and c4 on none).
        let uncertainty = ReviewQueue.uncertainty(run: run, judgments: judgments)
        #expect(uncertainty.count == 11)
        let item = { (system: String, criterion: String) in RatedItem(system: system, encounter: "e1", rubric: "r1", criterion: criterion) }
        #expect(abs(uncertainty[item("B", "c3")]! - (0.5 + 2.0 / 3) / 2) < 1e-12)
        #expect(abs(uncertainty[item("A", "c3")]! - (0 + 2.0 / 3) / 2) < 1e-12)
        #expect(abs(uncertainty[item("A", "c1")]! - (0.5 + 1.0 / 3) / 2) < 1e-12)
        #expect(uncertainty[item("B", "c2")] == 0 && uncertainty[item("A", "c4")] == nil)

        let queue = ReviewQueue(run: run, judgments: judgments, ratings: ratings, reviewer: "dr-a", budget: 6)
        let sample = ReviewSampler(budget: 6, seed: ReviewQueue.seed("run-t")).sample(
            uncertainty.map { ReviewSampler.Item(id: $0.key.description, system: $0.key.system, uncertainty: $0.value) })
        let rated: Set<String> = ["C/e1/r1/c3", "B/e1/r1/c2", "B/e1/r1/c4"]
        #expect(queue.items.map(\.item.description) == sample.order.map(\.id).filter { !rated.contains($0) })
        #expect(queue.items.map(\.inclusionProbability) == sample.order.filter { !rated.contains($0.id) }.map(\.inclusionProbability))
        #expect(queue.selectedItems == sample.order.count)
        for id in sample.order.map(\.id) {
            #expect(queue.inclusionProbability(of: uncertainty.keys.first { $0.description == id }!) == sample.probabilities[id])
        }
        // Not selected: no probability to record, so no answer.
        for key in uncertainty.keys where !sample.order.contains(where: { $0.id == key.description }) {
            #expect(queue.inclusionProbability(of: key) == nil)
        }
        #expect(queue.judgedItems == 11)
        #expect(queue.answered == 2)
        #expect(queue.budget == 6)

        // The default budget is 10% of the judged items, at least 50: here every item.
        let all = ReviewQueue(run: run, judgments: judgments, ratings: ratings, reviewer: "dr-a")
        #expect(all.budget == 50 && all.selectedItems == 11)
        #expect(Set(all.items.map(\.item.description)).count == 8)
        #expect(all.items.allSatisfy { $0.inclusionProbability == 1 })
        // A stopped system is not asked about; the others keep their order.
        let stopped = ReviewQueue(run: run, judgments: judgments, ratings: ratings, reviewer: "dr-a", stoppedSystems: ["B"])
        #expect(stopped.items == all.items.filter { $0.item.system != "B" })
        #expect(stopped.remainingBySystem["B"] == nil && stopped.remainingBySystem["A"] == 3)
    }

    @Test func answersBecomeExpertRatingsThatCalibrationUsesAtOnce() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            let id = try await Self.baselineRun(test, http)
            let before = try await http.get("/api/runs/\(id)/calibration?bootstrap=50", token: test.token(.viewer)).json
            #expect(before["rated_items"] as? Int == 0)

            var answered: [String] = []
            var probabilities: [String: Double] = [:]
            for index in 0..<4 {
                let next = try await http.get("/api/review/next?run=\(id)", token: test.token(.reviewer))
                #expect(next.status == .ok)
                let body = next.json
                #expect(body["answered"] as? Int == index)
                for hidden in ["verdict", "explanation", "evidence", "judgments"] { #expect(!next.body.contains("\"\(hidden)\"")) }
                let item = try #require(body["item"] as? [String: Any])
                #expect(body["note"] is String && body["transcript"] is [Any])
                let probability = try #require(body["inclusion_probability"] as? Double)
                #expect(probability > 0 && probability <= 1)
                #expect(body["pairs"] is [Any])
                var answer = item
                answer["run"] = id
                answer["verdict"] = index % 2 == 0 ? "met" : "not_met"
                let stored = try await http.postJSON("/api/review/answers", token: test.token(.reviewer), answer)
                #expect(stored.status == .created, "\(stored.body)")
                #expect(stored.json["rater"] as? String == "reviewer-user")
                #expect(stored.json["inclusion_probability"] as? Double == probability)
                answered.append("\(item["system"]!)/\(item["encounter"]!)/\(item["rubric"]!)/\(item["criterion"]!)")
                probabilities[answered.last!] = probability
            }
            // Never the same item twice, and each stored rating carries the π it was drawn with.
            #expect(Set(answered).count == 4)
            let kept = try await test.store.ratings()
            #expect(kept.count == 4)
            for rating in kept { #expect(rating.inclusionProbability == probabilities[rating.item.description] && rating.source == "review") }
            let after = try await http.get("/api/runs/\(id)/calibration?bootstrap=50", token: test.token(.viewer)).json
            #expect(after["rated_items"] as? Int == 4)
            #expect(after["experts"] as? [String] == ["reviewer-user"])
            let ratings = try await http.get("/api/ratings?source=review", token: test.token(.viewer)).json
            #expect((ratings["ratings"] as? [[String: Any]])?.count == 4)

            let bogus = try await http.postJSON("/api/review/answers", token: test.token(.reviewer), [
                "run": id, "system": "doctor", "encounter": "day1_consultation01", "rubric": "day1_consultation01_clinician_1",
                "criterion": "no-such-criterion", "verdict": "met",
            ])
            #expect(bogus.status == .unprocessableContent)
        }
    }

    @Test func pairsShowTheAnswersNeededAndTheQueueStopsAskingAboutASystemToldApart() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            let id = try await Self.baselineRun(test, http)
            let (record, judgments) = try await Self.stored(test, id)
            let queue = ReviewQueue(run: record, judgments: judgments, ratings: [], reviewer: "dr-x")
            let first = try await http.get("/api/review/next?run=\(id)", token: test.token(.reviewer)).json
            #expect((first["pairs"] as? [Any])?.isEmpty == true)
            // An expert who finds note1 meets nearly every positive criterion (six in seven) and no
            // penalty, and the other notes one in three, answers the first two thirds of each
            // system's queue. (Answers that all agreed would give no interval at all.)
            var ratings: [ExpertRating] = []
            for system in Fixtures.systems {
                let items = queue.items.filter { $0.item.system == system }
                #expect(items.count >= 15)
                for (index, entry) in items.prefix(items.count * 2 / 3).enumerated() {
                    let points = try #require(record.rubrics.first { $0.id == entry.item.rubric }?.criterion(entry.item.criterion)?.points)
                    let met = points > 0 && (system == "note1" ? index % 7 != 6 : index % 3 == 0)
                    ratings.append(ExpertRating(
                        system: system, encounter: entry.item.encounter, rubric: entry.item.rubric, criterion: entry.item.criterion,
                        rater: "dr-x", verdict: met ? .met : .notMet, source: "review", inclusionProbability: entry.inclusionProbability))
                }
            }
            try await test.store.saveRatings(ratings)
            let next = try await http.get("/api/review/next?run=\(id)", token: test.token(.reviewer)).json
            let pairs = try #require(next["pairs"] as? [[String: Any]])
            #expect(pairs.count == 3)
            var open: Set<String> = []
            for pair in pairs {
                let a = try #require(pair["a"] as? String), b = try #require(pair["b"] as? String)
                let ci = try #require(pair["ci95"] as? [Double])
                let resolved = try #require(pair["resolved"] as? Bool)
                #expect(resolved == (ci[0] > 0 || ci[1] < 0))
                #expect((pair["answers_needed"] as? Int == 0) == resolved, "\(pair)")
                if [a, b].contains("note1") { #expect(resolved, "\(pair)") }
                if !resolved { open.formUnion([a, b]) }
            }
            // note1 is told apart from both others: not asked about any more; the rest are.
            let remaining = try #require(next["remaining"] as? Int)
            let left = Fixtures.systems.filter { !open.isEmpty && open.contains($0) }
            #expect(remaining == left.reduce(0) { sum, system in
                let items = queue.items.filter { $0.item.system == system }
                return sum + items.count - items.count * 2 / 3
            })
            if let item = next["item"] as? [String: Any] { #expect(item["system"] as? String != "note1") }
            let page = try await http.get("/review?run=\(id)", token: test.token(.reviewer))
            #expect(page.body.contains("id=pairs") && page.body.contains("resolved"))
            #expect(page.body.contains("id=stopped") && page.body.contains("note1"))
        }
    }

    @Test func anItemTheQueueDidNotDrawIsRefused() async throws {
        var configuration = ServerConfiguration(port: 0, environment: [:])
        configuration.reviewBudget = 3
        let test = try await TestService.make(configuration)
        try await test.run { http in
            let id = try await Self.baselineRun(test, http)
            let (record, judgments) = try await Self.stored(test, id)
            let queue = ReviewQueue(run: record, judgments: judgments, ratings: [], reviewer: "reviewer-user", budget: 3)
            #expect(queue.selectedItems < 10 && queue.judgedItems > queue.selectedItems)
            let next = try await http.get("/api/review/next?run=\(id)", token: test.token(.reviewer)).json
            #expect(next["budget"] as? Int == 3 && next["selected"] as? Int == queue.selectedItems)
            #expect(next["remaining"] as? Int == queue.selectedItems)
            let drawn = Set(queue.items.map(\.item))
            let other = try #require(ReviewQueue.uncertainty(run: record, judgments: judgments).keys.first { !drawn.contains($0) })
            let refused = try await http.postJSON("/api/review/answers", token: test.token(.reviewer), [
                "run": id, "system": other.system, "encounter": other.encounter, "rubric": other.rubric, "criterion": other.criterion, "verdict": "met",
            ])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.contains("did not draw"))
            #expect(try await test.store.ratings().isEmpty)
        }
    }

    @Test func theReviewPageShowsOneCriterionWithoutAnyVerdictAndAnswersThroughTheForm() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            let id = try await Self.baselineRun(test, http)
            let page = try await http.get("/review", token: test.token(.reviewer))
            #expect(page.status == .ok)
            #expect(!page.body.contains("Lexical baseline"))
            #expect(!page.body.contains("<mark"))
            #expect(page.body.contains("id=answer-met") && page.body.contains("id=answer-not-met"))
            let criterion = try #require(page.body.firstMatch(of: /name=criterion value="([^"]+)"/)?.1)
            let fields = ["run", "system", "encounter", "rubric", "criterion"].map { name in
                "\(name)=\(String(page.body.firstMatch(of: try! Regex("name=\(name) value=\"([^\"]+)\""))!.output[1].substring!))"
            }.joined(separator: "&")
            let answer = try await http.send(.post, "/review", token: test.token(.reviewer), contentType: "application/x-www-form-urlencoded", body: fields + "&verdict=not_met")
            #expect(answer.status == .seeOther)
            #expect(answer.headers[.location]?.hasPrefix("/review?run=") == true)
            let ratings = try #require(try await http.get("/api/ratings", token: test.token(.viewer)).json["ratings"] as? [[String: Any]])
            #expect(ratings.count == 1)
            #expect(ratings.first?["criterion"] as? String == String(criterion))
            #expect(ratings.first?["verdict"] as? String == "not_met")
            #expect(ratings.first?["source"] as? String == "review")
            let next = try await http.get("/review?run=\(id)&saved=not_met", token: test.token(.reviewer))
            #expect(next.body.contains("id=answered>1<"))
        }
    }
}
