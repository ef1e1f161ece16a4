import ScribeGrade
import Testing

@Suite struct HealthBenchRubricImporterTests {
    @Test func readsHealthBenchsOwnLineFormat() throws {
        let rubrics = try HealthBenchRubricImporter().rubrics(fromJSONL: try ImportFixture.text("healthbench/healthbench-format.jsonl"), path: "hb.jsonl")
        #expect(rubrics.count == 1)
        let rubric = rubrics[0]
        #expect(rubric.id == "1f548d5b-cd00-49a0-b327-283a2e00debd")
        #expect(rubric.encounter == "1f548d5b-cd00-49a0-b327-283a2e00debd")
        #expect(rubric.criteria.map(\.points) == [10, 9, -10])
        #expect(rubric.criteria.map(\.tags) == [["level:example", "axis:completeness"], ["level:example", "axis:completeness"], ["level:example", "axis:accuracy"]])
        #expect(rubric.criteria[0].id == "c001-advises-the-patient-to-find-a")
        #expect(rubric.criteria[2].text == "Advises patient not to attend scheduled postpartum appointments.")
        #expect(rubric.criteria.allSatisfy { $0.section == .any })
        #expect(rubric.positivePoints == 19)
        #expect(rubric.source == "Imported from hb.jsonl (HealthBench-style rubric items)")
    }

    @Test func groupsOneItemPerLineByEncounter() throws {
        let rubrics = try HealthBenchRubricImporter().rubrics(fromJSONL: try ImportFixture.text("healthbench/scribe-items.jsonl"), path: "items.jsonl")
        #expect(rubrics.map(\.id) == ["day1_consultation01", "D2N088"])
        let primock = rubrics[0]
        #expect(primock.criteria.map(\.id) == ["pc-diarrhoea", "c002-states-that-the-diarrhoea-started-three", "c003-reports-physical-examination-findings-that-were"])
        #expect(primock.criteria[0].critical)
        #expect(primock.criteria[1].parent == "pc-diarrhoea")
        #expect(primock.criteria[1].section == .subjective)  // from the section:subjective tag
        #expect(primock.criteria[2].section == .objective)  // from "section"
        #expect(primock.criteria[2].points == -5)
        let aci = rubrics[1]
        #expect(aci.criteria.map(\.section) == [.objective, .plan])  // "physical exam", "in the plan"
    }

    @Test func encounterOptionNamesTheEncounterOfASingleRubric() throws {
        let rubrics = try HealthBenchRubricImporter(encounter: "visit-7").rubrics(fromJSONL: try ImportFixture.text("healthbench/healthbench-format.jsonl"), path: "hb.jsonl")
        #expect(rubrics.map(\.encounter) == ["visit-7"])
        let many = ImportFixture.diagnostics {
            _ = try HealthBenchRubricImporter(encounter: "visit-7").rubrics(fromJSONL: try ImportFixture.text("healthbench/scribe-items.jsonl"), path: "items.jsonl")
        }
        // With --encounter every item line belongs to that one rubric.
        #expect(many.isEmpty)
    }

    @Test func everyBadItemIsReportedWithItsLine() {
        let diagnostics = ImportFixture.diagnostics {
            _ = try HealthBenchRubricImporter().rubrics(fromJSONL: try ImportFixture.text("malformed/healthbench.jsonl"), path: "bad.jsonl")
        }
        #expect(diagnostics.map(\.description) == [
            "bad.jsonl:5:56: error: invalid JSON: expected ',' or '}' in an object",
            "bad.jsonl:2:68: error: points must be a non-zero number in [-10, 10]",
            "bad.jsonl:3:34: error: item needs a non-empty \"criterion\" string",
            "bad.jsonl:4:67: error: points must be a non-zero number in [-10, 10]",
            "bad.jsonl:6: error: rubric e2 has no item with positive points; a score needs at least one",
        ])
    }

    @Test func unknownParentsAndDuplicateIdsAreErrors() {
        let text = """
            {"encounter": "e", "id": "a", "criterion": "One.", "points": 1}
            {"encounter": "e", "id": "a", "criterion": "Two.", "points": 1}
            {"encounter": "e", "criterion": "Three.", "points": 1, "parent": "zzz"}
            """
        let diagnostics = ImportFixture.diagnostics { _ = try HealthBenchRubricImporter().rubrics(fromJSONL: text, path: "x.jsonl") }
        #expect(diagnostics.map(\.description) == [
            "x.jsonl:2:1: error: criterion id a is used twice in rubric e",
            "x.jsonl:3:66: error: parent zzz is not a criterion of rubric e",
        ])
    }

    @Test func sectionHeuristicOnlyTrustsExplicitSectionNames() {
        #expect(SectionHeuristic.explicitSection(in: "Lists metformin in the plan.") == .plan)
        #expect(SectionHeuristic.explicitSection(in: "Advises seeing a provider for diagnosis.") == nil)
        #expect(SectionHeuristic.explicitSection(in: "Physical exam findings appear in the plan.") == nil)
    }
}
