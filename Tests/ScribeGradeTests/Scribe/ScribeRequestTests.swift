import Foundation
import Testing
@testable import ScribeGrade

/// The generation path's core: the scribe prompt and schema, reading a scribe's answer into a
/// note, the generation plan and the notes its stored answers hold.
@Suite struct ScribeRequestTests {
    static let encounter = Encounter(id: "enc-1", turns: [
        Turn(speaker: "Doctor", text: "What brings you in today?"),
        Turn(speaker: "Patient", text: "I have had diarrhoea for three days."),
    ])

    static let answer: JSONValue = [
        "subjective": "Diarrhoea for 3/7.", "objective": "Not documented.",
        "assessment": "Likely gastroenteritis.", "plan": "Oral fluids; return if blood in stool.",
    ]

    /// A judge that answers every request with `SOAPNoteAnswer.parse(answer)`.
    struct FixedScribe: Judge {
        var descriptor: JudgeDescriptor { JudgeDescriptor(name: "fixed", kind: .llm, model: "fixed", readsTranscript: true) }
        func judge(_ request: JudgeRequest) async throws -> JudgeResponse {
            JudgeResponse(results: SOAPNoteAnswer.parse(ScribeRequestTests.answer, id: ScribeRequest.criterionID).results)
        }
    }

    @Test func theScribePromptShowsTheTranscriptAsksForTheSOAPNoteSchemaAndHasNoNoteBlock() {
        let prompt = PromptRenderer(template: .builtIn(.scribe)).render(ScribeRequest.make(encounter: Self.encounter, system: "model-a"))
        #expect(prompt.schema == .soapNote)
        #expect(prompt.criterionIDs == [ScribeRequest.criterionID])
        #expect(prompt.shared.contains("Patient: I have had diarrhoea for three days."))
        #expect(!prompt.user.contains("<note_"))
        #expect(prompt.system.contains("Never invent"))
        #expect(VerdictSchema.soapNote.json["required"] == ["subjective", "objective", "assessment", "plan"])
    }

    @Test func anAnswerBecomesAMarkdownNoteWithTheFourSOAPHeadingsInOrder() throws {
        let parsed = VerdictParser(schema: .soapNote, criterionIDs: ["note"], note: "", transcript: "").parse(Self.answer.compact)
        #expect(parsed.problems.isEmpty)
        let result = try #require(parsed.results["note"])
        #expect(result.verdict == .met)
        let note = try #require(result.explanation)
        #expect(note == "## Subjective\n\nDiarrhoea for 3/7.\n\n## Objective\n\nNot documented.\n\n## Assessment\n\nLikely gastroenteritis.\n\n## Plan\n\nOral fluids; return if blood in stool.\n")
        #expect(NoteSectionizer.sections(of: note).map(\.soap) == [[.subjective], [.objective], [.assessment], [.plan]])
    }

    @Test func anAnswerMissingASectionOrWithEverySectionEmptyWritesNoNote() {
        var partial = Self.answer
        if case let .object(members) = partial { partial = .object(members.filter { $0.0 != "plan" }) }
        let missing = SOAPNoteAnswer.parse(partial, id: "note")
        #expect(missing.results.isEmpty)
        #expect(missing.problems == ["the note has no 'plan' text"])
        let empty = SOAPNoteAnswer.parse(["subjective": " ", "objective": "", "assessment": "", "plan": "\n"], id: "note")
        #expect(empty.results.isEmpty)
        #expect(empty.problems == ["every section of the note is empty"])
    }

    @Test func theGenerationPlanAsksOncePerEncounterAndItsStoredAnswersAreTheNotes() async throws {
        let other = Encounter(id: "enc-2", turns: [Turn(speaker: "Patient", text: "My knee hurts.")])
        let plan = try RunPlan.makeGeneration(encounters: [other, Self.encounter], system: "model-a", scribe: FixedScribe())
        #expect(plan.task == .scribe)
        #expect(plan.requests.map(\.request.note.encounter) == ["enc-1", "enc-2"])
        #expect(plan.requests.allSatisfy { $0.request.task == .scribe && $0.request.encounter != nil })
        // Another system's plan asks other questions.
        let renamed = try RunPlan.makeGeneration(encounters: [other, Self.encounter], system: "model-b", scribe: FixedScribe())
        #expect(Set(renamed.judgmentKeys).isDisjoint(with: plan.judgmentKeys))

        let response = try await FixedScribe().judge(plan.requests[0].request)
        var judgments: [String: Judgment] = [:]
        for judgment in RunEngine.judgments(plan.requests[0], judge: FixedScribe(), response: response, failure: nil) {
            judgments[judgment.key] = judgment
        }
        let (notes, missing) = plan.generatedNotes(from: judgments)
        #expect(notes.map(\.encounter) == ["enc-1"])
        #expect(notes.first?.text.hasPrefix("## Subjective") == true)
        #expect(missing.map(\.encounter) == ["enc-2"])
    }

    @Test func aJudgeConfiguredInScribeModeIsRefused() {
        #expect {
            try ScribeGradeConfig(parsing: "judges:\n  a:\n    provider: openai\n    model: x\n    mode: scribe\n", path: "s.yaml")
        } throws: { error in
            (error as? InputError)?.diagnostics.map(\.description).contains { $0.hasPrefix("s.yaml:5:11: error: 'mode' of a judge must be") } == true
        }
    }
}
