import Testing
@testable import ScribeGrade

@Suite struct RubricLinterTests {
    static let andMessage = "criterion text may join several facts with 'and'; split it so a judge decides one fact per criterion"

    @Test(arguments: [
        "Documents shortness of breath and wheeze.",
        "Advises rest and fluids.",
        "Documents diarrhoea and vomiting for three days.",
        "Documents allergies and/or intolerances.",
        "States that the diarrhoea started three days ago.",
        "Records the patient's blood pressure.",
        "Documents a brand new rash on the hand.",
    ])
    func oneFactIsNotFlagged(_ text: String) {
        #expect(!RubricLinter.joinsSeveralFacts(text))
    }

    @Test(arguments: [
        "Documents diarrhoea and states that it started three days ago.",
        "Documents the rash and advises emollients.",
        "Documents pain and that it radiates to the back.",
        "Documents fever, cough and sore throat.",
        "Documents fever, cough, and sore throat.",
        "Documents nausea and vomiting and diarrhoea.",
        "Advises review in two weeks, and to return sooner if worse.",
        "Notes chest pain AND denies palpitations.",
        "Documents the diagnosis and also the plan.",
    ])
    func severalFactsAreFlagged(_ text: String) {
        #expect(RubricLinter.joinsSeveralFacts(text))
    }

    func rubric(_ criteria: [Criterion]) -> Rubric {
        Rubric(id: "r", encounter: "e", criteria: criteria, path: "r.yaml")
    }

    @Test func longCriteriaAreFlaggedAboveTheThreshold() {
        let at = SourceLocation(file: "r.yaml", line: 4, column: 5)
        let long = String(repeating: "x", count: 201)
        let limit = String(repeating: "y", count: 200)
        let warnings = RubricLinter().lint(rubric([
            Criterion(id: "long", text: long, points: 1, location: at),
            Criterion(id: "limit", text: limit, points: 1, location: at),
        ]))
        #expect(warnings.map(\.description) == [
            "r.yaml:4:5: warning: criterion text is 201 characters long; keep it to 200 so a judge decides one thing",
        ])
        #expect(RubricLinter(maxTextLength: 100).lint(rubric([Criterion(id: "limit", text: limit, points: 1)])).count == 1)
    }

    @Test func duplicateTextsIgnoringCaseSpacingAndFullStopAreFlaggedAtTheSecond() {
        let warnings = RubricLinter().lint(rubric([
            Criterion(id: "a", text: "Documents the complaint.", points: 1, location: SourceLocation(file: "r.yaml", line: 4, column: 5)),
            Criterion(id: "b", text: "documents  the COMPLAINT", points: 1, location: SourceLocation(file: "r.yaml", line: 7, column: 5)),
            Criterion(id: "c", text: "Documents the complaint well.", points: 1, location: SourceLocation(file: "r.yaml", line: 10, column: 5)),
        ]))
        #expect(warnings.map(\.description) == [
            "r.yaml:7:5: warning: criterion 'b' has the same text as criterion 'a' at line 4",
        ])
    }

    @Test func aParentInAnotherSectionIsFlaggedUnlessEitherIsAny() {
        let warnings = RubricLinter().lint(rubric([
            Criterion(id: "p", section: .subjective, text: "Documents the complaint.", points: 1),
            Criterion(id: "a", section: .objective, text: "Documents the exam.", points: 1, parent: "p"),
            Criterion(id: "b", section: .subjective, text: "Documents the duration.", points: 1, parent: "p"),
            Criterion(id: "c", section: .any, text: "Documents the severity.", points: 1, parent: "p"),
        ]))
        #expect(warnings.map(\.description) == [
            "r.yaml: warning: criterion 'a' is in section objective but its parent 'p' is in subjective",
        ])
    }

    @Test func warningsFromAFilePointAtTheTextOrSection() {
        let check = RubricDecoder().check("""
            id: r
            encounter: e
            criteria:
              - id: p
                section: subjective
                text: Documents fever, cough and sore throat.
                points: 1
              - id: c
                parent: p
                section: plan
                text: "documents fever, cough and sore throat"
                points: 1
            """)
        #expect(check.errors.isEmpty)
        #expect(check.diagnostics.map(\.description) == [
            "<input>:6:11: warning: \(Self.andMessage)",
            "<input>:10:14: warning: criterion 'c' is in section plan but its parent 'p' is in subjective",
            "<input>:11:11: warning: \(Self.andMessage)",
            "<input>:11:11: warning: criterion 'c' has the same text as criterion 'p' at line 6",
        ])
    }

    @Test func designExampleHasNoWarnings() {
        #expect(RubricFixtures.diagnostics("valid/day1_consultation01.yaml").isEmpty)
    }
}
