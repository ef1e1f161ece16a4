import Foundation
import Hummingbird
import Testing
@testable import ScribeGradeServer

/// Every answer of the service tells browsers not to guess its type: a JSON body holding
/// `<script>` must never be sniffed into HTML.
@Suite struct ContentTypeOptionsTests {
    @Test func everyKindOfResponseSaysNosniff() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            let viewer = test.token(.viewer)
            let grader = test.token(.grader)
            let html: HTTPFields = [.accept: "text/html"]
            let replies: [(String, TestHTTP.Reply)] = [
                ("health", try await http.get("/healthz", token: nil)),
                ("metrics", try await http.get("/metrics", token: viewer)),
                ("openapi", try await http.get("/openapi.yaml", token: viewer)),
                ("json", try await http.get("/api/runs", token: viewer)),
                ("created", try await http.postJSON("/api/notes", token: grader, ["system": "s1", "encounter": "e1", "note": "<script>alert(1)</script>"])),
                ("problem 401", try await http.get("/api/runs", token: nil)),
                ("problem 403", try await http.postJSON("/api/notes", token: viewer, ["system": "s1", "encounter": "e1", "note": "x"])),
                ("problem 404", try await http.get("/api/nothing-here", token: viewer)),
                ("problem 405", try await http.send(.delete, "/healthz")),
                ("problem 422", try await http.postJSON("/api/notes", token: grader, ["system": "bad\nname", "encounter": "e1", "note": "x"])),
                ("page", try await http.get("/", token: viewer)),
                ("login page", try await http.get("/login", token: nil)),
                ("error page", try await http.get("/no-such-page", token: viewer, headers: html)),
                ("sign-in page for 401", try await http.get("/", token: nil, headers: html)),
            ]
            for (kind, reply) in replies {
                #expect(reply.headers[.init("X-Content-Type-Options")!] == "nosniff", "\(kind): \(reply.status)")
            }
            #expect(replies.map(\.1.status.code) == [200, 200, 200, 200, 201, 401, 403, 404, 405, 422, 200, 200, 404, 401])
        }
    }
}
