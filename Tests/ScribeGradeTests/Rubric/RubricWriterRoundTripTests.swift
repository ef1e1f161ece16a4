import Testing
@testable import ScribeGrade

/// `RubricWriter` output must decode back to the rubric it was written from.
@Suite struct RubricWriterRoundTripTests {
    /// The rubric without source positions, which writing cannot preserve.
    func positionless(_ rubric: Rubric) -> Rubric {
        var rubric = rubric
        rubric.path = nil
        for index in rubric.criteria.indices { rubric.criteria[index].location = nil }
        return rubric
    }

    func roundTrip(_ rubric: Rubric, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let yaml = RubricWriter.yaml(rubric, header: ["Written by a test", "line two: with a colon"])
        let check = RubricDecoder(linter: nil).check(yaml)
        #expect(check.diagnostics == [], "\(yaml)", sourceLocation: sourceLocation)
        let decoded = try #require(check.rubric, sourceLocation: sourceLocation)
        #expect(positionless(decoded) == positionless(rubric), "\(yaml)", sourceLocation: sourceLocation)
    }

    static let trickyStrings = [
        "plain text", "Documents: the complaint", "ends with a colon:", "has a #hash", "# starts with hash",
        "a # comment?", "\"double quoted\"", "'single quoted'", "it's", "back\\slash", "tab\there",
        "new\nline", "carriage\rreturn", "  leading spaces", "trailing spaces  ", "- dash item", "-dash",
        "? question", ": colon first", "[bracket]", "{brace}", "comma, inside", "&anchor", "*alias", "!tag",
        "|literal", ">folded", "%percent", "@at", "`backtick", "true", "False", "yes", "NO", "on", "Off",
        "null", "Null", "~", "123", "007", "0x1F", "0o17", "1_000", "1:30", "+12", "-5", "1e3", "2.5",
        ".inf", "-.Inf", ".nan", "2024-01-31", "=", "<<", "über café", "发热三天", "emoji 🙂 ok",
        "nel\u{85}char", "line\u{2028}separator", "para\u{2029}separator", "nbsp\u{A0}space",
        "bom\u{FEFF}inside", "del\u{7F}char", "c1\u{9B}control", "bell\u{07}char", "nul\u{0}char",
        "a:b", "a,b", "multiple   spaces", "...", "---", "--- doc", "... end", "x\u{E000}private",
    ]

    @Test func designExampleRoundTrips() throws {
        try roundTrip(Rubric(
            id: "day1_consultation01", encounter: "day1_consultation01", version: 3,
            title: "Diarrhoea for three days", source: "PriMock57 consultation checklist by clinician 1 (CC BY 4.0)",
            criteria: [
                Criterion(id: "pc-diarrhoea", section: .subjective, text: "Documents diarrhoea as the presenting complaint.",
                          points: 2, critical: true, tags: ["history"]),
                Criterion(id: "pc-diarrhoea-duration", section: .subjective, text: "States that the diarrhoea started three days ago.",
                          points: 1, parent: "pc-diarrhoea"),
                Criterion(id: "invents-exam", section: .objective,
                          text: "Reports physical examination findings that were not part of the consultation.",
                          points: -5, tags: ["accuracy", "fabrication"]),
            ]))
    }

    @Test(arguments: trickyStrings)
    func trickyStringsRoundTripInEveryField(_ text: String) throws {
        let id = text.allSatisfy(\.isWhitespace) ? "x\(text)x" : text
        try roundTrip(Rubric(
            id: id, encounter: id, version: 2, title: text, source: text,
            criteria: [
                Criterion(id: id, section: .plan, text: id, points: 1.5, critical: true, tags: [id, "plain"]),
                Criterion(id: "child", text: "Child of \(id)", points: -0.25, parent: id),
            ]))
    }

    @Test func numbersAsTextIdsRoundTrip() throws {
        try roundTrip(Rubric(id: "2024", encounter: "1.0", title: "42", criteria: [
            Criterion(id: "1", text: "3", points: 10, tags: ["1", "2.5", "true"]),
            Criterion(id: "2", text: "4", points: -10),
        ]))
    }

    @Test(arguments: [1.0, 10, -10, 0.5, -2.25, 0.1, 1e-7, 9.999999999999998, 3.0000000000000004, 1.0 / 3.0])
    func pointsRoundTripExactly(_ points: Double) throws {
        try roundTrip(Rubric(id: "r", encounter: "e", criteria: [
            Criterion(id: "a", text: "A.", points: 10),
            Criterion(id: "b", text: "B.", points: points),
        ]))
    }

    @Test func emptyTitleAndSourceStayEmptyRatherThanAbsent() throws {
        try roundTrip(Rubric(id: "r", encounter: "e", title: "", source: " ", criteria: [Criterion(id: "a", text: "A.", points: 1)]))
    }

    /// Random strings over YAML's awkward characters. Yams loses a U+FEFF that starts a value
    /// (Foundation drops a leading byte order mark when decoding UTF-8), so none starts with one.
    @Test func randomStringsRoundTrip() throws {
        var generator = SeededGenerator(seed: 20_240_601)
        let alphabet: [Character] = Array("ab Z09:#-?,[]{}\"'\\\t\n\r&*!|>%@`.~=<éü中🙂") + ["\u{85}", "\u{2028}", "\u{A0}", "\u{FEFF}", "\u{7F}", "\u{1B}"]
        func randomString(blankAllowed: Bool = true) -> String {
            let length = 1 + generator.index(below: 12)
            var text = String((0..<length).map { _ in alphabet[generator.index(below: alphabet.count)] })
            if text.first == "\u{FEFF}" { text = "x" + text }
            if !blankAllowed, text.allSatisfy(\.isWhitespace) { text += "x" }
            return text
        }
        for _ in 0..<500 {
            let id = randomString(blankAllowed: false)
            try roundTrip(Rubric(
                id: id, encounter: randomString(blankAllowed: false), title: randomString(), source: randomString(),
                criteria: [
                    Criterion(id: id, text: randomString(blankAllowed: false), points: 1, tags: [randomString(blankAllowed: false)]),
                    Criterion(id: "child" + randomString(), text: randomString(blankAllowed: false), points: -1, parent: id),
                ]))
        }
    }

    @Test func criteriaFromIncludedFilesAreNotWrittenAgain() throws {
        let path = RubricFixtures.path("valid/day1_consultation01.yaml")
        let rubric = try RubricDecoder().decode(fileAt: path)
        let yaml = RubricWriter.yaml(rubric)
        #expect(!yaml.contains("soap-plan-present"))
        let again = try RubricDecoder().decode(yaml, path: path)
        #expect(positionless(again) == positionless(rubric))
        #expect(again.criteria.prefix(2).map(\.location) == rubric.criteria.prefix(2).map(\.location))
    }
}
