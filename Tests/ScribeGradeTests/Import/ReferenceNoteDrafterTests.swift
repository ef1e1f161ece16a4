import ScribeGrade
import Testing

@Suite struct ReferenceNoteDrafterTests {
    static func reference(_ id: String) throws -> Note {
        let notes = try ACIBenchReader.notes(from: try ImportFixture.csv("aci-bench/clinicalnlp_taskB_test1-sample.csv"), system: "reference")
        return try #require(notes.first { $0.encounter == id })
    }

    static func draft(_ id: String) throws -> Rubric {
        try ReferenceNoteDrafter(attribution: "ACI-Bench, CC BY 4.0").draft(reference: try reference(id).text, encounter: id, path: "\(id).txt")
    }

    @Test func draftsOneCriterionPerStatementWithSectionsFromHeadings() throws {
        let rubric = try Self.draft("D2N095")
        #expect(rubric.id == "D2N095")
        #expect(rubric.encounter == "D2N095")
        #expect(rubric.title == "Back pain (drafted)")
        #expect(rubric.criteria.count == 38)
        let first = rubric.criteria[0]
        #expect(first.id == "r001-chief-complaint-back-pain")
        #expect(first.text == "Chief complaint: Back pain.")
        #expect(first.section == .subjective)
        #expect(first.points == 1)
        #expect(first.tags == ["chief-complaint"])
        #expect(first.location == SourceLocation(file: "D2N095.txt", line: 3))
        let sections = Dictionary(grouping: rubric.criteria, by: \.section).mapValues(\.count)
        #expect(sections == [.subjective: 19, .objective: 6, .assessment: 7, .plan: 6])
    }

    @Test func splitsParagraphsIntoSentencesWithTheirLines() throws {
        let rubric = try Self.draft("D2N095")
        let hpi = rubric.criteria.filter { $0.tags == ["history-of-present-illness"] }
        #expect(hpi.count == 15)
        #expect(hpi[2].text == "While walking 6 days ago, she felt her back seize up on her.")
        #expect(hpi[2].location?.line == 9)
        let xray = try #require(rubric.criteria.first { $0.text.hasPrefix("Back x-ray") })
        #expect(xray.section == .objective)
        #expect(xray.location?.line == 28)
    }

    @Test func keepsBulletLabelsAndProblemsAsContext() throws {
        let rubric = try Self.draft("D2N095")
        let texts = rubric.criteria.map(\.text)
        #expect(texts.contains("Musculoskeletal: Negative straight leg raise."))
        #expect(texts.contains("Ears, Nose, Mouth and Throat: Endorses nasal congestion from seasonal allergies."))
        let problem = try #require(rubric.criteria.first { $0.text == "Back pain." })
        #expect(problem.section == .assessment)
        #expect(problem.points == 2)
        let reasoning = try #require(rubric.criteria.first { $0.text == "Back pain: I believe she has a lumbar strain." })
        #expect(reasoning.section == .assessment)
        let treatment = try #require(rubric.criteria.first { $0.text == "Hypertension: She will continue lisinopril 10 mg daily." })
        #expect(treatment.section == .plan)
        #expect(treatment.location?.line == 44)
        #expect(rubric.criteria.contains { $0.text == "Back pain: We will refer her to physical therapy to work on strengthening exercises." && $0.section == .plan })
    }

    @Test func skipsBoilerplateAndRepeatedSummaries() throws {
        let rubric = try Self.draft("D2N095")
        #expect(!rubric.criteria.contains { $0.text.contains("understands and agrees") })
        #expect(rubric.criteria.filter { $0.text.hasPrefix("Ms. Ramirez is a 34-year-old female") }.count == 1)
        // The chief complaint and the diagnosis of the same name are different criteria.
        let d2n088 = try Self.draft("D2N088")
        #expect(d2n088.criteria.map(\.text).filter { $0.hasSuffix("Upper respiratory infection.") } == [
            "Chief complaint: Upper respiratory infection.", "Upper respiratory infection.",
        ])
        #expect(d2n088.criteria.count == 59)
    }

    @Test func sourceMarksTheRubricAsAnUnreviewedDraft() throws {
        let rubric = try Self.draft("D2N088")
        #expect(rubric.source?.hasPrefix("DRAFT") == true)
        #expect(rubric.source?.contains("reference note (ACI-Bench, CC BY 4.0)") == true)
        #expect(rubric.source?.contains("a clinician must review") == true)
        let ids = rubric.criteria.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(rubric.criteria.allSatisfy { $0.points == 1 || $0.points == 2 })
        #expect(rubric.criteria.allSatisfy { ($0.section == .assessment || $0.section == .plan) == ($0.points == 2) })
    }

    @Test func readsOtherLayoutsNumberedProblemsSubheadingsAndLeadIns() throws {
        let note = """
            CC:

            Right arm pain.

            PHYSICAL EXAM

            Integumentary
            Full exam is performed today. The chest and back are relatively spared.

            ASSESSMENT

            1. Right foot diabetic ulcer.
            2. Diabetes.

            PLAN

            She endorses the following:
            Neck pain: Yes.
            """
        let rubric = try ReferenceNoteDrafter().draft(reference: note, encounter: "e", id: "e-draft")
        #expect(rubric.id == "e-draft")
        #expect(rubric.criteria.map(\.text) == [
            "CC: Right arm pain.",
            "Integumentary: Full exam is performed today.",
            "Integumentary: The chest and back are relatively spared.",
            "Right foot diabetic ulcer.",
            "Diabetes.",
            "She endorses the following: Neck pain: Yes.",
        ])
        #expect(rubric.criteria.map(\.section) == [.subjective, .objective, .objective, .assessment, .assessment, .plan])
        #expect(rubric.title == "Right arm pain (drafted)")
        #expect(rubric.criteria.map(\.location?.line) == [3, 8, 8, 12, 13, 18])
    }

    @Test func aNoteWithoutStatementsIsAnError() {
        let diagnostics = ImportFixture.diagnostics { _ = try ReferenceNoteDrafter().draft(reference: "PLAN\n\n\n", encounter: "e", path: "empty.txt") }
        #expect(diagnostics.map(\.description) == ["empty.txt: error: reference note has no statements to draft criteria from"])
    }
}
