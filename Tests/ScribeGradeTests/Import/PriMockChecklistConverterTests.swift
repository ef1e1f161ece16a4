@testable import ScribeGrade
import Testing

@Suite struct PriMockChecklistConverterTests {
    static let output: Result<PriMockChecklistConverter.Output, Error> = Result {
        try PriMockChecklistConverter().convert(try ImportFixture.csv("primock57/checklists.csv"))
    }

    func rubric(_ id: String) throws -> Rubric {
        try #require(try Self.output.get().rubrics.first { $0.id == id })
    }

    func criterion(_ rubric: String, _ id: String) throws -> Criterion {
        try #require(try self.rubric(rubric).criterion(id))
    }

    @Test func convertsAllChecklistsOneRubricPerConsultationAndAuthor() throws {
        let output = try Self.output.get()
        #expect(output.rubrics.count == 27)
        #expect(Set(output.rubrics.map(\.encounter)).count == 20)
        #expect(output.rubrics.filter { $0.id.hasSuffix("_clinician_2") }.count == 7)
        // 1,493 rows: 134 headings and 6 irrelevant items leave 1,353 criteria.
        #expect(output.headingRows == 134)
        #expect(output.omittedRows == 6)
        #expect(output.rubrics.reduce(0) { $0 + $1.criteria.count } == 1353)
        #expect(output.lines["day1_consultation01_clinician_1"] == 2...60)
    }

    @Test func rubricHeaderNamesConsultationClinicianAndLicence() throws {
        let rubric = try rubric("day1_consultation01_clinician_1")
        #expect(rubric.encounter == "day1_consultation01")
        #expect(rubric.version == 1)
        #expect(rubric.title == "day1_consultation01: consultation checklist by clinician 1")
        #expect(rubric.source?.contains("PriMock57") == true)
        #expect(rubric.source?.contains("clinician 1") == true)
        #expect(rubric.source?.contains("CC BY 4.0") == true)
    }

    @Test func terseRefinementBecomesSelfContained() throws {
        let c = try criterion("day1_consultation01_clinician_1", "c003-diarrhoea-3-days")
        #expect(c.text == "Diarrhoea: 3 days")
        #expect(c.parent == "c002-diarrhoea")
        #expect(c.section == .subjective)
        #expect(c.points == 2)
        #expect(c.critical)
        #expect(c.tags == ["presenting-complaint"])
        let nested = try criterion("day1_consultation01_clinician_1", "c015-pain-in-lower-left")
        #expect(nested.text == "Pain in lower stomach: one side, left")
        #expect(nested.parent == "c014-pain-in-lower-one-side")
    }

    @Test func nonCriticalItemsWeighLessAndAreNotCritical() throws {
        let c = try criterion("day1_consultation01_clinician_1", "c004-diarrhoea-staying-close-to-toilet")
        #expect(c.text == "Diarrhoea: staying close to toilet")
        #expect(c.points == 1)
        #expect(!c.critical)
    }

    @Test func headingsGiveSectionTagAndLabel() throws {
        let pmh = try criterion("day1_consultation01_clinician_1", "c043-asthma-well-controlled")
        #expect(pmh.text == "Past medical history: Asthma (well controlled)")
        #expect(pmh.tags == ["pmh"])
        let social = try criterion("day1_consultation01_clinician_1", "c057-lives-with-wife-and-2-children")
        #expect(social.text == "Social history: Lives with wife and 2 children")
        #expect(social.tags == ["social-history"])
        #expect(social.points == 1)
        let lowercaseExam = try criterion("day2_consultation04_clinician_1", "c045-measured-pulse")
        #expect(lowercaseExam.section == .objective)
        #expect(lowercaseExam.tags == ["examination"])
        #expect(lowercaseExam.text == "Examination: Measured pulse")
        let allergies = try criterion("day1_consultation10_clinician_2", "c055-allergic-to-clindamycin")
        #expect(allergies.text == "Allergies: allergic to clindamycin")
        #expect(allergies.tags == ["allergies"])
        let systems = try criterion("day2_consultation01_clinician_2", "c019-nauseous")
        #expect(systems.text == "Systems review: Nauseous")
        #expect(systems.section == .subjective)
    }

    @Test func introductionItemsGoAnywhereWithTheirTag() throws {
        // Before any heading (clinician 1) …
        let beforeHeading = try criterion("day2_consultation01_clinician_1", "c003-confirms-name-and-dob")
        #expect(beforeHeading.text == "Confirms name and DOB")
        #expect(beforeHeading.section == .any)
        #expect(beforeHeading.tags == ["introduction"])
        #expect(beforeHeading.parent == "c002-confirms-name")
        // … and under the "WHAT YOU TOLD US" title (clinician 2).
        let underTitle = try criterion("day1_consultation10_clinician_2", "c004-confirm-name")
        #expect(underTitle.section == .any)
        #expect(underTitle.tags == ["introduction"])
        #expect(underTitle.critical)
    }

    @Test func irrelevantItemsAreLeftOut() throws {
        let rubric = try rubric("day2_consultation02_clinician_2")
        let ids = rubric.criteria.map(\.id)
        #expect(!ids.contains { $0.hasPrefix("c013-") })  // "Noticed when in the shower", irrelevant
        #expect(!ids.contains { $0.hasPrefix("c021-") })  // "No eczema", irrelevant
        #expect(!ids.contains { $0.hasPrefix("c025-") })  // "Allergic to peanuts", irrelevant
        #expect(ids.contains("c014-problem-with-elbow-slightly-warm"))
    }

    @Test func missingParentNumbersFollowTheOutline() throws {
        let c = try criterion("day1_consultation01_clinician_2", "c003-diarrhoea-loose-stool")
        #expect(c.text == "Diarrhoea: Loose stool")
        #expect(c.parent == "c002-diarrhoea")
        let deep = try criterion("day1_consultation10_clinician_2", "c010-painful-urination-burning")
        #expect(deep.parent == "c009-painful-urination")
    }

    @Test func parentNumbersThatContradictTheOutlineAreWarnedAbout() throws {
        let output = try Self.output.get()
        let path = ImportFixture.path("primock57/checklists.csv")
        #expect(output.warnings.map(\.description) == [
            "\(path):663: warning: row has no criticality and is not a known heading; kept as a non-critical item",
            "\(path):1024: warning: row has no criticality and is not a known heading; kept as a non-critical item",
            "\(path):1045: warning: parent_no 30 disagrees with the outline; using item 32, the row it sits under",
            "\(path):1046: warning: parent_no 30 disagrees with the outline; using item 32, the row it sits under",
            "\(path):1078: warning: parent_no 64 disagrees with the outline; using item 65, the row it sits under",
            "\(path):1171: warning: parent_no 49 disagrees with the outline; using item 53, the row it sits under",
        ])
        let fun = try criterion("day5_consultation03_clinician_1", "c066-you-avoid-friends-as-not-going")
        #expect(fun.text == "You avoid friends & going out as not going to have as much fun")
        #expect(fun.parent == "c065-you-avoid-friends-going-out")
        let eczema = try criterion("day3_consultation07_clinician_1", "c045-eczema")
        #expect(eczema.text == "Past medical history: eczema")
        #expect(eczema.points == 1)
    }

    @Test func childrenOfAHeadingAtDepthOneHaveNoParent() throws {
        let c = try criterion("day3_consultation07_clinician_1", "c051-hypothyroidism")
        #expect(c.parent == nil)
        #expect(c.tags == ["family-history"])
        let mother = try criterion("day3_consultation07_clinician_1", "c052-hypothyroidism-mother")
        #expect(mother.text == "Family history: hypothyroidism (mother)")
        #expect(mother.parent == "c051-hypothyroidism")
    }

    @Test func gluedNumbersAndUnitsAreSpaced() throws {
        let c = try criterion("day4_consultation04_clinician_1", "c014-wheezy-started-1-hour-after-cleaning")
        #expect(c.text == "Wheezy: worrying about it now, started 1 hour after cleaning")
        #expect(PriMockChecklistConverter.clean(" 200mg  three times/daily, ") == "200 mg three times/daily")
        #expect(PriMockChecklistConverter.clean("7pm") == "7pm")
    }

    @Test func everyRubricSatisfiesTheRubricRules() throws {
        for rubric in try Self.output.get().rubrics {
            let ids = rubric.criteria.map(\.id)
            #expect(Set(ids).count == ids.count, "duplicate ids in \(rubric.id)")
            #expect(rubric.positivePoints > 0)
            for c in rubric.criteria {
                #expect(c.points != 0 && abs(c.points) <= 10)
                #expect(!c.text.isEmpty)
                if let parent = c.parent { #expect(ids.contains(parent), "\(rubric.id): \(c.id) has unknown parent \(parent)") }
                #expect(c.id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" })
            }
        }
    }

    @Test func conversionIsDeterministic() throws {
        let again = try PriMockChecklistConverter().convert(try ImportFixture.csv("primock57/checklists.csv"))
        #expect(again.rubrics == (try Self.output.get().rubrics))
    }

    @Test func malformedRowsAreErrorsWithTheirLines() {
        let path = ImportFixture.path("malformed/checklist.csv")
        let diagnostics = ImportFixture.diagnostics { _ = try PriMockChecklistConverter().convert(try ImportFixture.csv("malformed/checklist.csv")) }
        #expect(diagnostics.map(\.description) == [
            "\(path):4: error: depth must be a whole number ≥ 0",
            "\(path):5: error: criticality must be critical, non-critical, irrelevant or empty",
            "\(path):6: error: text is empty",
        ])
        let missing = ImportFixture.diagnostics { _ = try PriMockChecklistConverter().convert(try CSVTable(parsing: "consultation,author,text\n", path: "c.csv")) }
        #expect(missing.map(\.description) == ["c.csv:1: error: missing columns item_no, depth, parent_no, criticality; the header must name consultation,author,item_no,depth,parent_no,text,criticality"])
    }
}
