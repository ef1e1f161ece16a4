import Foundation
import Hummingbird
import Testing
@testable import ScribeGradeServer

/// Names with a newline or another control character are refused by every upload that names
/// systems, encounters or raters — notes, ratings as JSON, ratings as CSV — with a 422 naming
/// the field or line, and nothing is stored.
@Suite struct NameUploadTests {
    @Test func uploadsWithControlCharactersInNamesAreRefusedAndNothingIsStored() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            let notes = try await http.postJSON("/api/notes", token: test.token(.grader), ["system": "scribe\nB", "encounter": "e1", "note": "secret note"])
            #expect(notes.status == .unprocessableContent)
            #expect(!notes.body.contains("secret"))

            let reviewer = test.token(.reviewer)
            let json = try await http.postJSON("/api/ratings", token: reviewer, ["ratings": [
                ["system": "A", "encounter": "e1", "criterion": "c1", "verdict": "met"],
                ["system": "A", "encounter": "e1", "criterion": "c2", "verdict": "met", "rater": "dr\nx"],
                ["system": "A\u{202E}", "encounter": "e1", "criterion": "c3", "verdict": "met"],
            ]])
            #expect(json.status == .unprocessableContent, "\(json.body)")
            let diagnostics = (json.json["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
            #expect(diagnostics == [
                "ratings[1]: error: \"rater\" has a control character (U+000A) at position 3; names must be one line of printable text",
                "ratings[2]: error: \"system\" has a control character (U+202E) at position 2; names must be one line of printable text",
            ])

            let csv = try await http.send(
                .post, "/api/ratings", token: reviewer, contentType: "text/csv",
                body: "system,encounter,criterion,rater,verdict\nA,e1,c1,x,met\n\"A\r\nB\",e1,c1,x,met\n")
            #expect(csv.status == .unprocessableContent, "\(csv.body)")
            let csvDiagnostics = (csv.json["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
            #expect(csvDiagnostics == ["ratings.csv:3: error: \"system\" has a control character (U+000D) at position 2; names must be one line of printable text"])

            let stored = try await http.get("/api/ratings", token: test.token(.viewer)).json
            #expect((stored["ratings"] as? [Any])?.isEmpty == true)
        }
    }
}
