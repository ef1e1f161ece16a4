import Foundation

/// An API token of the grading service as the store keeps it: never the token itself, only
/// its SHA-256 hash, with who holds it and what role it grants.
public struct APITokenRecord: Sendable, Hashable, Codable {
    /// A short public identifier (`tok_…`), printed by `token list` and used to revoke.
    public var id: String
    /// Who holds the token; a reviewer's answers are stored as ratings by this name.
    public var name: String
    /// `admin`, `grader`, `reviewer` or `viewer`.
    public var role: String
    /// Lower-case hex SHA-256 of the token.
    public var hash: String
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: String, name: String, role: String, hash: String, createdAt: Date = Date(), revokedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.role = role
        self.hash = hash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    public var isActive: Bool { revokedAt == nil }
}

/// A token could not be stored because another token already has its name.
public struct DuplicateTokenName: Error, Sendable, CustomStringConvertible {
    public var name: String

    public var description: String { "a token named '\(name)' already exists; choose another --name" }
}
