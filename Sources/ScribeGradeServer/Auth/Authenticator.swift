import ScribeGradeStore

/// Finds who holds a presented token, comparing its hash with every active token's in
/// constant time, so that neither which token matched nor how much of a hash matched shows
/// in the time taken.
///
/// Tokens are read from the store on each request, so `scribegrade token revoke` takes effect
/// at once, even while the service runs.
struct Authenticator: Sendable {
    let store: SQLiteStore

    /// The identity of the token's holder, or nil when no active token matches.
    func identify(token: String) async throws -> Identity? {
        let presented = Array(APIToken.hash(token).utf8)
        var match: APITokenRecord?
        for record in try await store.activeTokens() {
            let equal = APIToken.constantTimeEquals(Array(record.hash.utf8), presented)
            if equal { match = record }
        }
        return match.flatMap(Self.identity)
    }

    /// The identity of an active token by its id (for browser sessions).
    func identify(tokenID: String) async throws -> Identity? {
        try await store.activeTokens().first { $0.id == tokenID }.flatMap(Self.identity)
    }

    /// Whether any token is active: a service reachable from other machines needs one.
    func hasActiveTokens() async throws -> Bool {
        try await !store.activeTokens().isEmpty
    }

    static func identity(_ record: APITokenRecord) -> Identity? {
        Role(rawValue: record.role).map { Identity(tokenID: record.id, name: record.name, role: $0) }
    }
}
