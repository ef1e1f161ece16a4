import Foundation
import Hummingbird
import ScribeGrade

/// Signing in from a browser: the token is posted once to `/login`, which starts a session and
/// sets its id in a cookie that is HttpOnly (no script reads it), SameSite=Strict (no other
/// site sends it) and Secure unless the service listens on loopback only.
///
/// The sign-in form has no session to hold a CSRF token yet, so it uses a double-submit
/// cookie: each form carries a fresh random token in a hidden field and the same token in the
/// `scribegrade_login` cookie (HttpOnly, SameSite=Strict, path `/login`); a sign-in whose
/// field does not match its cookie is refused with 403, so another site cannot sign a browser
/// in to an account of its choosing. The cookie carries no authority of its own (it is not
/// marked Secure: a network attacker able to read it could as well set it).
///
/// After signing in the browser returns to `next` only when it is a path of one of the pages
/// (`returnPaths`) whose segments are plain ids; anything else returns to the leaderboard.
struct LoginPage {
    let backend: Backend

    /// The double-submit cookie of the sign-in form.
    static let csrfCookie = "scribegrade_login"

    /// The pages' routes a sign-in may return to (a test keeps this equal to the router's).
    static let returnPaths = ["/", "/calibration", "/review", "/review/notes", "/runs/:run", "/runs/:run/calibration", "/runs/:run/notes/:system/:encounter"]

    func register(_ routes: RouteTable) {
        routes.get("/login", nil, show)
        routes.post("/login", nil, signIn)
        routes.post("/logout", .read, signOut)
    }

    static func html(next: String, message: String?, csrf: String) -> String {
        var body = "<h1>Sign in</h1>"
        if let message { body += "<p class=error>\(HTML.escape(message))</p>" }
        body += """
            <form class=login method=post action="/login">
            <label for=token>API token</label>
            <input id=token name=token type=password autocomplete=off required placeholder="sgt_…">
            <input type=hidden name=next value="\(HTML.escape(safeNext(next)))">
            <input type=hidden name=csrf value="\(HTML.escape(csrf))">
            <button type=submit>Sign in</button>
            </form>
            <p class=muted>Tokens are created on the server with <code>scribegrade token create --role viewer|reviewer|grader|admin</code>. The page keeps a session cookie, not the token.</p>
            """
        return PageLayout.page(title: "Sign in", identity: nil, csrf: nil, current: "/login", body: body)
    }

    /// The sign-in form as a response with `status`, with a fresh CSRF token in the form and
    /// in its cookie.
    static func formResponse(next: String, message: String?, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        let csrf = APIToken.randomString(bytes: 24)
        var headers = PageLayout.headers()
        for field in extra { headers[field.name] = field.value }
        var response = Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html(next: next, message: message, csrf: csrf))))
        response.setCookie(Cookie(name: csrfCookie, value: csrf, maxAge: 3600, path: "/login", secure: false, httpOnly: true, sameSite: .strict))
        return response
    }

    /// A path of one of the pages to return to after signing in, else `/`. Only paths whose
    /// pattern is in `returnPaths` and whose segments are plain ids pass, so no other host,
    /// scheme, query or markup can ride along.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), next != "/" else { return "/" }
        let segments = next.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        guard segments.allSatisfy({ Identifier.isValid(String($0)) }) else { return "/" }
        let matches = returnPaths.contains { pattern in
            let parts = pattern.dropFirst().split(separator: "/")
            return parts.count == segments.count && zip(parts, segments).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
        }
        return matches ? next : "/"
    }

    @Sendable func show(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        Self.formResponse(next: request.query("next") ?? "/", message: nil)
    }

    @Sendable func signIn(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, limit: 16 * 1024)
        guard let sent = form["csrf"], let expected = request.cookies[Self.csrfCookie]?.value, !expected.isEmpty,
              APIToken.constantTimeEquals(Array(sent.utf8), Array(expected.utf8))
        else {
            context.logger.notice("sign-in refused: CSRF token missing or wrong")
            throw Problem.forbidden("the sign-in form is stale or came from another site; reload /login and sign in again")
        }
        let next = Self.safeNext(form["next"])
        guard let token = form["token"]?.trimmingCharacters(in: .whitespaces), !token.isEmpty,
              let identity = try await backend.authenticator.identify(token: token)
        else {
            context.logger.notice("sign-in refused")
            throw Problem.unauthorized("that token is not valid or was revoked", invalidToken: true)
        }
        let (id, _) = await backend.sessions.start(tokenID: identity.tokenID)
        context.logger.info("signed in", metadata: ["token": "\(identity.tokenID)"])
        var response = Response(status: .seeOther, headers: [.location: next, .cacheControl: "no-store"])
        response.setCookie(Cookie(
            name: Backend.sessionCookie, value: id, maxAge: Int(backend.configuration.sessionLifetime), path: "/",
            secure: backend.configuration.usesSecureCookies, httpOnly: true, sameSite: .strict))
        response.setCookie(Cookie(name: Self.csrfCookie, value: "", maxAge: 0, path: "/login", secure: false, httpOnly: true, sameSite: .strict))
        return response
    }

    @Sendable func signOut(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, limit: 16 * 1024)
        try Self.checkCSRF(form, context: context)
        if let cookie = request.cookies[Backend.sessionCookie] { await backend.sessions.end(cookie.value) }
        var response = Response(status: .seeOther, headers: [.location: "/login", .cacheControl: "no-store"])
        response.setCookie(Cookie(
            name: Backend.sessionCookie, value: "", maxAge: 0, path: "/", secure: backend.configuration.usesSecureCookies,
            httpOnly: true, sameSite: .strict))
        return response
    }

    /// A form posted with the session cookie must carry the session's CSRF token; one posted
    /// with a bearer token needs none (another site cannot make a browser send that header).
    static func checkCSRF(_ form: FormBody, context: ServerRequestContext) throws {
        guard let expected = context.sessionCSRF else { return }
        guard let sent = form["csrf"], APIToken.constantTimeEquals(Array(sent.utf8), Array(expected.utf8)) else {
            throw Problem.forbidden("the form is stale or came from another site; reload the page and try again")
        }
    }
}
