import Testing
@testable import ScribeGrade

@Suite struct ReplayJudgeTests {
    func request(_ system: String, _ encounter: String, _ criterion: String, rubric: String = "r1") -> JudgeRequest {
        JudgeRequest(
            rubricID: rubric, rubricVersion: 1, criteria: [Criterion(id: criterion, text: "t", points: 1)],
            note: Note(system: system, encounter: encounter, text: "n"))
    }

    @Test func readsCSVVerdicts() async throws {
        let judge = try ReplayJudge(path: "v.csv", text: "system,encounter,criterion,verdict\nA,e1,c1,met\nA,e1,c2,not_met\n")
        #expect(try await judge.judge(request("A", "e1", "c1")).results["c1"]?.verdict == .met)
        #expect(try await judge.judge(request("A", "e1", "c2")).results["c2"]?.verdict == .notMet)
    }

    @Test func readsJSONLVerdicts() async throws {
        let judge = try ReplayJudge(path: "v.jsonl", text: "{\"system\":\"A\",\"encounter\":\"e1\",\"criterion\":\"c1\",\"verdict\":\"met\"}\n")
        #expect(try await judge.judge(request("A", "e1", "c1")).results["c1"]?.verdict == .met)
    }

    @Test func missingVerdictIsAFailureNotNotMet() async throws {
        let judge = try ReplayJudge(path: "v.csv", text: "system,encounter,criterion,verdict\nA,e1,c1,met\n")
        let result = try await judge.judge(request("A", "e1", "other")).results["other"]
        #expect(result?.verdict == nil)
        #expect(result?.failure == "no verdict in replay file")
    }

    @Test func rubricColumnSelectsAmongRubricsOfAnEncounter() async throws {
        let judge = try ReplayJudge(path: "v.csv", text: "system,encounter,rubric,criterion,verdict\nA,e1,r1,c1,met\nA,e1,r2,c1,not_met\n")
        #expect(try await judge.judge(request("A", "e1", "c1", rubric: "r2")).results["c1"]?.verdict == .notMet)
    }

    @Test func reportsEveryBadLineWithItsNumber() {
        let text = "system,encounter,criterion,verdict\nA,e1,c1,maybe\nA,e1,,met\nA,e1,c2,met\nA,e1,c2,not_met\n"
        #expect {
            _ = try ReplayJudge(path: "v.csv", text: text)
        } throws: { error in
            let lines = (error as? InputError)?.diagnostics.map(\.description) ?? []
            return lines == [
                "v.csv:2: error: verdict must be 'met' or 'not_met', found 'maybe'",
                "v.csv:3: error: missing criterion",
                "v.csv:5: error: duplicate verdict for system 'A', encounter 'e1', criterion 'c2' (first on line 4)",
            ]
        }
    }

    @Test func missingColumnsNameTheHeader() {
        #expect {
            _ = try ReplayJudge(path: "v.csv", text: "system,encounter,verdict\nA,e1,met\n")
        } throws: { error in
            (error as? InputError)?.diagnostics.first?.description == "v.csv:1: error: missing column criterion; the header must name system,encounter,criterion,verdict"
        }
    }

    @Test func cacheKeyChangesWhenTheFileChanges() throws {
        let a = try ReplayJudge(path: "v.csv", text: "system,encounter,criterion,verdict\nA,e1,c1,met\n")
        let b = try ReplayJudge(path: "v.csv", text: "system,encounter,criterion,verdict\nA,e1,c1,not_met\n")
        #expect(a.cacheKey(for: request("A", "e1", "c1")) != b.cacheKey(for: request("A", "e1", "c1")))
    }
}
