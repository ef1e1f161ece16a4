import Foundation
import Hummingbird
import Testing
import Yams
@testable import ScribeGradeServer
import ScribeGradeStore

/// Every route of the OpenAPI document, walked without a token, with a wrong or revoked token,
/// and with each role: 401 and 403 where the document says, never where it does not.
@Suite struct AuthorizationTests {
    struct Operation: Sendable {
        var method: HTTPRequest.Method
        var path: String
        var roles: [String]
        var isPublic: Bool

        /// The path with every `{parameter}` filled in.
        var uri: String {
            path.replacingOccurrences(of: "\\{[^}]+\\}", with: "x-test", options: .regularExpression)
        }
    }

    /// The operations of the document the service serves.
    static func operations(_ yaml: String) throws -> [Operation] {
        let document = try #require(try Yams.load(yaml: yaml) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        return try paths.flatMap { path, item in
            try item.map { method, value in
                let operation = try #require(value as? [String: Any])
                return Operation(
                    method: try #require(HTTPRequest.Method(method.uppercased())), path: path,
                    roles: operation["x-roles"] as? [String] ?? [], isPublic: operation["x-permission"] as? String == "none")
            }
        }.sorted { ($0.path, $0.method.rawValue) < ($1.path, $1.method.rawValue) }
    }

    @Test func everyProtectedRouteAnswers401WithoutAValidToken() async throws {
        let test = try await TestService.make()
        let revoked = try await TokenIssuer(store: test.store).create(role: .admin, name: "revoked-admin").token
        #expect(try await TokenIssuer(store: test.store).revoke("revoked-admin"))
        try await test.run { http in
            let yaml = try await http.get("/openapi.yaml", token: test.token(.viewer)).body
            let operations = try Self.operations(yaml)
            #expect(operations.count >= 30)
            for operation in operations where !operation.isPublic {
                for token in [nil, "sgt_not-a-real-token", revoked, test.token(.admin) + "x"] as [String?] {
                    let reply = try await http.send(operation.method, operation.uri, token: token)
                    #expect(reply.status == .unauthorized, "\(operation.method) \(operation.path) with \(token == nil ? "no token" : "a bad token") answered \(reply.status)")
                    #expect(reply.contentType == "application/problem+json")
                    #expect(reply.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                    #expect(reply.json["status"] as? Int == 401)
                }
                let basic = try await http.send(operation.method, operation.uri, headers: [.authorization: "Basic YWRtaW46YWRtaW4="])
                #expect(basic.status == .unauthorized, "\(operation.method) \(operation.path) with Basic auth")
            }
        }
    }

    @Test func everyRoleGets403ExactlyWhereTheDocumentDeniesIt() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            let operations = try Self.operations(try await http.get("/openapi.yaml", token: test.token(.viewer)).body)
            var denied = 0
            for operation in operations where !operation.isPublic {
                for role in Role.allCases {
                    let reply = try await http.send(operation.method, operation.uri, token: test.token(role))
                    if operation.roles.contains(role.rawValue) {
                        #expect(reply.status != .unauthorized && reply.status != .forbidden, "\(role) on \(operation.method) \(operation.path): \(reply.status) \(reply.body)")
                    } else {
                        denied += 1
                        #expect(reply.status == .forbidden, "\(role) on \(operation.method) \(operation.path): \(reply.status)")
                        #expect(reply.contentType == "application/problem+json")
                    }
                }
            }
            // Viewers are denied every write; reviewers and graders each other's.
            #expect(denied >= 20)
        }
    }

    @Test func publicRoutesAnswerWithoutAToken() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            let health = try await http.get("/healthz", token: nil)
            #expect(health.status == .ok)
            #expect(health.json["status"] as? String == "ok")
            let login = try await http.get("/login", token: nil)
            #expect(login.status == .ok)
            #expect(login.body.contains("<form class=login method=post action=\"/login\">"))
            #expect(login.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
        }
    }

    @Test func aBrowserSignsInWithATokenAndGetsAnHttpOnlySameSiteSessionCookie() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            let refused = try await http.signIn(token: "sgt_wrong")
            #expect(refused.status == .unauthorized)
            let signIn = try await http.signIn(token: test.token(.reviewer), next: "/review")
            #expect(signIn.status == .seeOther)
            #expect(signIn.headers[.location] == "/review")
            let setCookie = try #require(signIn.headers[values: .setCookie].first { $0.hasPrefix("scribegrade_session=") })
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Strict"))
            #expect(!setCookie.contains(test.token(.reviewer)))
            let cookie = String(setCookie.split(separator: ";")[0])

            // The cookie reads pages and the API…
            let page = try await http.get("/", token: nil, headers: [.cookie: cookie, .accept: "text/html"])
            #expect(page.status == .ok)
            #expect(page.body.contains("Signed in as <strong>reviewer-user</strong>"))
            let api = try await http.get("/api/ratings", token: nil, headers: [.cookie: cookie])
            #expect(api.status == .ok)
            // …but API writes need the bearer token,
            let write = try await http.send(.post, "/api/ratings", contentType: "application/json", body: "{}", headers: [.cookie: cookie])
            #expect(write.status == .unauthorized)
            // and a form posted with the cookie needs the session's CSRF token.
            let forged = try await http.send(
                .post, "/review", contentType: "application/x-www-form-urlencoded",
                body: "system=a&encounter=b&rubric=c&criterion=d&verdict=met", headers: [.cookie: cookie])
            #expect(forged.status == .forbidden)

            // Signing out ends the session.
            let csrf = try #require(page.body.firstMatch(of: /name=csrf value="([^"]+)"/)?.1)
            let signOut = try await http.send(.post, "/logout", contentType: "application/x-www-form-urlencoded", body: "csrf=\(csrf)", headers: [.cookie: cookie])
            #expect(signOut.status == .seeOther)
            let after = try await http.get("/api/ratings", token: nil, headers: [.cookie: cookie])
            #expect(after.status == .unauthorized)
        }
    }

    @Test func aBrowserWithoutASessionGetsTheSignInFormWithStatus401() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            let page = try await http.get("/runs/x/calibration", token: nil, headers: [.accept: "text/html,application/xhtml+xml"])
            #expect(page.status == .unauthorized)
            #expect(page.contentType.hasPrefix("text/html"))
            #expect(page.body.contains("name=next value=\"/runs/x/calibration\""))
            let api = try await http.get("/api/runs", token: nil, headers: [.accept: "text/html"])
            #expect(api.contentType == "application/problem+json")
        }
    }

    @Test func tokensAreComparedAsHashesOnly() async throws {
        let store = try SQLiteStore(path: TestService.temporaryStorePath())
        let issued = try await TokenIssuer(store: store).create(role: .grader, name: "vendor")
        #expect(issued.token.hasPrefix("sgt_"))
        #expect(issued.token.count == 47)
        let stored = try await store.tokens()
        #expect(stored.map(\.hash) == [APIToken.hash(issued.token)])
        let file = try Data(contentsOf: URL(fileURLWithPath: store.path))
        let wal = (try? Data(contentsOf: URL(fileURLWithPath: store.path + "-wal"))) ?? Data()
        #expect(file.range(of: Data(issued.token.utf8)) == nil && wal.range(of: Data(issued.token.utf8)) == nil)
        #expect(APIToken.constantTimeEquals(Array("abc".utf8), Array("abc".utf8)))
        #expect(!APIToken.constantTimeEquals(Array("abc".utf8), Array("abd".utf8)))
        #expect(!APIToken.constantTimeEquals(Array("abc".utf8), Array("abcd".utf8)))
        await #expect(throws: (any Error).self) { _ = try await TokenIssuer(store: store).create(role: .viewer, name: "vendor") }
    }

    @Test func listeningBeyondLoopbackWithoutTokensIsRefused() async throws {
        let store = try SQLiteStore(path: TestService.temporaryStorePath())
        await #expect(throws: StartupRefused.self) {
            _ = try await GradingService(store: store, configuration: ServerConfiguration(host: "0.0.0.0", port: 0))
        }
        _ = try await GradingService(store: store, configuration: ServerConfiguration(host: "127.0.0.1", port: 0))
        _ = try await TokenIssuer(store: store).create(role: .admin)
        _ = try await GradingService(store: store, configuration: ServerConfiguration(host: "0.0.0.0", port: 0))
    }
}
