import Foundation
import Testing
import ScribeGrade
import ScribeGradeSimulator
@testable import ScribeGradeServer

/// The service's leaderboard ranks systems as the CLI's table does: a system with no score
/// (every judgment failed) shows no score, no interval and no paired difference.
@Suite struct LeaderboardFailedSystemTests {
    @Test func aSystemWhoseEveryJudgmentFailedShowsNoScoreOnTheLeaderboardPage() async throws {
        try await RunTests.withSimulator(faults: FaultRates([.malformed: 1])) { simulator in
            let test = try await TestService.make(try RunTests.configuration(simulator: simulator, retries: 0))
            try await test.run { http in
                try await http.uploadFixtures(token: test.token(.grader))
                let started = try await http.postJSON("/api/runs", token: test.token(.grader), ["judges": ["sim"]])
                let id = try #require(started.json["id"] as? String, "\(started.status) \(started.body)")
                _ = try await http.waitForRun(id, token: test.token(.viewer))
                let page = try await http.get("/runs/\(id)", token: test.token(.viewer)).body
                let systems = Set(Fixtures.systems)
                #expect(!systems.isEmpty)
                for system in systems {
                    // Listed without a rank or score, with a footnote saying why.
                    #expect(page.contains("<tr data-system=\"\(system)\" data-ranked=false><td>—</td>"))
                    #expect(page.contains("† \(system): 100% of its judgments failed"))
                }
                #expect(!page.contains("0.000"))
                #expect(!page.contains("id=comparisons"))
            }
        }
    }
}
