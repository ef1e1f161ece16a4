import Testing
@testable import ScribeGrade

@Suite struct VerdictParserTests {
    static let note = "S: Diarrhoea for 3 days with abdominal cramps.\nP: Oral   fluids, review in 48 hours."
    static let transcript = "doctor: What brings you in today?\npatient: I’ve had diarrhoea for three days."

    static func single(_ id: String = "c1") -> VerdictParser {
        VerdictParser(schema: .single, criterionIDs: [id], note: note, transcript: transcript)
    }

    @Test func aWellFormedAnswerGivesVerdictExplanationAndCheckedEvidence() {
        let parsed = Self.single().parse(#"{"explanation":"Stated.","verdict":"met","evidence":{"note":["diarrhoea FOR 3 days","oral fluids, review"],"transcript":["I've had diarrhoea","he said it was five days"]}}"#)
        #expect(parsed.isComplete)
        let result = parsed.results["c1"]
        #expect(result?.verdict == .met)
        #expect(result?.explanation == "Stated.")
        #expect(result?.evidence?.note == ["diarrhoea FOR 3 days", "oral fluids, review"])
        #expect(result?.evidence?.unsupported == ["he said it was five days"])
    }

    @Test func evidenceIgnoresCaseWhitespaceCurlyQuotesEdgePunctuationAndFollowsEllipses() {
        let checker = EvidenceChecker(text: Self.note)
        #expect(checker.contains("\"Oral fluids, review in 48 hours.\""))
        #expect(checker.contains("diarrhoea ... review in 48 hours"))
        #expect(checker.contains("diarrhoea … cramps"))
        #expect(!checker.contains("review in 48 hours ... diarrhoea"), "pieces must appear in order")
        #expect(!checker.contains("   "))
        #expect(!checker.contains("diarrhoea for 4 days"))
        #expect(EvidenceChecker(text: Self.transcript).contains("I've had diarrhoea"))
        #expect(EvidenceChecker(text: Self.transcript).contains("patient: i’ve had"))
    }

    @Test func normalisationFoldsCaseSpacesQuotesAndDashesInAnyScript() {
        let ascii = "  Pt: 3/7 HX of\tDiarrhoea,  `no` BLOOD.\n\nPlan:  fluids "
        #expect(EvidenceChecker.normalise(ascii + "\u{00A0}É") == EvidenceChecker.normalise(ascii) + " é")
        #expect(EvidenceChecker.normalise("ΔΙΆΡΡΟΙΑ 😀 ÜBER") == "διάρροια 😀 über")
        #expect(EvidenceChecker.normalise(ascii) == "pt: 3/7 hx of diarrhoea, 'no' blood. plan: fluids")
        #expect(EvidenceChecker.normalise("“Quoted” – SOB’s") == "\"quoted\" - sob's")
    }

    @Test func aQuoteFromTheTranscriptClaimedForTheNoteIsUnsupported() {
        let parsed = Self.single().parse(#"{"explanation":"x","verdict":"not_met","evidence":{"note":["What brings you in today"],"transcript":[]}}"#)
        #expect(parsed.results["c1"]?.verdict == .notMet)
        #expect(parsed.results["c1"]?.evidence?.unsupported == ["What brings you in today"])
    }

    @Test(arguments: [
        ("", "the answer is empty"),
        (#"{"explanation":"The note says"#, "not valid JSON"),
        ("The note meets the criterion.", "not valid JSON"),
        (#"["met"]"#, "not a JSON object"),
        (#"{"explanation":"x"}"#, "no 'verdict'"),
        (#"{"explanation":"x","verdict":"maybe"}"#, "'verdict' is not met or not_met"),
        (#"{"explanation":"x","verdict":true}"#, "'verdict' is not met or not_met"),
        (#"{"verdict":"met"} trailing"#, "not valid JSON"),
    ])
    func malformedAnswersGiveNoVerdictAndAReasonThatQuotesNothing(answer: String, reason: String) {
        let parsed = Self.single().parse(answer)
        #expect(parsed.results.isEmpty)
        #expect(parsed.problems.count == 1)
        #expect(parsed.problems[0].contains(reason), "\(parsed.problems)")
        #expect(!parsed.problems[0].contains("The note"))
    }

    @Test func aCodeFenceAroundTheJSONIsAccepted() {
        let parsed = Self.single().parse("```json\n{\"explanation\":\"x\",\"verdict\":\"not_met\",\"evidence\":{\"note\":[],\"transcript\":[]}}\n```")
        #expect(parsed.results["c1"]?.verdict == .notMet)
    }

    @Test func missingEvidenceIsEmptyNotAnError() {
        let parsed = Self.single().parse(#"{"explanation":"x","verdict":"NOT_MET"}"#)
        #expect(parsed.isComplete)
        #expect(parsed.results["c1"]?.evidence == Evidence())
    }

    @Test func batchedAnswersGiveAVerdictPerCriterionIdAndFlagMissingUnknownAndDuplicateIds() {
        let parser = VerdictParser(schema: .batched, criterionIDs: ["a", "b", "c", "d"], note: Self.note, transcript: Self.transcript)
        let parsed = parser.parse(#"""
            {"verdicts":[
              {"criterion_id":"a","explanation":"x","verdict":"met","evidence":{"note":["abdominal cramps"],"transcript":[]}},
              {"criterion_id":"b","explanation":"x","verdict":"not_met","evidence":{"note":[],"transcript":[]}},
              {"criterion_id":"zz","explanation":"x","verdict":"met","evidence":{"note":[],"transcript":[]}},
              {"criterion_id":"c","explanation":"x","verdict":"met","evidence":{"note":[],"transcript":[]}},
              {"criterion_id":"c","explanation":"x","verdict":"not_met","evidence":{"note":[],"transcript":[]}}
            ]}
            """#)
        #expect(parsed.results["a"]?.verdict == .met)
        #expect(parsed.results["a"]?.evidence?.unsupported == [])
        #expect(parsed.results["b"]?.verdict == .notMet)
        #expect(parsed.results["c"] == nil, "a criterion answered twice has no trustworthy verdict")
        #expect(parsed.results["d"] == nil)
        #expect(parsed.problems.contains { $0.contains("'zz', which was not asked") })
        #expect(parsed.problems.contains { $0.contains("'c' is answered twice") })
        #expect(parsed.problems.contains { $0.contains("no verdict for criteria 'd'") })
    }

    @Test func batchedAnswerWithoutAListIsAProblem() {
        let parser = VerdictParser(schema: .batched, criterionIDs: ["a"], note: "", transcript: "")
        #expect(parser.parse(#"{"explanation":"x","verdict":"met"}"#).problems == ["the answer has no 'verdicts' list"])
    }

    @Test func parsingAnAlreadyDecodedToolInputMatchesParsingItsText() throws {
        let text = #"{"explanation":"Stated.","verdict":"met","evidence":{"note":["oral fluids"],"transcript":[]}}"#
        #expect(Self.single().parse(try JSONValue(parsing: text)) == Self.single().parse(text))
    }
}

@Suite struct JSONValueTests {
    @Test func parsingAndWritingRoundTripsAndKeepsKeyOrder() throws {
        let text = #"{"z":1,"a":[true,false,null,-2.5,"x\ny\u00e9\ud83d\ude00"],"m":{"b":"\"q\"","a":{}}}"#
        let value = try JSONValue(parsing: text)
        #expect(value.compact == #"{"z":1,"a":[true,false,null,-2.5,"x\nyé😀"],"m":{"b":"\"q\"","a":{}}}"#)
        #expect(try JSONValue(parsing: value.pretty) == value)
        #expect(value["m"]?["b"]?.stringValue == "\"q\"")
    }

    @Test(arguments: ["{", "[1,]", "{\"a\" 1}", "\"unterminated", "tru", "{\"a\":1}}", "\"\u{01}\""])
    func invalidJSONIsRejected(text: String) {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue(parsing: text) }
    }
}
