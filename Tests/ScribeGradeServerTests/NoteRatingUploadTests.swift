import Foundation
import Hummingbird
import Testing
import ScribeGrade
import ScribeGradeStore
@testable import ScribeGradeServer

/// Note-level ratings through `POST /api/ratings`: a CSV of whole-note ratings on declared
/// scales, stored as one source, listed with its dimensions, raters and counts, and deleted;
/// bad scales and values are problems naming the line, never the value sent.
@Suite struct NoteRatingUploadTests {
    static let scales = "scale=quality=ordinal:1,2,3,4,5&scale=omission_rate=interval:0:1"

    @Test func aNoteLevelCSVIsStoredAsOneSourceListedAndDeleted() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            let csv = """
                system,encounter,rater,dimension,value
                note1,day1_consultation01,dr-a,quality,4
                note1,day1_consultation01,dr-a,omission_rate,0.66666667
                note2,day1_consultation01,dr-b,quality,2

                """
            let posted = try await http.send(
                .post, "/api/ratings?\(Self.scales)&file=panel.csv", token: test.token(.reviewer), contentType: "text/csv", body: csv)
            #expect(posted.status == .created, "\(posted.body)")
            let source = try #require(posted.json["source"] as? String)
            #expect(source.hasPrefix("panel.csv@") && source.count == "panel.csv@".count + 12)
            #expect(posted.json["stored"] as? Int == 3)
            #expect(posted.json["raters"] as? [String] == ["dr-a", "dr-b"])
            #expect(posted.json["dimensions"] as? [String: String] == ["quality": "ordinal:1,2,3,4,5", "omission_rate": "interval:0:1"])

            let stored = try await test.store.noteRatings()
            #expect(stored.count == 3 && stored.allSatisfy { $0.source == source })
            #expect(abs((stored.first { $0.dimension == "omission_rate" }?.value ?? 0) - 2.0 / 3) < 1e-8)

            let listed = try await http.get("/api/ratings/sources", token: test.token(.viewer))
            #expect(listed.status == .ok)
            let entry = try #require((listed.json["sources"] as? [[String: Any]])?.first { $0["id"] as? String == source })
            #expect(entry["level"] as? String == "note")
            #expect(entry["raters"] as? [String] == ["dr-a", "dr-b"])
            #expect(entry["dimensions"] as? [String: String] == ["quality": "ordinal:1,2,3,4,5", "omission_rate": "interval:0:1"])
            #expect(entry["ratings"] as? Int == 3 && entry["notes"] as? Int == 2)

            let encoded = NotePage.path(source)
            #expect(try await http.send(.delete, "/api/ratings/sources/\(encoded)", token: test.token(.viewer)).status == .forbidden)
            let deleted = try await http.send(.delete, "/api/ratings/sources/\(encoded)", token: test.token(.reviewer))
            #expect(deleted.status == .ok, "\(deleted.body)")
            #expect(deleted.json["deleted"] as? Int == 3)
            #expect(try await test.store.noteRatings().isEmpty)
            #expect(try await test.store.ratingSources().isEmpty)
            let again = try await http.send(.delete, "/api/ratings/sources/\(encoded)", token: test.token(.reviewer))
            #expect(again.status == .notFound && again.contentType == "application/problem+json")
        }
    }

    @Test func aDimensionWithoutAScaleOrAValueOutsideItIsAProblemNamingTheLineNotTheValue() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            let undeclared = try await http.send(
                .post, "/api/ratings?scale=quality=ordinal:1,2,3,4,5", token: test.token(.reviewer), contentType: "text/csv",
                body: "system,encounter,rater,dimension,value\nnote1,e1,dr-a,quality,3\nnote1,e1,dr-a,edit_time_s,40\n")
            #expect(undeclared.status == .unprocessableContent)
            #expect(undeclared.contentType == "application/problem+json")
            let first = try #require((undeclared.json["diagnostics"] as? [[String: Any]])?.first)
            #expect(first["line"] as? Int == 3)
            #expect((first["message"] as? String)?.contains("dimension 'edit_time_s' has no declared scale") == true, "\(first)")

            let secret = "pt says chest pain since Tuesday"
            let outside = try await http.send(
                .post, "/api/ratings?\(Self.scales)", token: test.token(.reviewer), contentType: "text/csv",
                body: "system,encounter,rater,dimension,value,inclusion_probability\nnote1,e1,dr-a,quality,3,\nnote1,e1,dr-a,omission_rate,1.5,\nnote2,e1,dr-a,quality,\(secret),\nnote2,e1,dr-a,omission_rate,0.5,\(secret)\n")
            #expect(outside.status == .unprocessableContent)
            let diagnostics = try #require(outside.json["diagnostics"] as? [[String: Any]])
            #expect(diagnostics.compactMap { $0["line"] as? Int } == [3, 4, 5])
            #expect(diagnostics.map { $0["message"] as? String ?? "" } == [
                "value of 'omission_rate' is outside its scale: expected a number in [0, 1] (interval)",
                "value of 'quality' is outside its scale: expected one of 1, 2, 3, 4, 5 (ordinal)",
                "inclusion_probability must be a number in (0, 1]",
            ])
            #expect((diagnostics[0]["text"] as? String)?.hasPrefix("api.csv:3:") == true)
            #expect(!outside.body.contains("chest") && !outside.body.contains("1.5"))

            let badScale = try await http.send(
                .post, "/api/ratings?scale=quality=ordinal:1", token: test.token(.reviewer), contentType: "text/csv",
                body: "system,encounter,rater,dimension,value\nnote1,e1,dr-a,quality,1\n")
            #expect(badScale.status == .unprocessableContent)
            #expect(badScale.body.contains("scale of 'quality'"))
            #expect(try await test.store.noteRatings().isEmpty)
            #expect(!test.logs.text.contains("chest"))
        }
    }

    @Test func theRejectedValueIsCutOutOfEveryParserMessage() {
        let located = SourceLocation(file: "api.csv", line: 2, column: 30)
        let tricky = Diagnostic.error("value 'a' of 'b' is outside its scale: x' of 'quality' is outside its scale: expected 0 or 1 (binary)", at: located)
        #expect(RatingRoutes.withoutValues(tricky).message == "value of 'quality' is outside its scale: expected 0 or 1 (binary)")
        let unknown = Diagnostic.error("value 'leaked text' is something new", at: located)
        #expect(RatingRoutes.withoutValues(unknown).message == "value is outside its dimension's scale")
        let probability = Diagnostic.error("inclusion_probability 'x' must be 'y' must be a number in (0, 1]", at: located)
        #expect(RatingRoutes.withoutValues(probability).message == "inclusion_probability must be a number in (0, 1]")
        let other = Diagnostic.error("empty rater", at: located)
        #expect(RatingRoutes.withoutValues(other) == other)
    }
}
