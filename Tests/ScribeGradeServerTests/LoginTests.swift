import Foundation
import Hummingbird
import Testing
@testable import ScribeGradeServer

/// The sign-in form: `next` returns only to a page of this service and is never reflected raw,
/// and the form carries a CSRF token (double-submit cookie) that a sign-in must repeat.
@Suite struct LoginTests {
    /// Open redirects and markup, as an attacker would put them in a link to `/login?next=`.
    static let payloads = [
        "//evil.example", "/%09/evil.example", "/\\evil.example", "https://evil.example", "/\t/evil.example",
        "javascript:alert(1)", "\"><script>alert(1)</script>", "/runs/x/../../evil.example", "/runs/%2F%2Fevil.example",
        "/review?x=\"><script>", "/\u{0}/evil.example", "/ /evil.example",
    ]

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    @Test func nextIsNeverReflectedRawAndNeverLeadsOffTheService() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            for payload in Self.payloads {
                let page = try await http.get("/login?next=\(Self.encoded(payload))", token: nil)
                #expect(page.status == .ok)
                #expect(!page.body.contains("evil.example") && !page.body.contains("<script") && !page.body.contains("javascript:"), "\(payload.debugDescription) is reflected")
                #expect(page.body.contains("name=next value=\"/\""), "\(payload.debugDescription)")
            }
            for payload in Self.payloads {
                let form = try await http.loginForm()
                let signIn = try await http.send(
                    .post, "/login", contentType: "application/x-www-form-urlencoded",
                    body: "token=\(test.token(.viewer))&next=\(Self.encoded(payload))&csrf=\(Self.encoded(form.csrf))",
                    headers: [.cookie: form.cookie])
                #expect(signIn.status == .seeOther, "\(payload.debugDescription)")
                #expect(signIn.headers[.location] == "/", "\(payload.debugDescription) led to \(signIn.headers[.location] ?? "nowhere")")
            }
            // The pages themselves are returned to.
            for page in ["/", "/review", "/calibration", "/runs/run-1", "/runs/run-1/calibration", "/runs/run-1/notes/note1/day1_consultation01"] {
                let signIn = try await http.signIn(token: test.token(.reviewer), next: page)
                #expect(signIn.headers[.location] == page)
            }
            for other in ["/login", "/logout", "/api/runs", "/metrics", "/openapi.yaml", "/runs/a/b", "/runs/x/"] {
                #expect(try await http.signIn(token: test.token(.reviewer), next: other).headers[.location] == "/", "\(other)")
            }
        }
    }

    @Test func aSignInWithoutTheFormsCSRFTokenIsRefused() async throws {
        let test = try await TestService.make()
        try await test.run { http in
            let token = test.token(.admin)
            let form = try await http.loginForm()
            let other = try await http.loginForm()
            #expect(form.cookie.hasPrefix("scribegrade_login=") && form.csrf != other.csrf)
            let cases: [(String, String?)] = [
                ("token=\(token)", nil),  // neither field nor cookie: another site's form
                ("token=\(token)", form.cookie),  // cookie, no field
                ("token=\(token)&csrf=\(Self.encoded(form.csrf))", nil),  // field, no cookie
                ("token=\(token)&csrf=\(Self.encoded(other.csrf))", form.cookie),  // another form's token
                ("token=\(token)&csrf=", form.cookie),
            ]
            for (body, cookie) in cases {
                let reply = try await http.send(
                    .post, "/login", contentType: "application/x-www-form-urlencoded", body: body,
                    headers: cookie.map { [.cookie: $0] } ?? [:])
                #expect(reply.status == .forbidden, "\(body.replacingOccurrences(of: token, with: "TOKEN")) with \(cookie == nil ? "no cookie" : "the cookie")")
                #expect(reply.headers[.setCookie]?.contains("scribegrade_session") != true)
            }
            let accepted = try await http.send(
                .post, "/login", contentType: "application/x-www-form-urlencoded",
                body: "token=\(token)&csrf=\(Self.encoded(form.csrf))", headers: [.cookie: form.cookie])
            #expect(accepted.status == .seeOther)
            #expect(accepted.headers[values: .setCookie].contains { $0.hasPrefix("scribegrade_session=") })

            // The sign-in form a browser gets instead of a page carries its own token.
            let page = try await http.get("/review", token: nil, headers: [.accept: "text/html"])
            #expect(page.status == .unauthorized)
            let cookie = String(try #require(page.headers[.setCookie]).split(separator: ";")[0])
            let csrf = try #require(page.body.firstMatch(of: /name=csrf value="([^"]+)"/)?.1)
            #expect(cookie == "scribegrade_login=\(csrf)")
            let signIn = try await http.send(
                .post, "/login", contentType: "application/x-www-form-urlencoded",
                body: "token=\(test.token(.reviewer))&next=%2Freview&csrf=\(Self.encoded(String(csrf)))", headers: [.cookie: cookie])
            #expect(signIn.status == .seeOther)
            #expect(signIn.headers[.location] == "/review")
        }
    }

    @Test func thePagesASignInReturnsToAreThePagesOfTheRouter() async throws {
        let test = try await TestService.make()
        let machine = ["/api", "/metrics", "/openapi.yaml", "/healthz", "/login"]
        let pages = Set(test.service.router().routes
            .filter { $0.method == .get }
            .map { $0.path.description }
            .filter { path in !machine.contains { path == $0 || path.hasPrefix($0 + "/") } })
        let allowed = Set(LoginPage.returnPaths.map { $0.replacingOccurrences(of: ":([a-z]+)", with: "{$1}", options: .regularExpression) })
        #expect(pages.count >= 6)
        #expect(pages == allowed)
    }
}
