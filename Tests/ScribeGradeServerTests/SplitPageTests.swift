import Foundation
import Testing
import ScribeGrade
@testable import ScribeGradeServer

/// The pages say which part of a split a run graded.
@Suite struct SplitPageTests {
    @Test func theLeaderboardOfARunOnTheTestPartNamesTheSplit() async throws {
        let test = try await TestService.make()
        let rubric = Rubric(id: "r1", encounter: "e1", criteria: [Criterion(id: "c1", text: "one", points: 1)])
        var record = RunRecord(
            id: "run-split", judges: [JudgeDescriptor(name: "j", kind: .replay, readsTranscript: false)], samples: 1,
            rubrics: [rubric], notes: [PlannedNote(system: "<A>", encounter: "e1", rubric: "r1")], judgmentKeys: [])
        record.split = SplitSelection(file: "split.json@<b>0123", part: .test, encounters: 1, of: 2)
        try await test.store.begin(record)
        try await test.run { http in
            let page = try await http.get("/runs/run-split", token: test.token(.viewer))
            #expect(page.status == .ok)
            #expect(page.body.contains("id=split>Only the encounters of split test: 1 of 2 encounters (split.json@&lt;b&gt;0123)"))
            let results = try await http.get("/api/runs/run-split/results", token: test.token(.viewer)).json
            #expect((results["split"] as? [String: Any])?["part"] as? String == "test")
        }
    }
}

/// A `generate` run on the service's store has no leaderboard: its page says so.
@Suite struct GenerationRunPageTests {
    @Test func aGenerationRunsPageSaysItWroteNotesInsteadOfRankingThem() async throws {
        let test = try await TestService.make()
        let record = RunRecord(
            id: "run-notes", judges: [JudgeDescriptor(name: "openai:scribe", kind: .llm, readsTranscript: true)], samples: 1,
            rubrics: [], notes: [PlannedNote(system: "scribe", encounter: "e1", rubric: "note")], judgmentKeys: [], task: .scribe)
        try await test.store.begin(record)
        try await test.run { http in
            let page = try await http.get("/runs/run-notes", token: test.token(.viewer))
            #expect(page.status == .ok)
            #expect(page.body.contains("id=generation-run>A generation run (<code>scribegrade generate</code>): it wrote 1 note(s)"))
            #expect(!page.body.contains("<table id=leaderboard>"))
        }
    }
}
