import Foundation
import Hummingbird
import Testing
import ScribeGrade
import ScribeGradeStore
@testable import ScribeGradeServer

/// The note-level review page: a reviewer signed in with a session scores a whole note on the
/// configured dimensions through a form carrying the CSRF token, the answer is stored under the
/// `review` source, and the next view shows another note.
@Suite struct NoteReviewPageTests {
    static let dimensions: [String: NoteRatingScale] = [
        "quality": .ordinal(levels: ["1", "2", "3", "4", "5"]), "omission_rate": .interval(lower: 0, upper: 1),
    ]

    static func service() async throws -> TestService {
        try await TestService.make(ServerConfiguration(port: 0, environment: [:], reviewDimensions: dimensions))
    }

    /// A signed-in reviewer's session cookie (`name=value`).
    static func session(_ http: TestHTTP, token: String) async throws -> String {
        let signIn = try await http.signIn(token: token, next: "/review/notes")
        #expect(signIn.status == .seeOther)
        #expect(signIn.headers[.location] == "/review/notes")
        let cookie = try #require(signIn.headers[values: .setCookie].first { $0.hasPrefix("scribegrade_session=") })
        return String(cookie.split(separator: ";")[0])
    }

    /// The value of the hidden field `name` of a page.
    static func hidden(_ name: String, in page: String) throws -> String {
        let match = try #require(page.firstMatch(of: try Regex("name=\(name) value=\"([^\"]*)\"")))
        return String(try #require(match.output[1].substring))
    }

    /// The id of a finished baseline run over the fixtures, uploaded first.
    static func gradedFixtures(_ http: TestHTTP, _ test: TestService) async throws -> String {
        try await http.uploadFixtures(token: test.token(.grader))
        let id = try #require(try await http.postJSON("/api/runs", token: test.token(.grader), ["judges": ["baseline"]]).json["id"] as? String)
        _ = try await http.waitForRun(id, token: test.token(.viewer))
        return id
    }

    static func form(_ fields: [(String, String)]) -> String {
        fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
    }

    @Test func aReviewerRatesANoteThroughTheFormAndTheNextViewShowsAnother() async throws {
        let test = try await Self.service()
        try await test.run { http in
            let id = try await Self.gradedFixtures(http, test)
            let cookie = try await Self.session(http, token: test.token(.reviewer))

            let page = try await http.get("/review/notes", token: nil, headers: [.cookie: cookie])
            #expect(page.status == .ok)
            #expect(page.body.contains("id=rated>0<"))
            #expect(page.body.contains("href=\"/review?run=\(id)\""))
            #expect(page.body.contains("<input type=radio name=\"dimension.quality\" id=dimension-1-3 value=\"4\" required>"))
            #expect(page.body.contains("<input type=number name=\"dimension.omission_rate\" id=dimension-0 min=\"0\" max=\"1\" step=any required>"))
            #expect(!page.body.contains("Lexical baseline"))
            let csrf = try Self.hidden("csrf", in: page.body)
            let system = try Self.hidden("system", in: page.body)
            let encounter = try Self.hidden("encounter", in: page.body)
            let note = [("run", id), ("system", system), ("encounter", encounter)]

            // Without the session's CSRF token the form is refused.
            let forged = try await http.send(
                .post, "/review/notes", contentType: "application/x-www-form-urlencoded",
                body: Self.form(note + [("dimension.quality", "4"), ("dimension.omission_rate", "0.25")]), headers: [.cookie: cookie])
            #expect(forged.status == .forbidden)
            #expect(try await test.store.noteRatings().isEmpty)

            let answer = try await http.send(
                .post, "/review/notes", contentType: "application/x-www-form-urlencoded",
                body: Self.form([("csrf", csrf)] + note + [("dimension.quality", "4"), ("dimension.omission_rate", "0.25")]),
                headers: [.cookie: cookie])
            #expect(answer.status == .seeOther, "\(answer.body)")
            #expect(answer.headers[.location] == "/review/notes?run=\(id)&saved=1")
            let stored = try await test.store.noteRatings()
            #expect(stored.map(\.source) == ["review-notes", "review-notes"])
            #expect(Set(stored.map(\.rater)) == ["reviewer-user"])
            #expect(Set(stored.map { "\($0.system)/\($0.encounter)" }) == ["\(system)/\(encounter)"])
            #expect(stored.first { $0.dimension == "quality" }?.value == 4)
            #expect(stored.first { $0.dimension == "omission_rate" }?.value == 0.25)
            #expect(try await test.store.noteRatingScales(sources: ["review-notes"]) == Self.dimensions)

            let next = try await http.get("/review/notes?run=\(id)&saved=1", token: nil, headers: [.cookie: cookie])
            #expect(next.body.contains("id=saved") && next.body.contains("id=rated>1<"))
            let shown = "\(try Self.hidden("system", in: next.body))/\(try Self.hidden("encounter", in: next.body))"
            #expect(shown != "\(system)/\(encounter)")

            // A value outside its scale, or a missing one, is refused and stores nothing.
            let nextNote = [("csrf", csrf), ("run", id), ("system", try Self.hidden("system", in: next.body)), ("encounter", try Self.hidden("encounter", in: next.body))]
            for (quality, omission) in [("4", "1.5"), ("6", "0.5"), ("4", "")] {
                let refused = try await http.send(
                    .post, "/review/notes", contentType: "application/x-www-form-urlencoded",
                    body: Self.form(nextNote + [("dimension.quality", quality), ("dimension.omission_rate", omission)]),
                    headers: [.cookie: cookie, .accept: "application/json"])
                #expect(refused.status == .unprocessableContent, "\(quality) \(omission)")
                #expect(refused.body.contains("dimension."), "\(refused.body)")
                #expect(!refused.body.contains("1.5") && !refused.body.contains("'6'"))
            }
            #expect(try await test.store.noteRatings().count == 2)

            // A note the run did not grade is refused too.
            let stray = try await http.send(
                .post, "/review/notes", token: test.token(.reviewer), contentType: "application/x-www-form-urlencoded",
                body: Self.form([("run", id), ("system", "nosuch"), ("encounter", encounter), ("dimension.quality", "3"), ("dimension.omission_rate", "0")]))
            #expect(stray.status == .unprocessableContent)
            #expect(try await http.get("/review/notes", token: test.token(.viewer)).status == .forbidden)
        }
    }

    @Test func storedDimensionsComeFirstAndWithoutAnyThePageSaysHowToDeclareThem() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            let id = try await Self.gradedFixtures(http, test)
            let empty = try await http.get("/review/notes", token: test.token(.reviewer))
            #expect(empty.status == .ok && empty.body.contains("id=no-dimensions"))
            let refused = try await http.send(
                .post, "/review/notes", token: test.token(.reviewer), contentType: "application/x-www-form-urlencoded",
                body: "run=\(id)&system=note1&encounter=day1_consultation01")
            #expect(refused.status == .conflict)

            let upload = try await http.send(
                .post, "/api/ratings?scale=complete=binary", token: test.token(.reviewer), contentType: "text/csv",
                body: "system,encounter,rater,dimension,value\nnote1,day1_consultation01,dr-a,complete,yes\n")
            #expect(upload.status == .created, "\(upload.body)")
            let page = try await http.get("/review/notes?run=\(id)", token: test.token(.reviewer))
            #expect(page.body.contains("name=\"dimension.complete\" id=dimension-0-0 value=\"1\""))
            #expect(page.body.contains("name=\"dimension.complete\" id=dimension-0-1 value=\"0\""))
        }
    }

    @Test func thePageEscapesTheNoteTheTranscriptAndTheDimensions() async throws {
        let hostile = "quality" + PageInjectionTests.attribute + PageInjectionTests.script
        let test = try await TestService.make(ServerConfiguration(
            port: 0, environment: [:], reviewDimensions: [hostile: .ordinal(levels: ["poor" + PageInjectionTests.refresh, "good"])]))
        try await test.run { http in
            let grader = test.token(.grader)
            let rubric = "id: xss1\nencounter: xss1\nversion: 1\ncriteria:\n  - id: pc\n    section: subjective\n    text: Documents diarrhoea for three days\n    points: 1\n"
            #expect(try await http.send(.post, "/api/rubrics?file=xss1.yaml", token: grader, contentType: "application/yaml", body: rubric).status == .created)
            let transcript: [String: Any] = ["encounter": "xss1", "turns": [
                ["speaker": "doctor" + PageInjectionTests.script, "text": "How long? " + PageInjectionTests.attribute],
                ["speaker": "patient", "text": "Three days. " + PageInjectionTests.style],
            ]]
            #expect(try await http.postJSON("/api/encounters", token: grader, transcript).status == .created)
            let note = "Diarrhoea for three days <script>alert(1)</script> " + PageInjectionTests.all.joined(separator: " ")
            #expect(try await http.postJSON("/api/notes", token: grader, ["system": "sysx", "encounter": "xss1", "note": note]).status == .created)
            let id = try #require(try await http.postJSON("/api/runs", token: grader, ["judges": ["baseline"]]).json["id"] as? String)
            _ = try await http.waitForRun(id, token: test.token(.viewer))

            let page = try await http.get("/review/notes?run=\(id)", token: test.token(.reviewer))
            #expect(page.status == .ok)
            #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            #expect(PageInjectionTests.injected(in: page.body) == [])
            #expect(page.body.contains("Diarrhoea for three days &lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(Array(page.body.utf8).firstRange(of: Array("doctor\u{0600}&lt;script&gt;".utf8)) != nil)
        }
    }
}
