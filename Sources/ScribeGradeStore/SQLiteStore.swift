import Foundation
import GRDB
import ScribeGrade
import Synchronization

/// The run database: one SQLite file in WAL mode holding runs and judgments.
///
/// Each `save` is committed before it returns — together with the saves that arrived while the
/// previous commit was written — so a run killed at any moment loses at most the answers still
/// in flight. Judgments are keyed by their content key, so the same question asked by any later
/// run is answered from here.
public final class SQLiteStore: JudgmentStore, Sendable {
    public let path: String
    let pool: DatabasePool
    /// Saves waiting for the writer, and whether a commit round is running.
    let commits = Mutex(CommitQueue())

    /// The default location: `.scribegrade/scribegrade.sqlite` under the working directory.
    public static let defaultPath = ".scribegrade/scribegrade.sqlite"

    /// Opens (creating if needed) the database at `path`, and migrates it.
    public init(path: String) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        // In WAL mode, NORMAL makes each commit durable against a killed process (the WAL is
        // written before commit returns) without an fsync per judgment; only a power loss can
        // drop the last commits.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.migrator.migrate(pool)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs and judgments") { db in
            try db.execute(sql: """
                CREATE TABLE run (
                    id TEXT PRIMARY KEY NOT NULL,
                    created_at DOUBLE NOT NULL,
                    updated_at DOUBLE NOT NULL,
                    status TEXT NOT NULL,
                    record BLOB NOT NULL
                );
                CREATE TABLE judgment (
                    key TEXT PRIMARY KEY NOT NULL,
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
                CREATE INDEX judgment_note ON judgment(system, encounter, rubric);
                """)
        }
        migrator.registerMigration("v2: expert ratings") { db in
            try db.execute(sql: """
                CREATE TABLE expert_rating (
                    system TEXT NOT NULL,
                    encounter TEXT NOT NULL,
                    rubric TEXT NOT NULL,
                    criterion TEXT NOT NULL,
                    rater TEXT NOT NULL,
                    verdict TEXT NOT NULL,
                    source TEXT,
                    created_at DOUBLE NOT NULL,
                    PRIMARY KEY (system, encounter, rubric, criterion, rater)
                );
                """)
        }
        registerTokenMigrations(&migrator)
        registerDocumentMigrations(&migrator)
        return migrator
    }

    public func begin(_ run: RunRecord) async throws {
        let record = try JSONEncoder().encode(run)
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO run (id, created_at, updated_at, status, record) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at,
                        record = excluded.record
                    """,
                arguments: [run.id, run.createdAt.timeIntervalSince1970, Date().timeIntervalSince1970, RunStatus.running.rawValue, record])
        }
    }

    public func finish(run: String, status: RunStatus) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE run SET status = ?, updated_at = ? WHERE id = ?",
                arguments: [status.rawValue, Date().timeIntervalSince1970, run])
        }
    }

    public func run(_ id: String) async throws -> RunRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT status, record FROM run WHERE id = ?", arguments: [id]).map(Self.runRecord)
        }
    }

    public func runs() async throws -> [RunRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT status, record FROM run ORDER BY updated_at DESC, id").map(Self.runRecord)
        }
    }

    static func runRecord(_ row: Row) throws -> RunRecord {
        var record = try JSONDecoder().decode(RunRecord.self, from: row["record"] as Data)
        if let status = RunStatus(rawValue: row["status"]) { record.status = status }
        return record
    }

    /// Commits judgments durably before returning.
    ///
    /// Saves that arrive while a commit is being written are committed together in the next
    /// transaction (a group commit), so judgments answered at the same moment cost one commit
    /// between them, and none waits for anything but the commit in progress.
    public func save(_ judgments: [Judgment]) async throws {
        guard !judgments.isEmpty else { return }
        let rows = Self.encode(judgments)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let leads = commits.withLock { queue in
                queue.waiting.append(PendingCommit(rows: rows, continuation: continuation))
                defer { queue.writing = true }
                return !queue.writing
            }
            if leads { pool.asyncWriteWithoutTransaction { [self] db in writeCommits(db) } }
        }
    }

    /// Commits what is waiting, one transaction per round, until nothing is; runs on the writer.
    func writeCommits(_ db: Database) {
        while true {
            let round = commits.withLock { queue -> [PendingCommit] in
                if queue.waiting.isEmpty { queue.writing = false } else { queue.rounds += 1 }
                defer { queue.waiting = [] }
                return queue.waiting
            }
            guard !round.isEmpty else { return }
            do {
                try db.inTransaction {
                    for commit in round { try Self.insert(commit.rows, db) }
                    return .commit
                }
                for commit in round { commit.continuation.resume() }
            } catch {
                // One failing save must not fail the others: commit them one by one.
                for commit in round {
                    do {
                        try db.inTransaction {
                            try Self.insert(commit.rows, db)
                            return .commit
                        }
                        commit.continuation.resume()
                    } catch {
                        commit.continuation.resume(throwing: error)
                    }
                }
            }
        }
    }

    static func encode(_ judgments: [Judgment]) -> [StatementArguments] {
        judgments.map { j in
            // The JSON `Evidence` decodes from, written without JSONEncoder (a tenth of a commit's CPU).
            let evidence = j.evidence.map { evidence in
                Data(JSONValue.object([
                    ("note", .array(evidence.note.map(JSONValue.string))),
                    ("transcript", .array(evidence.transcript.map(JSONValue.string))),
                    ("unsupported", .array(evidence.unsupported.map(JSONValue.string))),
                ]).compactBytes)
            }
            let values: [(any DatabaseValueConvertible)?] = [
                j.key, j.system, j.encounter, j.rubric, j.rubricVersion, j.criterion, j.judge,
                j.sample, j.verdict?.rawValue, j.failure, j.explanation, evidence, j.usage.input,
                j.usage.cachedInput, j.usage.cacheCreation, j.usage.output, j.cost, j.latency,
                j.attempts, j.model, j.promptHash, j.createdAt.timeIntervalSince1970,
            ]
            return StatementArguments(values)
        }
    }

    static func insert(_ rows: [StatementArguments], _ db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO judgment (key, system, encounter, rubric, rubric_version, criterion, judge,
                sample, verdict, failure, explanation, evidence, input_tokens, cached_input_tokens,
                cache_creation_tokens, output_tokens, cost, latency, attempts, model, prompt_hash, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for arguments in rows { try statement.execute(arguments: arguments) }
    }

    public func judgments(forKeys keys: [String]) async throws -> [String: Judgment] {
        guard !keys.isEmpty else { return [:] }
        return try await pool.read { db in
            var result: [String: Judgment] = [:]
            // Bounded IN lists keep statements under SQLite's variable limit.
            for start in stride(from: 0, to: keys.count, by: 500) {
                let chunk = Array(keys[start..<min(start + 500, keys.count)])
                let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM judgment WHERE key IN (\(placeholders))", arguments: StatementArguments(chunk))
                for row in rows {
                    let judgment = try Self.judgment(row)
                    result[judgment.key] = judgment
                }
            }
            return result
        }
    }

    /// Every judgment stored, for exports and diagnostics.
    public func allJudgments() async throws -> [Judgment] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM judgment ORDER BY key").map(Self.judgment)
        }
    }

    /// How many judgments are stored.
    public func judgmentCount() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM judgment") ?? 0 }
    }

    static func judgment(_ row: Row) throws -> Judgment {
        let evidenceData: Data? = row["evidence"]
        return Judgment(
            key: row["key"], system: row["system"], encounter: row["encounter"], rubric: row["rubric"],
            rubricVersion: row["rubric_version"], criterion: row["criterion"], judge: row["judge"],
            sample: row["sample"], verdict: (row["verdict"] as String?).flatMap(Verdict.init(rawValue:)),
            failure: row["failure"], explanation: row["explanation"],
            evidence: try evidenceData.map { try JSONDecoder().decode(Evidence.self, from: $0) },
            usage: TokenUsage(
                input: row["input_tokens"], cachedInput: row["cached_input_tokens"],
                cacheCreation: row["cache_creation_tokens"], output: row["output_tokens"]),
            cost: row["cost"], latency: row["latency"], attempts: row["attempts"], model: row["model"],
            promptHash: row["prompt_hash"], createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }

    // MARK: - Expert ratings

    /// Stores clinician verdicts; a rater's new verdict on an item replaces their earlier one.
    public func saveRatings(_ ratings: [ExpertRating]) async throws {
        guard !ratings.isEmpty else { return }
        try await pool.write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO expert_rating (system, encounter, rubric, criterion, rater, verdict, source, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let now = Date().timeIntervalSince1970
            for r in ratings {
                try statement.execute(arguments: [r.system, r.encounter, r.rubric ?? "", r.criterion, r.rater, r.verdict.rawValue, r.source, now])
            }
        }
    }

    /// Every stored clinician verdict, in item and rater order.
    public func ratings() async throws -> [ExpertRating] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM expert_rating ORDER BY system, encounter, rubric, criterion, rater").compactMap { row in
                guard let verdict = Verdict(rawValue: row["verdict"]) else { return nil }
                let rubric: String = row["rubric"]
                return ExpertRating(
                    system: row["system"], encounter: row["encounter"], rubric: rubric.isEmpty ? nil : rubric,
                    criterion: row["criterion"], rater: row["rater"], verdict: verdict, source: row["source"])
            }
        }
    }
}

/// Saves waiting for the writer: a group commit's queue.
struct CommitQueue {
    var waiting: [PendingCommit] = []
    /// Whether a writer block is committing rounds; a save that finds none starts one.
    var writing = false
    /// Transactions written so far.
    var rounds = 0
}

struct PendingCommit: @unchecked Sendable {
    var rows: [StatementArguments]
    var continuation: CheckedContinuation<Void, any Error>
}
