import Foundation
import Hummingbird
import Testing
import ScribeGrade
@testable import ScribeGradeServer

/// The calibration page with note-level ratings stored: the statistics per dimension and a
/// scatter plot of the judge's note score against the experts' rating with its least-squares
/// line, as inline SVG under the Content-Security-Policy (no script).
@Suite struct CalibrationPageNoteLevelTests {
    @Test func theCalibrationPageDrawsTheNoteLevelScatterPlot() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            try await http.uploadFixtures(token: test.token(.grader))
            let id = try #require(try await http.postJSON("/api/runs", token: test.token(.grader), ["judges": ["baseline"]]).json["id"] as? String)
            _ = try await http.waitForRun(id, token: test.token(.viewer))
            var csv = "system,encounter,rater,dimension,value\n"
            for (index, note) in Fixtures.notes.enumerated() {
                csv += "\(note.system),\(note.encounter),dr-a,quality,\(1 + index % 5)\n"
                csv += "\(note.system),\(note.encounter),dr-b,quality,\(1 + (index + 1) % 5)\n"
                csv += "\(note.system),\(note.encounter),dr-a,omission_rate,\(Double(index % 4) / 4)\n"
            }
            let posted = try await http.send(
                .post, "/api/ratings?scale=quality=ordinal:1,2,3,4,5&scale=omission_rate=interval:0:1&file=panel.csv",
                token: test.token(.reviewer), contentType: "text/csv", body: csv)
            #expect(posted.status == .created, "\(posted.body)")

            let page = try await http.get("/runs/\(id)/calibration", token: test.token(.viewer))
            #expect(page.status == .ok, "\(page.body)")
            #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            #expect(!page.body.contains("<script"))
            #expect(page.body.contains("\(Fixtures.notes.count * 3) note-level ratings stored."))
            #expect(page.body.contains("<table id=note-level>"))
            #expect(page.body.components(separatedBy: "class=\"scatter\"").count - 1 == 2)
            #expect(page.body.contains("<line class=\"regression\""))
            // Quadratic κ for the ordinal dimension; the expert ceiling where two raters rated.
            #expect(page.body.contains("expert ceiling on"))

            // The API returns what the page draws.
            let api = try await http.get("/api/runs/\(id)/calibration?bootstrap=50", token: test.token(.viewer)).json
            let noteLevel = try #require(api["note_level"] as? [[String: Any]])
            #expect(Set(noteLevel.compactMap { $0["dimension"] as? String }) == ["quality", "omission_rate"])
        }
    }
}
