import Foundation
import GRDB

extension SQLiteStore {
    static func registerTokenMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3: api tokens") { db in
            try db.execute(sql: """
                CREATE TABLE api_token (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL UNIQUE,
                    role TEXT NOT NULL,
                    hash TEXT NOT NULL UNIQUE,
                    created_at DOUBLE NOT NULL,
                    revoked_at DOUBLE
                );
                """)
        }
    }

    /// Stores a new token record.
    ///
    /// - Throws: `DuplicateTokenName` when a token (active or revoked) already has the name.
    public func saveToken(_ token: APITokenRecord) async throws {
        do {
            try await writing { db in
                try db.execute(
                    sql: "INSERT INTO api_token (id, name, role, hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [token.id, token.name, token.role, token.hash, token.createdAt.timeIntervalSince1970, token.revokedAt?.timeIntervalSince1970])
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE && error.message?.contains("api_token.name") == true {
            throw DuplicateTokenName(name: token.name)
        }
    }

    /// Every token record, oldest first.
    public func tokens() async throws -> [APITokenRecord] {
        try await reading { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_token ORDER BY created_at, id").map(Self.tokenRecord)
        }
    }

    /// The tokens not revoked: the ones that authenticate.
    public func activeTokens() async throws -> [APITokenRecord] {
        try await reading { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_token WHERE revoked_at IS NULL ORDER BY id").map(Self.tokenRecord)
        }
    }

    /// Revokes the token with this id or name; returns false when there is none (or it was
    /// already revoked).
    @discardableResult
    public func revokeToken(_ idOrName: String) async throws -> Bool {
        try await writing { db in
            try db.execute(
                sql: "UPDATE api_token SET revoked_at = ? WHERE (id = ? OR name = ?) AND revoked_at IS NULL",
                arguments: [Date().timeIntervalSince1970, idOrName, idOrName])
            return db.changesCount > 0
        }
    }

    static func tokenRecord(_ row: Row) -> APITokenRecord {
        APITokenRecord(
            id: row["id"], name: row["name"], role: row["role"], hash: row["hash"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            revokedAt: (row["revoked_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }
}
