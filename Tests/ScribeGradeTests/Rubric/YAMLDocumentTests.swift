import Testing
import Yams
@testable import ScribeGrade

@Suite struct YAMLDocumentTests {
    @Test func validYamlHasNoDiagnosticsAndKeepsPositions() throws {
        let document = YAMLDocument(composing: "a: 1\nb:\n  - x\n", path: "f.yaml")
        #expect(document.diagnostics.isEmpty)
        let b = try #require(document.root?["b"])
        #expect(b.mark?.line == 3)
        #expect(b.mark?.column == 3)
    }

    @Test func repeatedKeysAreEachReportedAndTheLastValueKept() throws {
        let text = """
            a: 1
            'a': 2
            "a": 3
            nested: {k: 1, k: 2, "long key": 1, long key: 2}
            """
        let document = YAMLDocument(composing: text, path: "f.yaml")
        #expect(document.diagnostics.map(\.description) == [
            "f.yaml:2:1: error: duplicate key 'a'; first used at line 1",
            "f.yaml:3:1: error: duplicate key 'a'; first used at line 1",
            "f.yaml:4:16: error: duplicate key 'k'; first used at line 4",
            "f.yaml:4:37: error: duplicate key 'long key'; first used at line 4",
        ])
        let root = try #require(document.root.flatMap(YAMLMapping.init))
        #expect(root.entries.map(\.key) == ["a", "nested"])
        #expect(root["a"]?.int == 3)
        #expect(root["nested"]?["k"]?.int == 2)
    }

    @Test func syntaxErrorsCarryLibyamlsPositionAndContext() {
        let document = YAMLDocument(composing: "a: [1, 2\nb: 3\n", path: "f.yaml")
        #expect(document.root == nil)
        #expect(document.diagnostics.count == 1)
        #expect(document.diagnostics.first?.location.file == "f.yaml")
        #expect(document.diagnostics.first?.location.line != nil)
        #expect(document.diagnostics.first?.message.hasPrefix("invalid YAML: ") == true)
    }

    @Test func positionsCountUnicodeScalarsAsLibyamlDoes() throws {
        let document = YAMLDocument(composing: "é中🙂: 1\nx: 2\né中🙂: 3\n", path: "f.yaml")
        #expect(document.root?["x"]?.mark?.column == 4)
        #expect(document.diagnostics.map(\.description) == ["f.yaml:3:1: error: duplicate key 'é中🙂'; first used at line 1"])
        #expect(document.root?["é中🙂"]?.int == 3)
    }
}

/// Anchors and aliases let a few hundred bytes stand for billions of nodes ("billion laughs"):
/// they are refused from libyaml's events, before a tree is composed.
@Suite struct YAMLAliasTests {
    static let refusal = "anchors and aliases are not allowed in rubrics; write each value out in full"

    @Test func aBillionLaughsRubricWithARepeatedKeyIsRefusedBeforeComposing() throws {
        let path = RubricFixtures.path("attacks/billion-laughs.yaml")
        let text = try LocalFileSource().read(path)
        #expect(text.utf8.count < 512)
        let document = YAMLDocument(composing: text, path: "f.yaml")
        #expect(document.root == nil)
        #expect(document.compositions == 0)
        #expect(document.diagnostics.map(\.description) == [
            "f.yaml:3:4: error: \(Self.refusal)",
            "f.yaml:4:4: error: \(Self.refusal)",
            "f.yaml:4:8: error: \(Self.refusal)",
            "f.yaml:4:12: error: \(Self.refusal)",
            "f.yaml:4:16: error: \(Self.refusal)",
            "f.yaml:4:20: error: \(Self.refusal)",
            "f.yaml:4:24: error: \(Self.refusal)",
            "f.yaml:4:28: error: \(Self.refusal)",
            "f.yaml:4:32: error: \(Self.refusal)",
            "f.yaml:4:36: error: \(Self.refusal)",
            "f.yaml:4:40: error: 72 more anchors and aliases",
        ])
    }

    @Test func aliasesUsedAsMappingKeysAreRefusedBeforeComposing() throws {
        let text = try LocalFileSource().read(RubricFixtures.path("attacks/alias-keys.yaml"))
        let document = YAMLDocument(composing: text, path: "f.yaml")
        #expect(document.root == nil)
        #expect(document.compositions == 0)
        #expect(document.diagnostics.first?.description == "f.yaml:3:4: error: \(Self.refusal)")
        #expect(document.diagnostics.last?.description == "f.yaml:4:40: error: 73 more anchors and aliases")
    }

    @Test func theAttackRubricGetsTheDiagnosticThroughTheDecoder() {
        let path = RubricFixtures.path("attacks/billion-laughs.yaml")
        let check = RubricDecoder().check(fileAt: path)
        #expect(check.rubric == nil)
        #expect(check.diagnostics.first?.description == "\(path):3:4: error: \(Self.refusal)")
        #expect(check.diagnostics.count == 11)
    }

    @Test func oneAnchorOrAliasIsReportedWhereItIsWritten() {
        let text = "id: r\nencounter: e\ncriteria:\n  - &c {id: a, text: A., points: 1}\n  - *c\n"
        #expect(YAMLDocument(composing: text, path: "f.yaml").diagnostics.map(\.description) == [
            "f.yaml:4:5: error: \(Self.refusal)",
            "f.yaml:5:5: error: \(Self.refusal)",
        ])
    }

    @Test func ampersandsAndAsterisksInsideTextAreData() throws {
        let text = """
            a: "&quoted *too"
            b: 'single &x *y'
            c: plain & text * here
            d: |
              &block
              *scalar
            e: >-
              &folded *text
            f: [x&y, a*b]
            """
        let document = YAMLDocument(composing: text, path: "f.yaml")
        #expect(document.diagnostics.isEmpty)
        #expect(document.compositions == 1)
        #expect(document.root?["a"]?.string == "&quoted *too")
        #expect(document.root?["d"]?.string == "&block\n*scalar\n")
        #expect(document.root?["e"]?.string == "&folded *text")
    }
}

/// However many keys repeat, the text is composed once and every repeat is reported.
@Suite struct YAMLRepeatedKeyTests {
    @Test func everyRepeatIsReportedAndTheTextComposedOnce() throws {
        let count = 200
        let text = "criteria: []\n" + (0..<count).map { "k: \($0)\n" }.joined() + "quoted: {'x': 1, \"x\": 2}\n"
        let document = YAMLDocument(composing: text, path: "f.yaml")
        #expect(document.compositions == 1)
        let expected = (1..<count).map { "f.yaml:\($0 + 2):1: error: duplicate key 'k'; first used at line 2" }
            + ["f.yaml:\(count + 2):18: error: duplicate key 'x'; first used at line \(count + 2)"]
        #expect(document.diagnostics.map(\.description) == expected)
        let root = try #require(document.root.flatMap(YAMLMapping.init))
        #expect(root.entries.map(\.key) == ["criteria", "k", "quoted"])
        #expect(root["k"]?.int == count - 1)
        #expect(root["quoted"]?["x"]?.int == 2)
    }

    @Test func repeatsAreReplacedInPlaceAfterCRLFsEscapesAndTags() throws {
        let text = "aA: 1\r\nb: 2\r\n\"a\\x41\": 3\r\n!!str b: 4\r\nm: {x: 1, 'x': 2}\r\n"
        let document = YAMLDocument(composing: text, path: "f.yaml")
        #expect(document.compositions == 1)
        #expect(document.diagnostics.map(\.description) == [
            "f.yaml:3:1: error: duplicate key 'aA'; first used at line 1",
            "f.yaml:4:1: error: duplicate key 'b'; first used at line 2",
            "f.yaml:5:11: error: duplicate key 'x'; first used at line 5",
        ])
        let root = try #require(document.root.flatMap(YAMLMapping.init))
        #expect(root.entries.map(\.key) == ["aA", "b", "m"])
        #expect(root["aA"]?.int == 3)
        #expect(root["b"]?.int == 4)
        #expect(root["m"]?["x"]?.int == 2)
    }

    @Test func aFileWithoutRepeatsIsComposedOnce() {
        #expect(YAMLDocument(composing: "a: 1\nb: 2\n", path: "f.yaml").compositions == 1)
    }

    @Test func thousandsOfRepeatsOfAOneCharacterKeyAreAllReported() throws {
        // 7,000 repeats of a one-character key in one mapping: more placeholders than the
        // Basic Multilingual Plane has private-use characters.
        let text = "m:\n" + (0..<7000).map { "  k: \($0)\n" }.joined()
        let document = YAMLDocument(composing: text, path: "f.yaml")
        #expect(document.compositions == 1)
        #expect(document.diagnostics.count == 6999)
        #expect(document.root?["m"]?["k"]?.int == 6999)
    }
}
