import Foundation
import Hummingbird
import Logging
import ScribeGrade
import ScribeGradeProviders
import ScribeGradeStore

/// What every route handler works with: the store, the runs in flight, metrics, sessions and
/// the service's settings.
struct Backend: Sendable {
    let store: SQLiteStore
    let configuration: ServerConfiguration
    let runs: RunCoordinator
    let metrics: ServiceMetrics
    let sessions: SessionStore
    let authenticator: Authenticator
    let transports: TransportPool
    let logger: Logger

    /// The name of the session cookie.
    static let sessionCookie = "scribegrade_session"

    /// Sets `context.identity` from the request's bearer token or, when `acceptCookie`, its
    /// session cookie; throws 401 when neither identifies an active token.
    func authenticate(_ request: Request, context: inout ServerRequestContext, acceptCookie: Bool) async throws {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw Problem.unauthorized("use the Authorization: Bearer TOKEN scheme", invalidToken: true)
            }
            guard let identity = try await authenticator.identify(token: String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
                throw Problem.unauthorized("the token is not valid or was revoked", invalidToken: true)
            }
            context.identity = identity
            return
        }
        if let cookie = request.cookies[Self.sessionCookie] {
            guard acceptCookie else {
                throw Problem.unauthorized("API writes need the Authorization: Bearer TOKEN header; the session cookie is for the web pages")
            }
            guard let session = await sessions.session(cookie.value), let identity = try await authenticator.identify(tokenID: session.tokenID) else {
                throw Problem.unauthorized("the session has expired or its token was revoked; sign in again at /login")
            }
            context.identity = identity
            context.sessionCSRF = session.csrf
            return
        }
        throw Problem.unauthorized("a bearer token is required (Authorization: Bearer TOKEN); create one with `scribegrade token create`")
    }
}
