import Foundation
import Testing
@testable import ScribeGrade

/// A system, encounter or rater name with a newline (or another control character) breaks the
/// table and the CSV; such names are refused where they are read, with a diagnostic naming the
/// file or line — printable — and never quoting a note.
@Suite struct NameValidationTests {
    static func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("scribegrade-names-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func diagnostics(_ body: () throws -> Any) -> [String] {
        do {
            _ = try body()
            return []
        } catch let error as InputError {
            return error.diagnostics.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    @Test func noteFoldersAndFilesWithControlCharactersAreRefusedNamingThePathPrintably() throws {
        let root = try Self.temporaryDirectory()
        try Self.write("Patient has a cough.", to: "\(root)/good/e1.txt")
        try Self.write("Patient has a cough.", to: "\(root)/scribe\nB/e1.txt")
        try Self.write("Patient has a cough.", to: "\(root)/good/e\r2.txt")
        try Self.write("Patient has a cough.", to: "\(root)/good/e\u{202E}3.txt")
        let found = Self.diagnostics { try NotesLoader().load(root) }.sorted()
        #expect(found == [
            "\(root)/good/e{U+000D}2.txt: error: encounter name has a control character (U+000D) at position 2; names must be one line of printable text",
            "\(root)/good/e{U+202E}3.txt: error: encounter name has a control character (U+202E) at position 2; names must be one line of printable text",
            "\(root)/scribe{U+000A}B: error: system name has a control character (U+000A) at position 7; names must be one line of printable text",
        ])
        #expect(found.allSatisfy { !$0.contains("\n") && !$0.contains("cough") })
    }

    @Test func jsonlNotesWithControlCharactersInNamesAreRefusedByLine() throws {
        let text = """
            {"system": "A", "encounter": "e1", "note": "fine"}
            {"system": "=HYPERLINK(\\"x\\")\\nB", "encounter": "e1", "note": "secret text"}
            {"system": "A", "encounter": "e\\t2", "note": "secret text"}
            {"system": "A", "encounter": "e3\\u2028", "note": "secret text"}

            """
        let found = Self.diagnostics { try NotesLoader().loadJSONL(path: "notes.jsonl", text: text) }
        #expect(found == [
            "notes.jsonl:2: error: \"system\" has a control character (U+000A) at position 16; names must be one line of printable text",
            "notes.jsonl:3: error: \"encounter\" has a control character (U+0009) at position 2; names must be one line of printable text",
            "notes.jsonl:4: error: \"encounter\" has a control character (U+2028) at position 3; names must be one line of printable text",
        ])
        #expect(found.allSatisfy { !$0.contains("secret") })
        // A formula-looking name is a name: it is the CSV writer's job to neutralise it.
        #expect(try NotesLoader().loadJSONL(path: "n.jsonl", text: "{\"system\": \"=1+1\", \"encounter\": \"e1\", \"note\": \"x\"}\n").map(\.system) == ["=1+1"])
    }

    @Test func ratingFilesWithControlCharactersInNamesAreRefusedByLine() {
        let csv = "system,encounter,criterion,rater,verdict\nA,e1,c1,dr-x,met\n\"sys\ntem\",e1,c1,dr-x,met\nA,e1,c1,\"dr\u{7}y\",met\nA,\"e\u{85}1\",c2,dr-x,met\n"
        #expect(Self.diagnostics { try ExpertRatingsParser.parse(csv, path: "r.csv") } == [
            "r.csv:3: error: \"system\" has a control character (U+000A) at position 4; names must be one line of printable text",
            "r.csv:5: error: \"rater\" has a control character (U+0007) at position 3; names must be one line of printable text",
            "r.csv:6: error: \"encounter\" has a control character (U+0085) at position 2; names must be one line of printable text",
        ])
        let jsonl = "{\"system\":\"A\\r\",\"encounter\":\"e1\",\"criterion\":\"c1\",\"rater\":\"x\",\"verdict\":\"met\"}\n"
        #expect(Self.diagnostics { try ExpertRatingsParser.parse(jsonl, path: "r.jsonl") } == [
            "r.jsonl:1: error: \"system\" has a control character (U+000D) at position 2; names must be one line of printable text",
        ])
    }

    @Test func statementFilesWithControlCharactersInNamesAreRefusedByLine() throws {
        let csv = "consultation,note,line_no,statement,continues_previous\nc1,note1,1,Cough.,0\n\"c\n2\",note1,1,Secret.,0\nc3,\"note\t1\",1,Secret.,0\n"
        let table = try CSVTable(parsing: csv, path: "s.csv")
        let found = Self.diagnostics { try NoteStatementsImporter.notes(from: table) }
        #expect(found == [
            "s.csv:3: error: \"consultation\" has a control character (U+000A) at position 2; names must be one line of printable text",
            "s.csv:5: error: \"note\" has a control character (U+0009) at position 5; names must be one line of printable text",
        ])
    }
}
