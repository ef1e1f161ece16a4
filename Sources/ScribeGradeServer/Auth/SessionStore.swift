import Foundation

/// Browser sessions started by signing in at `/login` with a token: a random session id in an
/// HttpOnly cookie stands for the token, which the browser never stores.
///
/// Sessions live in memory, so restarting the service signs everyone out. Each carries a
/// random CSRF token that every form posted with the cookie must repeat.
actor SessionStore {
    struct Session: Sendable {
        var tokenID: String
        var csrf: String
        var expires: Date
    }

    private var sessions: [String: Session] = [:]
    let lifetime: TimeInterval

    init(lifetime: TimeInterval) {
        self.lifetime = lifetime
    }

    /// Starts a session for a token; returns its id (the cookie's value).
    func start(tokenID: String) -> (id: String, session: Session) {
        let now = Date()
        sessions = sessions.filter { $0.value.expires > now }
        let id = APIToken.randomString(bytes: 32)
        let session = Session(tokenID: tokenID, csrf: APIToken.randomString(bytes: 24), expires: now.addingTimeInterval(lifetime))
        sessions[id] = session
        return (id, session)
    }

    /// The live session with this id.
    func session(_ id: String) -> Session? {
        guard let session = sessions[id] else { return nil }
        guard session.expires > Date() else {
            sessions[id] = nil
            return nil
        }
        return session
    }

    func end(_ id: String) {
        sessions[id] = nil
    }
}
