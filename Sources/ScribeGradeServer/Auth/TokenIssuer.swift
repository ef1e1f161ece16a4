import Foundation
import ScribeGrade
import ScribeGradeStore

/// Creates, lists and revokes the service's API tokens in the store (`scribegrade token`).
public struct TokenIssuer: Sendable {
    public let store: SQLiteStore

    public init(store: SQLiteStore) {
        self.store = store
    }

    /// A token just created: the secret (shown once, never stored) and its record.
    public struct Issued: Sendable {
        public var token: String
        public var record: APITokenRecord
    }

    /// Creates a token for `role`, named `name` (default: the role and the token id).
    ///
    /// - Throws: `InputError` for a name that is empty, too long or has control characters,
    ///   or that another token already has.
    public func create(role: Role, name: String? = nil) async throws -> Issued {
        let id = APIToken.generateID()
        let name = (name ?? "\(role.rawValue)-\(id.dropFirst(4))").trimmingCharacters(in: .whitespaces)
        if name.isEmpty || name.count > 64 || name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw InputError("a token name must be 1 to 64 characters without control characters", at: SourceLocation(file: "--name"))
        }
        let token = APIToken.generate()
        let record = APITokenRecord(id: id, name: name, role: role.rawValue, hash: APIToken.hash(token))
        do {
            try await store.saveToken(record)
        } catch let error as DuplicateTokenName {
            throw InputError(error.description, at: SourceLocation(file: "--name"))
        }
        return Issued(token: token, record: record)
    }

    /// Every token, revoked ones included (hashes only, never tokens).
    public func list() async throws -> [APITokenRecord] {
        try await store.tokens()
    }

    /// Revokes a token by id or name; false when no active token has it.
    public func revoke(_ idOrName: String) async throws -> Bool {
        try await store.revokeToken(idOrName)
    }
}
