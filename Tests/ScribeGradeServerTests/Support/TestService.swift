import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import ScribeGrade
import ScribeGradeServer
import ScribeGradeStore

/// A grading service over a fresh SQLite file with one token per role, run on a real port by
/// HummingbirdTesting's live framework, its logs captured.
struct TestService: Sendable {
    let store: SQLiteStore
    let service: GradingService
    let tokens: [Role: String]
    let logs: LogCapture

    static func temporaryStorePath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("scribegrade-server-\(UUID().uuidString)/runs.sqlite").path
    }

    static func make(_ configuration: ServerConfiguration = ServerConfiguration(port: 0, environment: [:])) async throws -> TestService {
        let store = try SQLiteStore(path: temporaryStorePath())
        var tokens: [Role: String] = [:]
        for role in Role.allCases {
            tokens[role] = try await TokenIssuer(store: store).create(role: role, name: "\(role.rawValue)-user").token
        }
        let logs = LogCapture()
        var configuration = configuration
        configuration.port = 0
        let service = try await GradingService(store: store, configuration: configuration, logger: logs.logger())
        return TestService(store: store, service: service, tokens: tokens, logs: logs)
    }

    func token(_ role: Role) -> String { tokens[role]! }

    /// Runs `body` against the service listening on a free port.
    func run<T: Sendable>(_ body: @escaping @Sendable (TestHTTP) async throws -> T) async throws -> T {
        try await service.application().test(.live) { client in try await body(TestHTTP(client: client)) }
    }
}

/// Requests to the service under test.
struct TestHTTP: Sendable {
    let client: any TestClientProtocol

    struct Reply: Sendable {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: String

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:] }
        var contentType: String { headers[.contentType] ?? "" }
    }

    func send(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = nil, contentType: String? = nil, body: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> Reply {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let contentType { headers[.contentType] = contentType }
        let response = try await client.executeRequest(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        return Reply(status: response.status, headers: response.headers, body: String(buffer: response.body))
    }

    func get(_ uri: String, token: String?, headers: HTTPFields = [:]) async throws -> Reply {
        try await send(.get, uri, token: token, headers: headers)
    }

    func postJSON(_ uri: String, token: String?, _ object: Any) async throws -> Reply {
        let data = try JSONSerialization.data(withJSONObject: object)
        return try await send(.post, uri, token: token, contentType: "application/json", body: String(decoding: data, as: UTF8.self))
    }

    /// The sign-in form's double-submit pair: its `scribegrade_login` cookie (`name=value`)
    /// and the CSRF token of its hidden field, as a browser gets them from `GET /login`.
    func loginForm(next: String? = nil) async throws -> (cookie: String, csrf: String) {
        let page = try await get("/login" + (next.map { "?next=\($0)" } ?? ""), token: nil)
        let setCookie = try #require(page.headers[.setCookie])
        let cookie = String(setCookie.split(separator: ";")[0])
        let csrf = try #require(page.body.firstMatch(of: /name=csrf value="([^"]+)"/)?.1)
        return (cookie, String(csrf))
    }

    /// Posts the sign-in form as a browser does: `token`, `next` and the form's CSRF token,
    /// with its cookie.
    func signIn(token: String, next: String = "/") async throws -> Reply {
        let form = try await loginForm()
        let encoded = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "" }
        return try await send(
            .post, "/login", contentType: "application/x-www-form-urlencoded",
            body: "token=\(encoded(token))&next=\(encoded(next))&csrf=\(encoded(form.csrf))", headers: [.cookie: form.cookie])
    }

    /// Uploads the fixtures' rubrics, transcripts and notes with `token`.
    func uploadFixtures(token: String) async throws {
        for name in Fixtures.rubricFiles {
            let reply = try await send(.post, "/api/rubrics?file=\(name)", token: token, contentType: "application/yaml", body: Fixtures.text("rubrics/\(name)"))
            guard reply.status == .created else { throw Failure("rubric \(name): \(reply.status) \(reply.body)") }
        }
        for name in Fixtures.transcriptFiles {
            let reply = try await send(.post, "/api/encounters", token: token, contentType: "application/json", body: Fixtures.text("transcripts/\(name)"))
            guard reply.status == .created else { throw Failure("transcript \(name): \(reply.status) \(reply.body)") }
        }
        for system in Fixtures.systems {
            let notes = Fixtures.notes.filter { $0.system == system }.map { ["encounter": $0.encounter, "note": $0.text] }
            let reply = try await postJSON("/api/notes", token: token, ["system": system, "notes": notes])
            guard reply.status == .created else { throw Failure("notes \(system): \(reply.status) \(reply.body)") }
        }
    }

    /// Polls a run until it is no longer running (or `timeout` seconds pass).
    func waitForRun(_ id: String, token: String, timeout: Double = 120) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let run = try await get("/api/runs/\(id)", token: token).json
            if run["active"] as? Bool == false { return run }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw Failure("run \(id) still running after \(timeout) s")
    }
}

struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
