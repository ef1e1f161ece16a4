import ScribeGrade
import Testing

@Suite struct PriMockNoteImporterTests {
    @Test func readsTheClinicianNoteAsTheDoctorSystem() throws {
        let path = ImportFixture.path("primock57/notes/day1_consultation01.json")
        let note = try PriMockNoteImporter.note(fromJSON: try ImportFixture.text("primock57/notes/day1_consultation01.json"), path: path)
        #expect(note.system == "doctor")
        #expect(note.encounter == "day1_consultation01")
        #expect(note.text.hasPrefix("3/7 hx of diarrhea, mainly watery. No blood in stool. Opening bowels x6/day."))
        #expect(note.text.hasSuffix("To see earlier if feeling more unwell."))
        #expect(note.text.contains("\nPMH: Asthma\nDH: Inhalers\n"))
        #expect(!note.text.contains(" \n"))
        #expect(note.sections.map(\.heading).contains("Plan"))
    }

    @Test func readsADirectoryRestrictedToChosenEncounters() throws {
        let all = try PriMockNoteImporter.notes(inDirectory: ImportFixture.path("primock57/notes"))
        #expect(all.map(\.encounter) == ["day1_consultation01", "day2_consultation03"])
        #expect(all[1].text.hasPrefix("Hx: 1 week history of left side difficulty hearing and facial numbness\nNo dysphagia"))
        let one = try PriMockNoteImporter.notes(inDirectory: ImportFixture.path("primock57/notes"), only: ["day2_consultation03"])
        #expect(one.map(\.encounter) == ["day2_consultation03"])
        let missing = ImportFixture.diagnostics { _ = try PriMockNoteImporter.notes(inDirectory: ImportFixture.path("primock57/notes"), only: ["day9_consultation99"]) }
        #expect(missing.map(\.message) == ["no note for encounter day9_consultation99 (expected day9_consultation99.json)"])
    }

    @Test func aNoteFieldThatIsNotTextIsAnErrorAtItsPlace() {
        let diagnostics = ImportFixture.diagnostics {
            _ = try PriMockNoteImporter.note(fromJSON: "{\"day\": 1,\n \"note\": [\"a\"]}", path: "day1_consultation01.json")
        }
        #expect(diagnostics.map(\.description) == ["day1_consultation01.json:2:10: error: \"note\" must be a string, found an array"])
    }
}

@Suite struct NoteStatementsImporterTests {
    @Test func joinsStatementsBackIntoTheTwoGeneratedNotes() throws {
        let notes = try NoteStatementsImporter.notes(from: try ImportFixture.csv("primock57/note_statements.csv"))
        #expect(notes.map(\.id) == ["note1/day1_consultation01", "note2/day1_consultation01"])
        let lines = notes[0].text.split(separator: "\n")
        #expect(lines.count == 19)
        #expect(lines[0] == "Of diarrhoea for the last 3 days, needs to stay close to the toilet, affecting his day to day activities.")
        #expect(lines[2] == "Lower abdo pain to the left side, cramp like, feels weak and shaky.")
        #expect(lines.last == "No alcohol.")
        #expect(notes[1].text.split(separator: "\n").count == 14)
        #expect(notes[1].text.hasPrefix("Diarrhoea for the last 3 days, affecting his day to day activities.\nDiarrhoea symptoms for 3 days,"))
        #expect(notes[0].source?.line == 2)
    }

    @Test func badRowsAreErrorsWithTheirLines() {
        let path = ImportFixture.path("malformed/note_statements.csv")
        let diagnostics = ImportFixture.diagnostics { _ = try NoteStatementsImporter.notes(from: try ImportFixture.csv("malformed/note_statements.csv")) }
        #expect(diagnostics.map(\.description) == [
            "\(path):3: error: line_no must be a whole number",
            "\(path):4: error: continues_previous must be 0 or 1",
        ])
    }
}

@Suite struct ACIBenchReaderTests {
    @Test func readsReferenceNotesAndSystemNotes() throws {
        let references = try ACIBenchReader.notes(from: try ImportFixture.csv("aci-bench/clinicalnlp_taskB_test1-sample.csv"), system: "reference")
        #expect(references.map(\.encounter) == ["D2N088", "D2N095"])
        #expect(references[0].text.hasPrefix("CHIEF COMPLAINT\n\nUpper respiratory infection.\n\nHISTORY OF PRESENT ILLNESS\n\nAndrew Campbell is a 59-year-old male"))
        #expect(references[0].text.hasSuffix("Patient Agreements: The patient understands and agrees with the recommended medical treatment plan."))
        let bart = try ACIBenchReader.notes(from: try ImportFixture.csv("aci-bench/BART-sample.csv"), system: "BART")
        #expect(bart.map(\.id) == ["BART/D2N088", "BART/D2N095"])
        #expect(bart[0].text.hasPrefix("CHIEF COMPLAINT\n\nRight lung infection.\n\nHISTORY OF PRESENT ILLNESS\n\nAndrew Smith is a 59-year-old male"))
        #expect(bart[0].sections.first?.soap == [.subjective])
    }

    @Test func dialogueLinesAreCountedFromTheRecordLine() throws {
        let table = try ImportFixture.csv("aci-bench/clinicalnlp_taskB_test1-sample.csv")
        let records = try ACIBenchReader.records(from: table)
        #expect(records[0].line == 2)
        #expect(records[0].dialogueLine == 2)
        #expect(records[1].line > records[0].line + 80)
    }

    @Test func duplicateAndEmptyIdsAreErrors() throws {
        let table = try CSVTable(parsing: "dataset,encounter_id,dialogue,note\naci,D1,[doctor] hi,Note\naci,D1,[doctor] hi,Note\naci,,[doctor] hi,\n", path: "a.csv")
        let diagnostics = ImportFixture.diagnostics { _ = try ACIBenchReader.records(from: table) }
        #expect(diagnostics.map(\.description) == [
            "a.csv:3: error: encounter D1 appears twice (first on line 2)",
            "a.csv:4: error: encounter_id is empty",
        ])
        let empty = ImportFixture.diagnostics { _ = try ACIBenchReader.notes(from: try CSVTable(parsing: "encounter_id,note\nD2,\"  \n\"\n", path: "b.csv"), system: "LED") }
        #expect(empty.map(\.description) == ["b.csv:2: error: note of encounter D2 is empty"])
    }
}
