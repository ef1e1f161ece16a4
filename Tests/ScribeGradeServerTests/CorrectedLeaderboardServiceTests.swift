import Foundation
import Hummingbird
import Testing
import ScribeGrade
@testable import ScribeGradeServer

/// The service's leaderboard and results on the clinicians' scale, from the ratings it holds.
@Suite struct CorrectedLeaderboardServiceTests {
    @Test func storedRatingsAddCorrectedScoresToTheResultsAndThePageAndUnknownSelectionIsRefused() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            try await http.uploadFixtures(token: test.token(.grader))
            let id = try #require(try await http.postJSON("/api/runs", token: test.token(.grader), ["judges": ["baseline"]]).json["id"] as? String)
            _ = try await http.waitForRun(id, token: test.token(.viewer))
            let before = try await http.get("/api/runs/\(id)/results", token: test.token(.viewer)).json
            let plainSystems = try #require(before["systems"] as? [[String: Any]])
            #expect(plainSystems.allSatisfy { $0["corrected"] == nil } && before["correction"] == nil)
            #expect(try await http.get("/", token: test.token(.viewer)).body.contains("id=corrected-none"))

            // A clinician rates every judged criterion, disagreeing with the judge on every other one.
            var ratings: [ExpertRating] = []
            for note in before["notes"] as? [[String: Any]] ?? [] {
                for (index, criterion) in (note["criteria"] as? [[String: Any]] ?? []).enumerated() {
                    guard let verdict = (criterion["verdict"] as? String).flatMap(Verdict.init(rawValue:)) else { continue }
                    ratings.append(ExpertRating(
                        system: note["system"] as! String, encounter: note["encounter"] as! String, rubric: note["rubric"] as? String,
                        criterion: criterion["id"] as! String, rater: "dr-a",
                        verdict: index % 2 == 0 ? verdict : (verdict == .met ? .notMet : .met), source: "file.csv"))
                }
            }
            try await test.store.saveRatings(ratings)
            let after = try await http.get("/api/runs/\(id)/results", token: test.token(.viewer)).json
            let systems = try #require(after["systems"] as? [[String: Any]])
            for system in systems {
                let corrected = try #require(system["corrected"] as? [String: Any])
                #expect(Set(corrected.keys).isSuperset(of: ["score", "ci95", "method", "expert_items", "effective_items"]))
                #expect(system["experts_only"] is [String: Any])
            }
            #expect((after["correction"] as? [String: Any])?["ratings_matched"] as? Int == ratings.count)
            let page = try await http.get("/", token: test.token(.viewer)).body
            #expect(page.contains("<table id=corrected>"))
            #expect(page.contains("What clinicians would score"))

            // A review answer stored without its inclusion probability: the queue that chose it
            // was not a random draw, so no corrected score is shown rather than a biased one.
            let first = ratings[0]
            try await test.store.saveRatings([ExpertRating(
                system: first.system, encounter: first.encounter, rubric: first.rubric, criterion: first.criterion,
                rater: "dr-b", verdict: .met, source: "review")])
            let refused = try await http.get("/", token: test.token(.viewer)).body
            #expect(refused.contains("id=corrected-refused"))
            #expect(!refused.contains("<table id=corrected>"))
            let json = try await http.get("/api/runs/\(id)/results", token: test.token(.viewer)).json
            #expect((json["systems"] as? [[String: Any]])?.allSatisfy { $0["corrected"] == nil } == true)

            // Answers the queue drew with known probabilities: only those are used, and the
            // file's ratings (no probability) are set aside, saying so.
            let drawn = ratings.filter { $0.criterion == first.criterion }.prefix(4).map { rating in
                ExpertRating(system: rating.system, encounter: rating.encounter, rubric: rating.rubric, criterion: rating.criterion,
                             rater: "dr-c", verdict: rating.verdict, source: "review", inclusionProbability: 0.25)
            }
            try await test.store.saveRatings(Array(drawn))
            let weighted = try await http.get("/", token: test.token(.viewer)).body
            #expect(weighted.contains("id=corrected-set-aside"))
            #expect(weighted.contains("<table id=corrected>"))
        }
    }
}
