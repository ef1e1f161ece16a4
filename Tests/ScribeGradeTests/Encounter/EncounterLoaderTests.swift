import ScribeGrade
import Testing

@Suite struct EncounterLoaderTests {
    @Test func loadsPriMockSpeakerPairsFromADirectory() throws {
        let encounters = try EncounterLoader().loadDirectory(ImportFixture.path("primock57/transcripts"))
        #expect(encounters.map(\.id) == ["day1_consultation01", "day1_consultation02"])
        #expect(encounters.map(\.turns.count) == [85, 85])
    }

    @Test func loadsEveryFormatByExtension() throws {
        let encounters = try EncounterLoader().loadDirectory(ImportFixture.path("transcripts"))
        #expect(encounters.map(\.id) == ["day1_consultation01-short", "visit-plain", "visit-turns"])
        #expect(encounters[0].turns.count == 2)
        #expect(encounters[1].turns.count == 4)
        #expect(encounters[2].turns[0].start == 2.533)
    }

    @Test func readsAUTF16TextGridAsPraatSavesNonASCIIText() throws {
        let encounter = try EncounterLoader().loadFile(ImportFixture.path("utf16/day1_consultation01-utf16.TextGrid"))
        #expect(encounter.id == "day1_consultation01-utf16")
        #expect(encounter.turns.map(\.speaker) == ["doctor", "patient"])
        #expect(encounter.turns[0].text.hasPrefix("Héllo? Hi. Um, should we start?"))
    }

    @Test func readsADialogueTxtAsACIBenchAndIgnoresOtherFiles() throws {
        let files = InMemoryFileSource([
            "t/D2N001.txt": "[doctor] hi .\n[patient] hello .\n",
            "t/README.md": "# transcripts\n",
        ])
        let encounters = try EncounterLoader(files: files).loadDirectory("t")
        #expect(encounters == [Encounter(id: "D2N001", turns: [Turn(speaker: "doctor", text: "hi ."), Turn(speaker: "patient", text: "hello .")])])
    }

    @Test func reportsEveryBrokenFileAtOnce() {
        let files = InMemoryFileSource([
            "t/a_doctor.TextGrid": "File type = \"ooTextFile\"\n",
            "t/b.txt": "Doctor: hi\n",
            "t/b.json": "[{\"speaker\": \"doctor\", \"text\": \"hi\"}]",
            "t/c.txt": "hello\n",
            "t/d.json": "{\"turns\": [}",
        ])
        let diagnostics = ImportFixture.diagnostics { _ = try EncounterLoader(files: files).loadDirectory("t") }
        #expect(diagnostics.map(\.description) == [
            "t/a_doctor.TextGrid: error: per-speaker TextGrid without its pair: a_patient.TextGrid is missing",
            "t/b.txt: error: encounter b is also defined by t/b.json; keep one transcript file per encounter",
            "t/c.txt:1:1: error: expected a `Speaker: text` line before any other text",
            "t/d.json:1:12: error: invalid JSON: unexpected character '}', expected a value",
        ])
    }

    @Test func anEmptyDirectoryIsAnError() {
        let diagnostics = ImportFixture.diagnostics { _ = try EncounterLoader(files: InMemoryFileSource(["t/notes.md": ""])).loadDirectory("t") }
        #expect(diagnostics.map(\.description) == ["t: error: no transcripts here: expected <encounter>.txt, .json or .TextGrid files"])
    }
}
