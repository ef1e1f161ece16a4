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
        let document = YAMLDocument(composing: "é中🙂: 1\nx: 2\n", path: "f.yaml")
        #expect(YAMLDocument.index(line: 2, column: 1, in: Array("é中🙂: 1\nx: 2\n".unicodeScalars)) == 7)
        #expect(document.root?["x"]?.mark?.column == 4)
    }
}
