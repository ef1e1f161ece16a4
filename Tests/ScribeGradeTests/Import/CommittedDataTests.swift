import Foundation
import ScribeGrade
import Testing
import Yams

/// The data committed under `Examples/` and `Rubrics/` is what today's importers produce, and
/// is complete: every rubric's encounter has a transcript and every system a note for it.
@Suite struct CommittedDataTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The file's text without its leading `#` comment lines.
    static func withoutHeader(_ relative: String) throws -> String {
        let text = try LocalFileSource().read(path(relative))
        return text.split(separator: "\n", omittingEmptySubsequences: false).drop { $0.hasPrefix("#") }.joined(separator: "\n")
    }

    static func encounters(ofRubricsIn folder: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for file in try LocalFileSource().files(in: path(folder)) where file.hasSuffix(".yaml") {
            let document = try #require(try Yams.load(yaml: try LocalFileSource().read(file)) as? [String: Any])
            out[(file as NSString).lastPathComponent] = document["encounter"] as? String
        }
        return out
    }

    @Test func priMockRubricsAreTodaysConversionOfTheChecklists() throws {
        let rubrics = try PriMockChecklistConverter().convert(try ImportFixture.csv("primock57/checklists.csv")).rubrics
        #expect(rubrics.count == 27)
        for rubric in rubrics {
            #expect(try Self.withoutHeader("Rubrics/primock57/\(rubric.id).yaml") == RubricWriter.yaml(rubric), "\(rubric.id)")
        }
    }

    @Test func aciBenchDraftsAreTodaysDraftsOfTheCommittedReferenceNotes() throws {
        let files = try LocalFileSource().files(in: Self.path("Rubrics/aci-bench")).filter { $0.hasSuffix(".yaml") }
        #expect(files.count == 40)
        for file in files {
            let id = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            let reference = try LocalFileSource().read(Self.path("Examples/aci-bench/reference-notes/\(id).txt"))
            let draft = try ReferenceNoteDrafter(attribution: "ACI-Bench, wyim/aci-bench, CC BY 4.0").draft(reference: reference, encounter: id)
            #expect(try Self.withoutHeader("Rubrics/aci-bench/\(id).yaml") == RubricWriter.yaml(draft), "\(id)")
        }
    }

    @Test func priMockTranscriptsAreTodaysMergeOfTheTextGrids() throws {
        for id in ["day1_consultation01", "day1_consultation02"] {
            let encounter = try EncounterLoader().loadSpeakerPair(
                id: id, doctor: ImportFixture.path("primock57/transcripts/\(id)_doctor.TextGrid"),
                patient: ImportFixture.path("primock57/transcripts/\(id)_patient.TextGrid"))
            #expect(try LocalFileSource().read(Self.path("Examples/primock57/transcripts/\(id).json")) == JSONTranscript.encode(encounter))
        }
    }

    @Test func everyRubricHasItsTranscriptAndEverySystemsNote() throws {
        let priMock = try EncounterLoader().loadDirectory(Self.path("Examples/primock57/transcripts"))
        #expect(priMock.count == 57)
        let aci = try EncounterLoader().loadDirectory(Self.path("Examples/aci-bench/transcripts"))
        #expect(aci.count == 60)
        let checks: [(rubrics: String, transcripts: [Encounter], notes: String, systems: [String], rubricCount: Int)] = [
            ("Rubrics/primock57", priMock, "Examples/primock57/notes", ["doctor", "note1", "note2"], 27),
            ("Rubrics/aci-bench", aci, "Examples/aci-bench/notes", ["BART", "BioBART", "LED"], 40),
        ]
        for check in checks {
            let encounters = try Self.encounters(ofRubricsIn: check.rubrics)
            #expect(encounters.count == check.rubricCount)
            let ids = Set(check.transcripts.map(\.id))
            for (file, encounter) in encounters {
                #expect(ids.contains(encounter), "\(file): no transcript for \(encounter)")
                for system in check.systems {
                    #expect(FileManager.default.fileExists(atPath: Self.path("\(check.notes)/\(system)/\(encounter).txt")), "\(system) has no note for \(encounter)")
                }
            }
            for system in check.systems {
                let notes = try LocalFileSource().files(in: Self.path("\(check.notes)/\(system)"))
                #expect(notes.count == Set(encounters.values).count, "\(system) has notes beyond the rubrics' encounters")
            }
        }
    }
}
