import Foundation
import Hummingbird
import Testing
import ScribeGrade
@testable import ScribeGradeServer
import ScribeGradeSimulator

/// The service's logs, captured at trace level over a whole session — uploads, a run against
/// the simulator, every page, the review queue, errors — hold no note or transcript text and
/// no token.
@Suite struct LogPrivacyTests {
    @Test func aFullSessionLogsNoPatientTextAndNoToken() async throws {
        try await RunTests.withSimulator { simulator in
            let test = try await TestService.make(try RunTests.configuration(simulator: simulator))
            let session = try await test.run { http -> (String, [String]) in
                let grader = test.token(.grader)
                try await http.uploadFixtures(token: grader)
                let id = try #require(try await http.postJSON("/api/runs", token: grader, ["judges": ["sim", "baseline"]]).json["id"] as? String)
                _ = try await http.waitForRun(id, token: test.token(.viewer))
                var visited: [String] = []
                for uri in [
                    "/", "/runs/\(id)", "/runs/\(id)/notes/note1/day1_consultation01", "/runs/\(id)/calibration", "/calibration",
                    "/api/runs/\(id)/results", "/api/runs/\(id)/judgments", "/api/notes/doctor/day1_consultation02",
                    "/api/encounters/day1_consultation01", "/metrics",
                ] {
                    let reply = try await http.get(uri, token: test.token(.admin))
                    #expect(reply.status == .ok, "\(uri)")
                    visited.append(reply.body)
                }
                for _ in 0..<3 {
                    var item = try #require(try await http.get("/api/review/next", token: test.token(.reviewer)).json["item"] as? [String: Any])
                    item["verdict"] = "met"
                    #expect(try await http.postJSON("/api/review/answers", token: test.token(.reviewer), item).status == .created)
                }
                // Errors whose input holds patient text.
                let note = Fixtures.notes[0].text
                _ = try await http.send(.post, "/api/notes", token: grader, contentType: "application/json", body: "{\"system\": \"x\", \"note\": \"\(note.prefix(60))")
                _ = try await http.postJSON("/api/notes", token: grader, ["system": "bad id!", "encounter": "e", "note": note])
                _ = try await http.send(.post, "/api/encounters?id=zz", token: grader, contentType: "application/json", body: "[{\"speaker\": 3, \"text\": \"\(note.prefix(40))\"}]")
                _ = try await http.signIn(token: grader + "x")
                return (id, visited)
            }
            let logs = test.logs.text
            #expect(test.logs.count > 20)
            #expect(logs.contains("run finished") && logs.contains(session.0))

            // Every sentence-sized piece of every note and transcript turn is absent.
            var pieces: [String] = []
            for note in Fixtures.notes { pieces += note.text.split(whereSeparator: \.isNewline).map(String.init) }
            for encounter in Fixtures.encounters { pieces += encounter.turns.map(\.text) }
            pieces = pieces.map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.count >= 24 }
            #expect(pieces.count > 100)
            let leaked = pieces.filter { logs.contains($0) || logs.contains(String($0.prefix(24))) }
            #expect(leaked.isEmpty, "\(leaked.count) pieces of patient text in the logs, e.g. \(leaked.first.map { String($0.prefix(30)) } ?? "")")
            for token in test.tokens.values {
                #expect(!logs.contains(token))
                #expect(!logs.contains(String(token.dropFirst(4).prefix(16))))
            }
            #expect(!logs.contains("sgt_"))
            // The service did hand the texts out: the check above is not vacuous.
            let served = try JSONSerialization.jsonObject(with: Data(session.1[7].utf8)) as? [String: Any]
            #expect(served?["text"] as? String == Fixtures.notes.first { $0.system == "doctor" && $0.encounter == "day1_consultation02" }?.text)
        }
    }

    @Test func aTokenInTheQueryStringIsRefusedAndNeverLogged() async throws {
        let test = try await TestService.make()
        let secret = "SECRET123"
        try await test.run { http in
            let uris = [
                "/api/runs?access_token=\(secret)", "/api/runs?token=\(secret)", "/api/rubrics?API_KEY=\(secret)",
                "/api/runs/x/results?bootstrap=10&password=\(secret)", "/healthz?session=\(secret)",
                "/api/notes?system=sgt_\(secret)", "/api/runs?access%5Ftoken=\(secret)",
            ]
            for uri in uris {
                // Refused with or without a valid bearer token: the secret is already in a URL.
                for token in [nil, test.token(.admin)] {
                    let reply = try await http.get(uri, token: token)
                    #expect(reply.status == .unauthorized, "\(uri) with \(token == nil ? "no header" : "a valid header") answered \(reply.status)")
                    #expect(reply.contentType == "application/problem+json")
                    #expect((reply.json["detail"] as? String)?.contains("Authorization: Bearer") == true)
                    #expect(!reply.body.contains(secret))
                }
            }
            let page = try await http.get("/?access_token=\(secret)", token: nil, headers: [.accept: "text/html"])
            #expect(page.status == .unauthorized)
            #expect(!page.body.contains(secret))
            // Queries without credentials still work.
            #expect(try await http.get("/api/notes?system=note1", token: test.token(.viewer)).status == .ok)
            let metrics = try await http.get("/metrics", token: test.token(.viewer))
            #expect(metrics.status == .ok)
            #expect(!metrics.body.contains(secret))
            #expect(Self.metric(metrics.body, "scribegrade_http_requests_total", ["status=\"401\""]) >= Double(uris.count * 2))
        }
        #expect(test.logs.count >= 14)
        #expect(!test.logs.text.contains(secret), "the secret is in the log")
        #expect(test.logs.text.contains("/api/runs"), "requests are still logged by path")
    }

    static func metric(_ text: String, _ name: String, _ labels: [String]) -> Double {
        RunTests.metric(text, name, labels)
    }
}
