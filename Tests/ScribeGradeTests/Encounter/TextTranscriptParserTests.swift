import ScribeGrade
import Testing

@Suite struct PlainTextTranscriptParserTests {
    @Test func readsSpeakerLinesContinuationsAndTimestamps() throws {
        let encounter = try PlainTextTranscriptParser.parse(try ImportFixture.text("transcripts/visit-plain.txt"), id: "visit-plain", path: "visit-plain.txt")
        #expect(encounter.turns.map(\.speaker) == ["doctor", "patient", "doctor", "patient"])
        #expect(encounter.turns[1].text == "I've just had some diarrhea for the last three days,\nand it's been affecting me.")
        #expect(encounter.turns[2].start == 25)
        #expect(encounter.turns[2].text == "And how many times a day are you going?")
        #expect(encounter.turns[0].start == nil)
    }

    @Test func keepsUnknownSpeakerLabelsAsWritten() throws {
        let encounter = try PlainTextTranscriptParser.parse("Nurse Jo: BP is 120/80.\nMother: He slept badly.\n", id: "e", path: "e.txt")
        #expect(encounter.turns.map(\.speaker) == ["Nurse Jo", "Mother"])
        #expect(encounter.turns[0].text == "BP is 120/80.")
    }

    @Test func textBeforeTheFirstSpeakerIsAnErrorWithItsLine() {
        let diagnostics = ImportFixture.diagnostics {
            _ = try PlainTextTranscriptParser.parse(try ImportFixture.text("malformed/no-speaker.txt"), id: "x", path: "no-speaker.txt")
        }
        #expect(diagnostics.map(\.description) == ["no-speaker.txt:1:1: error: expected a `Speaker: text` line before any other text"])
        let empty = ImportFixture.diagnostics { _ = try PlainTextTranscriptParser.parse("\n\n", id: "x", path: "empty.txt") }
        #expect(empty.map(\.description) == ["empty.txt: error: transcript has no turns (expected `Speaker: text` lines)"])
    }
}

@Suite struct DialogueTranscriptParserTests {
    @Test func readsACIBenchDialogueFromCSV() throws {
        let encounters = try ACIBenchReader.encounters(from: try ImportFixture.csv("aci-bench/clinicalnlp_taskB_test1-sample.csv"))
        #expect(encounters.map(\.id) == ["D2N088", "D2N095"])
        let first = encounters[0]
        #expect(first.turns.first == Turn(speaker: "doctor", text: "hi , andrew . how are you ?"))
        #expect(first.turns[1] == Turn(speaker: "patient", text: "hey , good to see you ."))
        #expect(Set(first.turns.map(\.speaker)) == ["doctor", "patient"])
        #expect(first.turns.count == 80)
        #expect(encounters[1].turns.count == 47)
    }

    @Test func joinsALineWithoutATagToTheTurnAbove() throws {
        let encounter = try ACIBenchReader.encounters(from: try ImportFixture.csv("aci-bench/clinicalnlp_taskB_test1-sample.csv"))[1]
        // D2N095 line 26 of its dialogue has no tag: it continues the doctor's "okay . all right ."
        let turn = try #require(encounter.turns.first { $0.text.hasPrefix("okay . all right . and then in terms of your blood pressure") })
        #expect(turn.speaker == "doctor")
        #expect(turn.text == "okay . all right . and then in terms of your blood pressure , how are you doing ?")
    }

    @Test func splitsInlineTagsAndKeepsGuestRoles() throws {
        let encounter = try DialogueTranscriptParser.parse("[doctor] hi . [patient] hello .\n[patient_guest] i'm his wife .", id: "e", path: "e.txt")
        #expect(encounter.turns == [
            Turn(speaker: "doctor", text: "hi ."), Turn(speaker: "patient", text: "hello ."),
            Turn(speaker: "patient_guest", text: "i'm his wife ."),
        ])
    }

    @Test func untaggedStartIsAnErrorAtTheFileLine() {
        let diagnostics = ImportFixture.diagnostics {
            _ = try DialogueTranscriptParser.parse("\nhello there\n[doctor] hi", id: "e", path: "dialogues.csv", firstLine: 7)
        }
        #expect(diagnostics.map(\.description) == ["dialogues.csv:8:1: error: expected the dialogue to start with a speaker tag such as [doctor]"])
    }
}

@Suite struct JSONTranscriptTests {
    @Test func readsTurnsWithAlternativeKeysAndOptionalTimes() throws {
        let encounter = try JSONTranscript.parse(try ImportFixture.text("transcripts/visit-turns.json"), id: "visit-turns", path: "visit-turns.json")
        #expect(encounter.turns == [
            Turn(speaker: "doctor", text: "Good morning sir, how can I help you this morning?", start: 2.533, end: 12.5),
            Turn(speaker: "patient", text: "I've just had some diarrhea for the last three days."),
            Turn(speaker: "doctor", text: "And how many times a day are you going?", start: 43.699, end: 48.017),
        ])
    }

    @Test func encodeThenParseGivesTheSameEncounter() throws {
        let original = Encounter(id: "e-1", turns: [
            Turn(speaker: "doctor", text: "Say \"ah\".\nThen\tbreathe \\ in.", start: 0, end: 1.2346),
            Turn(speaker: "patient", text: "Ahh — ok 👍"),
        ])
        let json = JSONTranscript.encode(original)
        #expect(json.contains("\"start\": 0, \"end\": 1.235,"))
        let back = try JSONTranscript.parse(json, id: "e-1", path: "e-1.json")
        #expect(back.turns[0].text == original.turns[0].text)
        #expect(back.turns[0].end == 1.235)
        #expect(back.turns[1] == original.turns[1])
    }

    @Test func reportsEveryBadTurnWithItsLine() {
        let path = "turn-without-text.json"
        let diagnostics = ImportFixture.diagnostics {
            _ = try JSONTranscript.parse(try ImportFixture.text("malformed/turn-without-text.json"), id: "turn-without-text", path: path)
        }
        #expect(diagnostics.map(\.description) == [
            "\(path):5:5: error: turn 2: missing \"text\"",
            "\(path):6:59: error: turn 3: \"start\" must be a number of seconds ≥ 0",
        ])
    }

    @Test func reportsJSONSyntaxErrorsWithLineAndColumn() {
        let diagnostics = ImportFixture.diagnostics {
            _ = try JSONTranscript.parse(try ImportFixture.text("malformed/missing-comma.json"), id: "missing-comma", path: "m.json")
        }
        #expect(diagnostics.map(\.description) == ["m.json:4:5: error: invalid JSON: expected ',' or ']' in an array"])
    }

    @Test func refusesAnEncounterIdThatDisagreesWithTheFileName() {
        let diagnostics = ImportFixture.diagnostics {
            _ = try JSONTranscript.parse("{\"encounter\": \"other\", \"turns\": []}", id: "visit", path: "visit.json")
        }
        #expect(diagnostics.map(\.description) == ["visit.json:1:15: error: file is named for encounter visit but \"encounter\" says other"])
    }
}
