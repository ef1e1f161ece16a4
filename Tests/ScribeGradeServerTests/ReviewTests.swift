import Foundation
import Hummingbird
import Testing
import ScribeGrade
@testable import ScribeGradeServer

/// The review queue: most informative items first, never a judge's verdict, and answers that
/// are expert ratings calibration uses at once.
@Suite struct ReviewTests {
    static func judgment(_ system: String, _ criterion: String, judge: String, _ verdict: Verdict?) -> Judgment {
        Judgment(
            key: "\(system)/\(criterion)/\(judge)", system: system, encounter: "e1", rubric: "r1", rubricVersion: 1,
            criterion: criterion, judge: judge, sample: 0, verdict: verdict, failure: verdict == nil ? "HTTP 500" : nil)
    }

    @Test func itemsWhereJudgesDisagreeComeFirstThenInconsistentCriteriaThenOthersRatings() {
        let rubric = Rubric(id: "r1", encounter: "e1", criteria: ["c1", "c2", "c3", "c4"].map { Criterion(id: $0, text: $0, points: 1) })
        let systems = ["A", "B", "C"]
        var judgments: [Judgment] = []
        // c1 split on A only; c2 unanimous everywhere; c3 split on B and C; c4 never answered on A.
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
        let byKey = Dictionary(uniqueKeysWithValues: judgments.map { ($0.key, $0) })
        let ratings = [
            ExpertRating(system: "C", encounter: "e1", rubric: "r1", criterion: "c3", rater: "dr-a", verdict: .met),
            ExpertRating(system: "B", encounter: "e1", rubric: "r1", criterion: "c2", rater: "dr-b", verdict: .met),
            ExpertRating(system: "B", encounter: "e1", criterion: "c4", rater: "dr-a", verdict: .met),
        ]
        let queue = ReviewQueue(run: run, judgments: byKey, ratings: ratings, reviewer: "dr-a")
        let order = queue.items.map { "\($0.item.system)/\($0.item.criterion)" }
        // Split items first (B/c3 before A/c1: c3 splits on two notes of three); dr-a's own items gone; A/c4 unanswered.
        #expect(Array(order.prefix(2)) == ["B/c3", "A/c1"])
        #expect(!order.contains("C/c3") && !order.contains("B/c4") && !order.contains("A/c4"))
        // Among unanimous items, those of the least consistent criteria come first (c3 split on
        // two notes of three, c1 on one), and among equals one another expert rated.
        #expect(order[2] == "A/c3")
        #expect(Set(order[3...4]) == ["B/c1", "C/c1"])
        #expect(order[5] == "B/c2")
        #expect(queue.items.count == 11 - 2)
        #expect(queue.judgedItems == 11)
        #expect(queue.answered == 2)
    }

    @Test func answersBecomeExpertRatingsThatCalibrationUsesAtOnce() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            try await http.uploadFixtures(token: test.token(.grader))
            let id = try #require(try await http.postJSON("/api/runs", token: test.token(.grader), ["judges": ["baseline"]]).json["id"] as? String)
            _ = try await http.waitForRun(id, token: test.token(.viewer))
            let before = try await http.get("/api/runs/\(id)/calibration?bootstrap=50", token: test.token(.viewer)).json
            #expect(before["rated_items"] as? Int == 0)

            var answered: [String] = []
            for index in 0..<4 {
                let next = try await http.get("/api/review/next?run=\(id)", token: test.token(.reviewer))
                #expect(next.status == .ok)
                let body = next.json
                #expect(body["answered"] as? Int == index)
                for hidden in ["verdict", "explanation", "evidence", "judgments"] { #expect(!next.body.contains("\"\(hidden)\"")) }
                let item = try #require(body["item"] as? [String: Any])
                #expect(body["note"] is String && body["transcript"] is [Any])
                var answer = item
                answer["run"] = id
                answer["verdict"] = index % 2 == 0 ? "met" : "not_met"
                let stored = try await http.postJSON("/api/review/answers", token: test.token(.reviewer), answer)
                #expect(stored.status == .created, "\(stored.body)")
                #expect(stored.json["rater"] as? String == "reviewer-user")
                answered.append("\(item["system"]!)/\(item["criterion"]!)")
            }
            #expect(Set(answered).count == 4)
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

    @Test func theReviewPageShowsOneCriterionWithoutAnyVerdictAndAnswersThroughTheForm() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            try await http.uploadFixtures(token: test.token(.grader))
            let id = try #require(try await http.postJSON("/api/runs", token: test.token(.grader), ["judges": ["baseline"]]).json["id"] as? String)
            _ = try await http.waitForRun(id, token: test.token(.viewer))
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
