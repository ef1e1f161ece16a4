import ScribeGrade
import Testing

@Suite struct TextGridTranscriptTests {
    func priMock(_ id: String, markup: TranscriptMarkup = .clean) throws -> Encounter {
        let loader = EncounterLoader(markup: markup)
        return try loader.loadSpeakerPair(
            id: id,
            doctor: ImportFixture.path("primock57/transcripts/\(id)_doctor.TextGrid"),
            patient: ImportFixture.path("primock57/transcripts/\(id)_patient.TextGrid"))
    }

    @Test func mergesBothSpeakersOfAConsultationByTime() throws {
        let encounter = try priMock("day1_consultation01")
        #expect(encounter.id == "day1_consultation01")
        #expect(encounter.turns.count == 85)
        #expect(encounter.turns.prefix(4).map(\.speaker) == ["doctor", "patient", "doctor", "patient"])
        let first = encounter.turns[0]
        #expect(first.text == "Hello? Hi. Um, should we start? Yeah, okay. Hello how um. Good morning sir, how can I help you this morning?")
        #expect(first.start == 2.5334561157322537)
        #expect(first.end == 12.499861706065632)
        // The patient's first utterance starts during the doctor's; start order decides.
        #expect(encounter.turns[1].start == 3.9071713687564986)
        #expect(encounter.turns[1].text.hasPrefix("Hello, how are you? Oh hey, um, I've just had some diarrhea for the last three days"))
        #expect(encounter.turns.last?.text == "Thank you. Bye bye.")
        #expect(encounter.turns.last?.speaker == "doctor")
    }

    @Test func joinsConsecutiveUtterancesOfOneSpeakerIntoOneTurn() throws {
        let encounter = try priMock("day1_consultation01")
        // Doctor intervals 4 ("<UNIN/> Sorry to hear that…") and 6 ("<UNIN/>", only markup) are
        // separated by silence only; the patient's next utterance starts at 34.36 s.
        let turn = encounter.turns[2]
        #expect(turn.speaker == "doctor")
        #expect(turn.text == "Sorry to hear that. Um, and and when you say diarrhea, what'd you mean by diarrhea? Do you mean you're going to the toilet more often? Or are your stools more loose?")
        #expect(turn.start == 25.665919347794443)
        #expect(turn.end == 34.96567768234095)
        for (a, b) in zip(encounter.turns, encounter.turns.dropFirst()) {
            #expect(a.speaker != b.speaker)
            #expect(a.start! <= b.start!)
        }
    }

    @Test func cleanMarkupLeavesNoTagsAndKeepMarkupLeavesThemAll() throws {
        let clean = try priMock("day1_consultation01")
        #expect(!clean.turns.contains { $0.text.contains("<") || $0.text.contains(">") })
        let kept = try priMock("day1_consultation01", markup: .keep)
        let text = kept.text
        #expect(text.contains("<UNSURE>Hello how</UNSURE>"))
        #expect(text.contains("<UNIN/>"))
        // Kept: the markup-only intervals are turns too, so no fewer utterances survive.
        #expect(kept.turns.reduce(0) { $0 + $1.text.count } > clean.turns.reduce(0) { $0 + $1.text.count })
    }

    @Test func readsTabIndentedConsultation() throws {
        let encounter = try priMock("day1_consultation02")
        #expect(encounter.turns.count == 85)
        #expect(encounter.turns[0].text == "Hello?")
        #expect(encounter.turns[0].start == 0)
        #expect(encounter.turns[2].text == "Uh uh yes. I think. It's a bit better. It's a bit, it's a bit, it's not very clear. But let's continue anyway.")
        #expect(encounter.turns.last?.text == "OK. Well I wish you all the best. Thank you. Have a good day.")
    }

    @Test func singleGridUsesTierNamesAsSpeakers() throws {
        let grid = try TextGridParser.parse(try ImportFixture.text("transcripts/day1_consultation01-short.TextGrid"), path: "x")
        let encounter = TextGridTranscript.encounter(id: "x", grid: grid)
        #expect(encounter.turns.map(\.speaker) == ["doctor", "patient"])
        #expect(encounter.turns[0].text.contains("Hello how um."))
    }
}

@Suite struct TranscriptMarkupTests {
    @Test func cleanKeepsUnsureWordsAndDropsUnintelligibleSpeech() {
        #expect(TranscriptMarkup.clean.apply("And you <UNIN/> mention it's mainly watery.") == "And you mention it's mainly watery.")
        #expect(TranscriptMarkup.clean.apply("<UNSURE>Hello how</UNSURE> um.") == "Hello how um.")
        #expect(TranscriptMarkup.clean.apply("the <UNSURE></UNSURE> headache") == "the headache")
        #expect(TranscriptMarkup.clean.apply("<UNIN/>, okay <INAUDIBLE_SPEECH/>.") == "okay.")
        #expect(TranscriptMarkup.clean.apply("a < b and c > d") == "a < b and c > d")
    }

    @Test func cleanSkipsUtterancesThatWereOnlyMarkup() {
        #expect(TranscriptMarkup.clean.apply("<UNIN/>") == nil)
        #expect(TranscriptMarkup.clean.apply(" <INAUDIBLE_SPEECH/> . ") == nil)
        #expect(TranscriptMarkup.clean.apply("  ") == nil)
        #expect(TranscriptMarkup.keep.apply("<UNIN/>") == "<UNIN/>")
        #expect(TranscriptMarkup.keep.apply("  ") == nil)
    }
}
