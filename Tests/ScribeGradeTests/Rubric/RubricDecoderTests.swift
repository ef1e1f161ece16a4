import Testing
@testable import ScribeGrade

@Suite struct RubricDecoderTests {
    @Test func designExampleDecodesCleanWithIncludedCriteriaFirst() throws {
        let path = RubricFixtures.path("valid/day1_consultation01.yaml")
        let check = RubricDecoder().check(fileAt: path)
        #expect(check.diagnostics.map(\.description) == [])
        let rubric = try #require(check.rubric)
        #expect(rubric.id == "day1_consultation01")
        #expect(rubric.encounter == "day1_consultation01")
        #expect(rubric.version == 3)
        #expect(rubric.title == "Diarrhoea for three days")
        #expect(rubric.source == "PriMock57 consultation checklist by clinician 1 (CC BY 4.0)")
        #expect(rubric.includes == ["../common/soap-quality.yaml"])
        #expect(rubric.path == path)
        #expect(rubric.criteria.map(\.id) == [
            "soap-plan-present", "soap-no-transcript-dump", "pc-diarrhoea", "pc-diarrhoea-duration", "invents-exam",
        ])
        let complaint = try #require(rubric.criterion("pc-diarrhoea"))
        #expect(complaint == Criterion(
            id: "pc-diarrhoea", section: .subjective, text: "Documents diarrhoea as the presenting complaint.",
            points: 2, critical: true, tags: ["history"],
            location: SourceLocation(file: path, line: 8, column: 5)))
        let duration = try #require(rubric.criterion("pc-diarrhoea-duration"))
        #expect(duration.parent == "pc-diarrhoea")
        #expect(duration.critical == false)
        #expect(duration.tags == [])
        #expect(rubric.criterion("invents-exam")?.points == -5)
        let shared = try #require(rubric.criterion("soap-no-transcript-dump"))
        #expect(shared.section == .any)
        #expect(shared.location == SourceLocation(file: RubricFixtures.path("common/soap-quality.yaml"), line: 10, column: 5))
        #expect(rubric.positivePoints == 4)
    }

    @Test func versionDefaultsToOneAndSectionToAny() throws {
        let rubric = try RubricDecoder().decode("""
            id: r
            encounter: e
            criteria:
              - {id: a, text: Documents the complaint., points: 1.5}
            """)
        #expect(rubric.version == 1)
        #expect(rubric.title == nil)
        #expect(rubric.criteria == [Criterion(id: "a", section: .any, text: "Documents the complaint.", points: 1.5,
                                              location: SourceLocation(file: "<input>", line: 4, column: 5))])
    }

    @Test(arguments: ["\"3\"", "2.5", "-1", "0", "yes", "[1]"])
    func versionThatIsNotAPositiveIntegerIsRejected(_ value: String) {
        let check = RubricDecoder().check("""
            id: r
            encounter: e
            version: \(value)
            criteria:
              - {id: a, text: Documents the complaint., points: 1}
            """)
        #expect(check.diagnostics.map(\.description) == ["<input>:3:10: error: version must be a positive integer"])
    }

    @Test(arguments: [("10", 10.0), ("-10", -10.0), ("0.5", 0.5), ("-2.25", -2.25), ("+3", 3.0)])
    func pointsWithinTheRangeAreAccepted(_ text: String, _ value: Double) throws {
        let rubric = try RubricDecoder().decode("""
            id: r
            encounter: e
            criteria:
              - {id: a, text: Documents the complaint., points: 1}
              - {id: b, text: Documents the plan., points: \(text)}
            """)
        #expect(rubric.criteria[1].points == value)
    }

    @Test(arguments: ["0", "0.0", "10.01", "-11", ".inf", ".nan", "'1'", "one", "[1]", "~", "true"])
    func pointsOutsideTheRangeOrNotNumbersAreRejected(_ text: String) {
        let check = RubricDecoder().check("""
            id: r
            encounter: e
            criteria:
              - {id: a, text: Documents the complaint., points: 1}
              - id: b
                text: Documents the plan.
                points: \(text)
            """)
        #expect(check.diagnostics.map(\.description) == ["<input>:7:13: error: points must be a non-zero number in [-10, 10]"])
    }

    @Test func numbersAndBooleansAsIdsAndTextAreReadAsWritten() throws {
        let rubric = try RubricDecoder().decode("""
            id: 2024
            encounter: 0x1F
            criteria:
              - id: 1.10
                text: yes
                points: 1
                tags: [2, no]
            """)
        #expect(rubric.id == "2024")
        #expect(rubric.encounter == "0x1F")
        #expect(rubric.criteria[0].id == "1.10")
        #expect(rubric.criteria[0].text == "yes")
        #expect(rubric.criteria[0].tags == ["2", "no"])
    }

    @Test func yamlAnchorsAndAliasesAreRefusedWhereTheyAreWritten() {
        let check = RubricDecoder().check("""
            id: r
            encounter: e
            criteria:
              - id: a
                text: Documents the complaint.
                points: 1
                tags: &history [history]
              - id: b
                text: Documents the duration.
                points: 1
                tags: *history
            """)
        #expect(check.rubric == nil)
        #expect(check.diagnostics.map(\.description) == [
            "<input>:7:11: error: anchors and aliases are not allowed in rubrics; write each value out in full",
            "<input>:11:11: error: anchors and aliases are not allowed in rubrics; write each value out in full",
        ])
    }

    @Test func lintWarningsDoNotStopDecoding() throws {
        let check = RubricDecoder().check("""
            id: r
            encounter: e
            criteria:
              - id: a
                text: Documents fever, cough and sore throat.
                points: 1
            """)
        #expect(check.rubric != nil)
        #expect(check.errors.isEmpty)
        #expect(check.warnings.map(\.location) == [SourceLocation(file: "<input>", line: 5, column: 11)])
        #expect(RubricDecoder(linter: nil).check(check.rubric.map { RubricWriter.yaml($0) } ?? "").warnings.isEmpty)
    }

    @Test func anEmptyIdIsReportedOnceAndNotUsedToNameTheCriterion() {
        let check = RubricDecoder().check("""
            id: r
            encounter: e
            criteria:
              - id:
                points: 1
            """)
        #expect(check.diagnostics.map(\.description) == [
            "<input>:4:5: error: criterion is missing required key 'text'",
            "<input>:4:8: error: id must not be empty",
        ])
    }

    @Test func aFileThatCannotBeReadIsOneError() {
        let check = RubricDecoder(files: InMemoryFileSource([:])).check(fileAt: "Rubrics/none.yaml")
        #expect(check.rubric == nil)
        #expect(check.diagnostics.map(\.description) == ["Rubrics/none.yaml: error: no such file"])
    }

    @Test func aFragmentDecodedAsARubricIsMissingItsIdAndEncounter() {
        let check = RubricDecoder().check(fileAt: RubricFixtures.path("common/soap-quality.yaml"))
        #expect(check.errors.map(\.message) == ["missing required key 'id'", "missing required key 'encounter'"])
    }
}
