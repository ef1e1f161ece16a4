import Foundation
import Hummingbird
import ScribeGrade

/// Signing in from a browser: the token is posted once to `/login`, which starts a session and
/// sets its id in a cookie that is HttpOnly (no script reads it), SameSite=Strict (no other
/// site sends it) and Secure unless the service listens on loopback only.
struct LoginPage {
    let backend: Backend

    func register(_ routes: RouteTable) {
        routes.get("/login", nil, show)
        routes.post("/login", nil, signIn)
        routes.post("/logout", .read, signOut)
    }

    static func html(next: String, message: String?) -> String {
        var body = "<h1>Sign in</h1>"
        if let message { body += "<p class=error>\(HTML.escape(message))</p>" }
        body += """
            <form class=login method=post action="/login">
            <label for=token>API token</label>
            <input id=token name=token type=password autocomplete=off required placeholder="sgt_…">
            <input type=hidden name=next value="\(HTML.escape(safeNext(next)))">
            <button type=submit>Sign in</button>
            </form>
            <p class=muted>Tokens are created on the server with <code>scribegrade token create --role viewer|reviewer|grader|admin</code>. The page keeps a session cookie, not the token.</p>
            """
        return PageLayout.page(title: "Sign in", identity: nil, csrf: nil, current: "/login", body: body)
    }

    /// A local path to return to after signing in; anything else returns to the leaderboard.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), next != "/login", next != "/logout" else { return "/" }
        return next
    }

    @Sendable func show(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        PageLayout.response(Self.html(next: request.query("next") ?? "/", message: nil))
    }

    @Sendable func signIn(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, limit: 16 * 1024)
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
