import Testing
@testable import ScribeGrade

@Suite struct BaselineJudgeTests {
    let judge = BaselineJudge()

    func verdict(_ criterion: String, in note: String, points: Double = 1) async throws -> Verdict? {
        let c = Criterion(id: "c", text: criterion, points: points)
        let request = JudgeRequest(rubricID: "r", rubricVersion: 1, criteria: [c], note: Note(system: "s", encounter: "e", text: note))
        return try await judge.judge(request).results["c"]?.verdict
    }

    @Test func matchesDurationsWrittenAsWordsDigitsOrShorthand() async throws {
        #expect(try await verdict("Diarrhoea: 3 days", in: "Three days of diarrhea, watery.") == .met)
        #expect(try await verdict("Diarrhoea: 3 days", in: "3/7 hx of diarrhoea, mainly watery.") == .met)
        #expect(try await verdict("Diarrhoea: 3days", in: "Diarrhoea for the last 3 days.") == .met)
    }

    @Test func aDifferentNumberIsNotAMatch() async throws {
        #expect(try await verdict("Diarrhoea: 3 days", in: "Diarrhoea for 5 days.") == .notMet)
    }

    @Test func negationMustAgree() async throws {
        #expect(try await verdict("No blood in stool", in: "Loose stools, no blood.") == .met)
        #expect(try await verdict("No blood in stool", in: "Blood in the stool noted.") == .notMet)
        #expect(try await verdict("Blood in stool", in: "Denies blood in stool.") == .notMet)
    }

    @Test func unrelatedNoteDoesNotMeetCriterion() async throws {
        #expect(try await verdict("Asthma, uses inhaler", in: "Plan: rest, fluids, paracetamol.") == .notMet)
    }

    @Test func describesItselfAsALexicalBaselineNotAnLLM() async throws {
        #expect(judge.descriptor.kind == .lexicalBaseline)
        #expect(judge.descriptor.label.contains("not an LLM"))
        let c = Criterion(id: "c", text: "Asthma", points: 1)
        let response = try await judge.judge(JudgeRequest(rubricID: "r", rubricVersion: 1, criteria: [c], note: Note(system: "s", encounter: "e", text: "PMH: asthma")))
        #expect(response.results["c"]?.explanation?.contains("not an LLM") == true)
        #expect(!judge.descriptor.readsTranscript)
    }
}
