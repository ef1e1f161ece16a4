import Foundation
import Hummingbird
import Testing
@testable import ScribeGradeServer

/// Stored XSS through the pages: a rubric's criterion texts, a note, a transcript (speakers and
/// turns), a judge's explanation and evidence quotes, and a rater's name all hold the issue-12
/// payloads — marks that fuse a `<` or a quote into one Swift grapheme — and the leaderboard,
/// note, review and calibration pages, fetched over real HTTP, must carry none of them as markup.
@Suite struct PageInjectionTests {
    static let script = "\u{0600}<script>alert(1)</script>"
    static let attribute = "\"\u{0338} onmouseover=x"
    static let refresh = ">\u{0338}<meta http-equiv=refresh content=0;url=//evil>"
    static let style = "\u{06DD}<style>\u{0301}\u{20D2}body{display:none}</style>"
    static let all = [script, attribute, refresh, style]

    /// Markup found in the page's UTF-8 bytes (as a browser reads them, ASCII case folded), not
    /// in Swift graphemes. The pages themselves have one `<style` and no script or refresh
    /// (a running run's page refreshes with a quoted `http-equiv="refresh"`).
    static func injected(in html: String) -> [String] {
        let bytes = Array(html.utf8).map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        func count(_ needle: String) -> Int {
            let needle = Array(needle.utf8)
            guard bytes.count >= needle.count else { return 0 }
            return (0...(bytes.count - needle.count)).filter { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }.count
        }
        var found = ["<script", "<meta http-equiv=refresh", "\"\u{0338}", ">\u{0338}<", "\u{0600}<", "\u{06DD}<"].filter { count($0) > 0 }
        if count("<style") != 1 { found.append("<style ×\(count("<style"))") }
        return found
    }

    /// A YAML double-quoted scalar holding `text`, non-ASCII as escapes.
    static func yaml(_ text: String) -> String {
        "\"" + text.unicodeScalars.map { scalar -> String in
            switch scalar {
            case "\"": return "\\\""
            case "\\": return "\\\\"
            case _ where scalar.isASCII: return String(scalar)
            default: return String(format: "\\U%08X", scalar.value)
            }
        }.joined() + "\""
    }

    @Test func hostileTextsStayTextOnEveryPage() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            let grader = test.token(.grader)
            let rubric = """
                id: xss1
                encounter: xss1
                version: 1
                criteria:
                  - id: pc
                    section: subjective
                    text: \(Self.yaml("Documents diarrhoea for three days " + Self.script))
                    points: 2
                  - id: fluids
                    section: plan
                    text: \(Self.yaml("Advises oral fluids " + Self.refresh))
                    points: 1
                  - id: exam
                    section: objective
                    text: \(Self.yaml("Invents an examination " + Self.style + Self.attribute))
                    points: -2

                """
            let uploaded = try await http.send(.post, "/api/rubrics?file=xss1.yaml", token: grader, contentType: "application/yaml", body: rubric)
            #expect(uploaded.status == .created, "\(uploaded.body)")
            let transcript: [String: Any] = ["encounter": "xss1", "turns": [
                ["speaker": "doctor", "text": "How long? " + Self.attribute],
                ["speaker": "patient" + Self.script, "text": "Diarrhoea for three days. " + Self.refresh + " " + Self.style],
            ]]
            let encounter = try await http.postJSON("/api/encounters", token: grader, transcript)
            #expect(encounter.status == .created, "\(encounter.body)")
            let note = "Diarrhoea for three days " + Self.script + ". Plan: oral fluids " + Self.refresh + ". " + Self.style + " " + Self.attribute
            let notes = try await http.postJSON("/api/notes", token: grader, ["system": "sysx", "encounter": "xss1", "note": note])
            #expect(notes.status == .created, "\(notes.body)")
            let id = try #require(try await http.postJSON("/api/runs", token: grader, ["judges": ["baseline"]]).json["id"] as? String)
            _ = try await http.waitForRun(id, token: test.token(.viewer))
            let ratings = try await http.postJSON("/api/ratings", token: test.token(.reviewer), ["ratings": [
                ["system": "sysx", "encounter": "xss1", "criterion": "pc", "verdict": "met", "rater": Self.script + Self.attribute],
                ["system": "sysx", "encounter": "xss1", "criterion": "fluids", "verdict": "not_met", "rater": Self.style],
            ]])
            #expect(ratings.status == .created, "\(ratings.body)")

            let pages: [(String, String, String)] = [
                ("leaderboard", "/runs/\(id)", test.token(.viewer)),
                ("note", "/runs/\(id)/notes/sysx/xss1", test.token(.admin)),
                ("review", "/review?run=\(id)", test.token(.reviewer)),
                ("calibration", "/runs/\(id)/calibration", test.token(.viewer)),
            ]
            for (name, path, token) in pages {
                let page = try await http.get(path, token: token)
                #expect(page.status == .ok, "\(name): \(page.status)")
                #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true, "\(name)")
                #expect(Self.injected(in: page.body) == [], "\(name)")
            }
            // The note page shows the texts and the judge's quotes, escaped.
            let notePage = try await http.get("/runs/\(id)/notes/sysx/xss1", token: test.token(.admin)).body
            for shown in ["\u{0600}&lt;script&gt;alert(1)&lt;/script&gt;", "&quot;\u{0338} onmouseover=x", "&gt;\u{0338}&lt;meta http-equiv=refresh"] {
                #expect(Array(notePage.utf8).firstRange(of: Array(shown.utf8)) != nil, "\(shown.unicodeScalars.map { String($0.value, radix: 16) })")
            }
            #expect(notePage.contains("<mark class=\"ev "))
        }
    }
}
