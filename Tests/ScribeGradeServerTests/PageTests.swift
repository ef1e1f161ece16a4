import Foundation
import Hummingbird
import Testing
import ScribeGrade
@testable import ScribeGradeServer

/// The web pages render what the API reports, with project-drawn SVG and no script.
@Suite struct PageTests {
    @Test func theLeaderboardShowsEverySystemWithItsScoreAndCI() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            try await http.uploadFixtures(token: test.token(.grader))
            let id = try #require(try await http.postJSON("/api/runs", token: test.token(.grader), ["judges": ["baseline"]]).json["id"] as? String)
            _ = try await http.waitForRun(id, token: test.token(.viewer))
            let results = try await http.get("/api/runs/\(id)/results", token: test.token(.viewer)).json
            let page = try await http.get("/", token: test.token(.viewer))
            #expect(page.status == .ok)
            #expect(page.contentType.hasPrefix("text/html"))
            #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            #expect(!page.body.contains("<script"))
            #expect(page.body.contains("<svg"))
            #expect(page.body.contains("lexical baseline — not an LLM"))
            for system in try #require(results["systems"] as? [[String: Any]]) {
                let name = try #require(system["system"] as? String)
                let score = try #require(system["score"] as? Double)
                #expect(page.body.contains("<tr data-system=\"\(name)\"><td>"))
                #expect(page.body.contains(String(format: "%.3f", score)))
            }
            #expect(page.body.contains("/runs/\(id)/notes/doctor/day1_consultation01"))
            #expect(page.body.contains("<th class=num>subjective</th>"))
        }
    }

    @Test func theNotePageShowsBothTextsWithEvidenceMarkedInTheNote() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            try await http.uploadFixtures(token: test.token(.grader))
            let id = try #require(try await http.postJSON("/api/runs", token: test.token(.grader), ["judges": ["baseline"]]).json["id"] as? String)
            _ = try await http.waitForRun(id, token: test.token(.viewer))
            let page = try await http.get("/runs/\(id)/notes/doctor/day1_consultation01", token: test.token(.viewer))
            #expect(page.status == .ok, "\(page.body)")
            #expect(page.body.contains("<div class=pane id=note>") && page.body.contains("<div class=pane id=transcript>"))
            #expect(page.body.contains("<span class=spk>doctor:</span>"))
            let rubrics = Fixtures.rubrics.filter { $0.encounter == "day1_consultation01" }
            #expect(page.body.components(separatedBy: "<tr id=k").count - 1 == rubrics.reduce(0) { $0 + $1.criteria.count })
            // The baseline quotes the note passage it matched for criteria it finds met.
            let marks = page.body.components(separatedBy: "<mark class=\"ev ").count - 1
            #expect(marks > 0)
            #expect(page.body.contains("body:has(#k"))
            let missing = try await http.get("/runs/\(id)/notes/nobody/day1_consultation01", token: test.token(.viewer))
            #expect(missing.status == .notFound)
        }
    }

    @Test func evidenceIsFoundDespiteCaseSpacingQuotesAndEllipses() {
        let text = "Patient reports  Diarrhoea for 3 days,\nno blood. She’s “worried” — about work."
        let highlighter = TextHighlighter(text)
        let characters = Array(text)
        func found(_ quote: String) -> [String] { highlighter.ranges(of: quote).map { String(characters[$0]) } }
        #expect(found("diarrhoea for 3 days") == ["Diarrhoea for 3 days"])
        #expect(found("3 days, no blood.") == ["3 days,\nno blood"])
        #expect(found("she's \"worried\" - about") == ["She’s “worried” — about"])
        #expect(found("Patient reports ... no blood") == ["Patient reports", "no blood"])
        #expect(found("fever") == [])
        #expect(found("no blood ... Patient reports") == [])
        let html = highlighter.html(marks: [.init(range: 17..<26, key: 4, verdict: "met")], anchorPrefix: "n")
        #expect(html.contains("<mark class=\"ev met\" id=\"n4\" data-k=\"4\">Diarrhoea</mark>"))
        #expect(html.contains("She&#39;s") == false && html.contains("She’s"))
    }
}
