import Testing
@testable import ScribeGrade

@Suite struct PreparedTextsTests {
    static let answer = #"{"explanation":"Stated.","verdict":"met","evidence":{"note":["diarrhoea FOR 3 days"],"transcript":["I've had diarrhoea","five days"]}}"#

    @Test func renderingWithPreparedTextsGivesTheSamePromptAsWithout() {
        let renderer = PromptRenderer(template: .builtIn(.perCriterion))
        let request = PromptRendererTests.request([PromptRendererTests.criteria[1]])
        let prepared = PreparedTexts(note: request.note.text, transcript: PromptRenderer.transcript(of: request))
        #expect(renderer.render(request, prepared: prepared) == renderer.render(request))
    }

    @Test func parsingWithPreparedTextsChecksEvidenceAsWithout() {
        let note = VerdictParserTests.note, transcript = VerdictParserTests.transcript
        let plain = VerdictParser(schema: .single, criterionIDs: ["c1"], note: note, transcript: transcript)
        let prepared = VerdictParser(
            schema: .single, criterionIDs: ["c1"], note: note, transcript: transcript,
            prepared: PreparedTexts(note: note, transcript: transcript))
        #expect(prepared.parse(Self.answer) == plain.parse(Self.answer))
        #expect(prepared.parse(Self.answer).results["c1"]?.evidence?.unsupported == ["five days"])
    }

    @Test func theCacheAnswersEqualTextsWithOnePreparationAndOtherTextsWithTheirOwn() {
        let cache = PreparedTextsCache(capacity: 2)
        let first = cache.prepared(note: "note one", transcript: "transcript")
        #expect(cache.prepared(note: String("note one".reversed().reversed()), transcript: "transcript").tag == first.tag)
        let second = cache.prepared(note: "note two", transcript: "transcript")
        #expect(second.tag == DataBlockTag.choose(for: ["transcript", "note two"]))
        #expect(second.tag != first.tag)
        #expect(second.note.contains("NOTE two") && !second.note.contains("note one"))
        // Beyond its capacity the oldest is prepared again, with the same result.
        _ = cache.prepared(note: "note three", transcript: "transcript")
        #expect(cache.prepared(note: "note one", transcript: "transcript").tag == first.tag)
    }

    @Test(arguments: ["", " \n\t ", "\u{00A0}\u{2003}"])
    func blankAnswersAreEmptyWhateverTheWhitespace(answer: String) {
        #expect(VerdictParserTests.single().parse(answer).problems == ["the answer is empty"])
    }

    @Test func whitespaceAroundTheJSONIsIgnored() {
        #expect(VerdictParserTests.single().parse("\n\u{00A0} \(Self.answer) \r\n").results["c1"]?.verdict == .met)
    }
}
