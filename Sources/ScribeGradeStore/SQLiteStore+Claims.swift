import Foundation
import GRDB
import ScribeGrade

/// Claims on questions, so that two runs of one plan on one store never ask a question twice,
/// and answers that arrived after a question was already answered.
///
/// A claim is a row (key, claimed_by, claimed_until) taken in a `BEGIN IMMEDIATE` transaction:
/// SQLite's write lock makes checking and taking a group of keys one step for every process on
/// the file. A claim holds until its lease ends (its holder renews it while working), its holder
/// saves the answers or releases it, or its holder's process is gone (same host, no live
/// process with its pid and start time), so a run killed with SIGKILL blocks no one.
extension SQLiteStore {
    static func registerClaimMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5: judgment claims and repeats") { db in
            try db.execute(sql: """
                CREATE TABLE judgment_claim (
                    key TEXT PRIMARY KEY NOT NULL,
                    claimed_by TEXT NOT NULL,
                    claimed_until DOUBLE NOT NULL
                );
                CREATE INDEX judgment_claim_holder ON judgment_claim(claimed_by);
                CREATE TABLE judgment_repeat (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL,
                    system TEXT NOT NULL,
                    encounter TEXT NOT NULL,
                    rubric TEXT NOT NULL,
                    rubric_version INTEGER NOT NULL,
                    criterion TEXT NOT NULL,
                    judge TEXT NOT NULL,
                    sample INTEGER NOT NULL,
                    verdict TEXT,
                    failure TEXT,
                    explanation TEXT,
                    evidence BLOB,
                    input_tokens INTEGER NOT NULL,
                    cached_input_tokens INTEGER NOT NULL,
                    cache_creation_tokens INTEGER NOT NULL,
                    output_tokens INTEGER NOT NULL,
                    cost DOUBLE NOT NULL,
                    latency DOUBLE NOT NULL,
                    attempts INTEGER NOT NULL,
                    model TEXT,
                    prompt_hash TEXT,
                    created_at DOUBLE NOT NULL
                );
                CREATE INDEX judgment_repeat_key ON judgment_repeat(key);
                """)
        }
    }

    public func claim(_ groups: [[String]], for holder: String, lease: Duration) async throws -> [ClaimOutcome] {
        guard !groups.isEmpty else { return [] }
        let owner = ClaimOwner.current(holder: holder).id
        let until = Date().timeIntervalSince1970 + lease / .seconds(1)
        return try await writingImmediately { db in
            let now = Date().timeIntervalSince1970
            // Whether each other holder seen may be taken over, decided once per call.
            var gone: [String: Bool] = [:]
            func heldElsewhere(_ claimedBy: String, _ claimedUntil: Double) -> Bool {
                guard claimedBy != owner, claimedUntil > now else { return false }
                if let known = gone[claimedBy] { return !known }
                let isGone = ClaimOwner(parsing: claimedBy)?.processIsGone ?? false
                gone[claimedBy] = isGone
                return !isGone
            }
            let answered = try db.cachedStatement(sql: "SELECT 1 FROM judgment WHERE key = ? AND verdict IS NOT NULL")
            let held = try db.cachedStatement(sql: "SELECT claimed_by, claimed_until FROM judgment_claim WHERE key = ?")
            let take = try db.cachedStatement(sql: """
                INSERT INTO judgment_claim (key, claimed_by, claimed_until) VALUES (?, ?, ?)
                ON CONFLICT(key) DO UPDATE SET claimed_by = excluded.claimed_by, claimed_until = excluded.claimed_until
                """)
            return try groups.map { keys -> ClaimOutcome in
                if try keys.allSatisfy({ try Bool.fetchOne(answered, arguments: [$0]) != nil }) { return .answered }
                for key in keys {
                    if let row = try Row.fetchOne(held, arguments: [key]), heldElsewhere(row["claimed_by"], row["claimed_until"]) {
                        return .heldElsewhere
                    }
                }
                for key in keys { try take.execute(arguments: [key, owner, until]) }
                return .claimed
            }
        }
    }

    public func renewClaims(of holder: String, lease: Duration) async throws {
        let owner = ClaimOwner.current(holder: holder).id
        let until = Date().timeIntervalSince1970 + lease / .seconds(1)
        try await writing { db in
            try db.execute(sql: "UPDATE judgment_claim SET claimed_until = ? WHERE claimed_by = ?", arguments: [until, owner])
        }
    }

    public func releaseClaims(_ keys: [String], of holder: String) async throws {
        guard !keys.isEmpty else { return }
        let owner = ClaimOwner.current(holder: holder).id
        try await writing { db in try Self.deleteClaims(keys, of: owner, db) }
    }

    static func deleteClaims(_ keys: [String], of owner: String, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: "DELETE FROM judgment_claim WHERE key = ? AND claimed_by = ?")
        for key in keys { try statement.execute(arguments: [key, owner]) }
    }

    /// Every claim stored, as (key, claimed_by, claimed_until): for diagnostics and tests.
    public func claims() async throws -> [(key: String, claimedBy: String, claimedUntil: Date)] {
        try await reading { db in
            try Row.fetchAll(db, sql: "SELECT key, claimed_by, claimed_until FROM judgment_claim ORDER BY key").map {
                ($0["key"], $0["claimed_by"], Date(timeIntervalSince1970: $0["claimed_until"]))
            }
        }
    }

    /// Answers that arrived for questions already answered (or failures after a verdict), kept
    /// beside the first answer, oldest first.
    public func repeats() async throws -> [Judgment] {
        try await reading { db in
            try Row.fetchAll(db, sql: "SELECT * FROM judgment_repeat ORDER BY id").map(Self.judgment)
        }
    }
}
