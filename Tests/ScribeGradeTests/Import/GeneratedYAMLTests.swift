import Foundation
import ScribeGrade
import Testing
import Yams

/// The rubrics the importers write must read back, through the YAML library the rubric decoder
/// uses, as exactly the values that were written: texts with colons, quotes, `&` and `/`,
/// HealthBench tags such as `axis:accuracy`.
@Suite struct GeneratedYAMLTests {
    func readBack(_ rubric: Rubric) throws -> [String: Any] {
        let yaml = RubricWriter.yaml(rubric, header: ["a header line: with a colon"])
        return try #require(try Yams.load(yaml: yaml) as? [String: Any])
    }

    func check(_ rubric: Rubric) throws {
        let document = try readBack(rubric)
        #expect(document["id"] as? String == rubric.id)
        #expect(document["encounter"] as? String == rubric.encounter)
        #expect(document["source"] as? String == rubric.source)
        #expect(document["title"] as? String == rubric.title)
        let criteria = try #require(document["criteria"] as? [[String: Any]])
        #expect(criteria.count == rubric.criteria.count)
        for (read, written) in zip(criteria, rubric.criteria) {
            #expect(read["id"] as? String == written.id)
            #expect(read["text"] as? String == written.text)
            #expect(read["section"] as? String == written.section.rawValue)
            #expect((read["points"] as? Int).map(Double.init) ?? (read["points"] as? Double) == written.points)
            #expect(read["parent"] as? String == written.parent)
            #expect((read["tags"] as? [String]) ?? [] == written.tags)
            #expect((read["critical"] as? Bool) ?? false == written.critical)
        }
    }

    @Test func convertedChecklistsReadBackUnchanged() throws {
        for rubric in try PriMockChecklistConverter().convert(try ImportFixture.csv("primock57/checklists.csv")).rubrics {
            try check(rubric)
        }
    }

    @Test func healthBenchRubricsAndDraftsReadBackUnchanged() throws {
        for rubric in try HealthBenchRubricImporter().rubrics(fromJSONL: try ImportFixture.text("healthbench/healthbench-format.jsonl"), path: "hb.jsonl") {
            try check(rubric)
        }
        for note in try ACIBenchReader.notes(from: try ImportFixture.csv("aci-bench/clinicalnlp_taskB_test1-sample.csv"), system: "reference") {
            try check(try ReferenceNoteDrafter(attribution: "ACI-Bench, CC BY 4.0").draft(reference: note.text, encounter: note.encounter))
        }
    }
}
