import ScribeGrade
import Testing

@Suite struct SlugTests {
    @Test func makesShortStableIdentifiers() {
        #expect(Slug.identifier("c", 3, "Diarrhoea: 3 days") == "c003-diarrhoea-3-days")
        #expect(Slug.make("Doesn't use cotton buds — café au lait") == "doesnt-use-cotton-buds-cafe-au")
        #expect(Slug.make("E+D ok") == "e-d-ok")
        #expect(Slug.identifier("r", 12, "…", digits: 3) == "r012")
        #expect(Slug.make(String(repeating: "pneumonoultramicroscopic ", count: 3)) == "pneumonoultramicroscopic")
    }
}

@Suite struct SentenceSplitterTests {
    @Test func splitsSentencesButNotAbbreviationsOrDecimals() {
        #expect(SentenceSplitter.sentences("Ms. Martinez is 43. She takes Flonase. Retin-A 0.1% gel at 8 p.m. Nightly.") ==
            ["Ms. Martinez is 43.", "She takes Flonase.", "Retin-A 0.1% gel at 8 p.m. Nightly."])
        #expect(SentenceSplitter.sentences("Wash with e.l.f. SuperClarify Cleanser. Then toner.") ==
            ["Wash with e.l.f. SuperClarify Cleanser.", "Then toner."])
        #expect(SentenceSplitter.sentences("Is it worse? Yes! 2 episodes.") == ["Is it worse?", "Yes!", "2 episodes."])
    }

    @Test func splitsOnlyLongSentencesAtClauseBoundaries() {
        let long = "He reports that he is very regular with monitoring his blood pressure during the week, but he is less consistent on weekends when he is busy with his children and his house projects."
        #expect(SentenceSplitter.clauses(long) == [
            "He reports that he is very regular with monitoring his blood pressure during the week.",
            "He is less consistent on weekends when he is busy with his children and his house projects.",
        ])
        let short = "He denies having a fever, but he felt a little warm."
        #expect(SentenceSplitter.clauses(short) == [short])
    }
}

@Suite struct JSONParserTests {
    @Test func parsesValuesWithPositions() throws {
        let value = try LocatedJSONParser.parse("{\n  \"a\": [1, -2.5e1, true, null],\n  \"b\": \"x\\u00e9\\ud83d\\ude00\\n\"\n}", path: "v.json")
        #expect(value["a"]?.value == .array([
            LocatedJSON.Located(value: .number(1), line: 2, column: 9),
            LocatedJSON.Located(value: .number(-25), line: 2, column: 12),
            LocatedJSON.Located(value: .bool(true), line: 2, column: 20),
            LocatedJSON.Located(value: .null, line: 2, column: 26),
        ]))
        #expect(value["b"]?.value == .string("xé😀\n"))
        #expect(value["b"]?.line == 3)
    }

    @Test func rejectsWhatStrictJSONRejects() {
        let cases: [(String, String)] = [
            ("{\"a\": 1,}", "v.json:1:9: error: invalid JSON: expected a quoted member name"),
            ("[01]", "v.json:1:3: error: invalid JSON: expected ',' or ']' in an array"),
            ("{\"a\": 1, \"a\": 2}", "v.json:1:10: error: invalid JSON: duplicate member \"a\""),
            ("\"tab\there\"", "v.json:1:5: error: invalid JSON: control character in string (newlines must be escaped as \\n)"),
            ("[1] [2]", "v.json:1:5: error: invalid JSON: unexpected content after the JSON value"),
            ("", "v.json:1:1: error: invalid JSON: unexpected end of input, expected a value"),
        ]
        for (text, expected) in cases {
            #expect(ImportFixture.diagnostics { _ = try LocatedJSONParser.parse(text, path: "v.json") }.map(\.description) == [expected])
        }
    }
}

@Suite struct ImportLayoutTests {
    @Test func placesFilesWhereGradeReadsThem() throws {
        let note = Note(system: "BART", encounter: "D2N088", text: "CHIEF COMPLAINT\n\nCough.")
        #expect(try ImportLayout.file(for: note) == GeneratedFile(path: "BART/D2N088.txt", contents: "CHIEF COMPLAINT\n\nCough.\n"))
        #expect(try ImportLayout.flatFile(for: note).path == "D2N088.txt")
        #expect(try ImportLayout.file(for: Encounter(id: "e", turns: [])).path == "e.json")
        let rubric = Rubric(id: "r1", encounter: "e", criteria: [Criterion(id: "a", text: "A.", points: 1)])
        #expect(try ImportLayout.file(for: rubric, header: ["made here"]).contents.hasPrefix("# made here\nid: r1\n"))
    }

    @Test func refusesIdsThatAreNotSafeFileNames() {
        let note = Note(system: "../x", encounter: "e", text: "t", source: SourceLocation(file: "n.csv", line: 4))
        let diagnostics = ImportFixture.diagnostics { _ = try ImportLayout.file(for: note) }
        #expect(diagnostics.map(\.description) == ["n.csv:4: error: system name \"../x\" cannot be a file name: use letters, digits, '.', '_' and '-'"])
        #expect(!ImportLayout.isSafeName(".hidden"))
        #expect(ImportLayout.isSafeName("day1_consultation01_clinician_1"))
    }
}
