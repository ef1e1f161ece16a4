import Foundation
import GRDB
import ScribeGrade
import Synchronization

/// The run database: one SQLite file in WAL mode holding runs and judgments.
///
/// Each `save` is committed before it returns — together with the saves that arrived while the
/// previous commit was written — so a run killed at any moment loses at most the answers still
/// in flight. Judgments are keyed by their content key, so the same question asked by any later
/// run is answered from here. Every failure an operator can act on (a full disk, a read-only or
/// damaged file) is thrown as a `StoreError` naming the file.
public final class SQLiteStore: JudgmentStore, Sendable {
    public let path: String
    let pool: DatabasePool
    /// Saves waiting for the writer, and whether a commit round is running.
    let commits = Mutex(CommitQueue())

    /// The default location: `.scribegrade/scribegrade.sqlite` under the working directory.
    public static let defaultPath = ".scribegrade/scribegrade.sqlite"

    /// How a store is opened.
    public enum Access: Sendable {
        /// Created if missing and migrated: for commands that grade or import.
        case readWrite
        /// Never written, created or migrated (no PRAGMA writes): for commands that only read,
        /// so they work on a read-only file, directory or filesystem.
        case readOnly
    }

    /// Opens the database at `path`: with `.readWrite` (the default) creating it if needed and
    /// migrating it; with `.readOnly` as it is, which must be a ScribeGrade store.
    ///
    /// - Throws: `StoreError` when the file cannot be opened, is read-only (for writing), or is
    ///   not a ScribeGrade store or is damaged.
    public init(path: String, access: Access = .readWrite) throws {
        self.path = path
        do {
            switch access {
            case .readWrite:
                let directory = (path as NSString).deletingLastPathComponent
                if !directory.isEmpty {
                    do {
                        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                    } catch {
                        throw StoreError(.cannotOpen, path: path)
                    }
                }
                var configuration = Configuration()
                configuration.busyMode = .timeout(10)
                // In WAL mode, NORMAL makes each commit durable against a killed process (the WAL is
                // written before commit returns) without an fsync per judgment; only a power loss can
                // drop the last commits.
                configuration.prepareDatabase { db in
                    try db.execute(sql: "PRAGMA synchronous = NORMAL")
                }
                if FileManager.default.fileExists(atPath: path) {
                    // A file of another program is refused before anything is written to it
                    // (not even the switch to WAL mode).
                    let reader = try Self.openReadOnly(path)
                    try reader.read { db in try Self.checkSchema(db, path: path, allowEmpty: true) }
                    try reader.close()
                }
                pool = try DatabasePool(path: path, configuration: configuration)
                try Self.migrate(pool)
            case .readOnly:
                pool = try Self.openReadOnly(path)
                try pool.read { db in try Self.checkSchema(db, path: path, allowEmpty: false) }
            }
        } catch {
            let wrapped = StoreError.wrapping(error, path: path)
            // SQLite opens a file it may not write read-only, then cannot create the WAL's
            // files (SQLITE_CANTOPEN) or write (SQLITE_READONLY): say which it is.
            if access == .readWrite, let storeError = wrapped as? StoreError,
                storeError.reason == .cannotOpen || storeError.reason == .readOnly, Self.isReadOnly(path) {
                throw StoreError(.readOnly, path: path, code: storeError.code)
            }
            throw wrapped
        }
    }

    /// Whether `path` exists but it or its directory may not be written (permissions, an
    /// immutable file, a read-only filesystem).
    static func isReadOnly(_ path: String) -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { return false }
        let directory = (path as NSString).deletingLastPathComponent
        return Foundation.access(path, W_OK) != 0 || Foundation.access(directory.isEmpty ? "." : directory, W_OK) != 0
    }

    /// A read-only pool on `path`. A WAL database needs its `-shm` file; when that cannot be
    /// created (a read-only directory or filesystem), no process can be writing the file either,
    /// and it is opened as immutable.
    static func openReadOnly(_ path: String) throws -> DatabasePool {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError(.cannotOpen, path: path) }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            try pool.read { db in _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") }
            return pool
        } catch let error as DatabaseError where error.resultCode.primaryResultCode == .SQLITE_CANTOPEN {
            let url = URL(fileURLWithPath: path).standardizedFileURL
            let uri = "file:" + (url.path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? url.path) + "?immutable=1"
            let pool = try DatabasePool(path: uri, configuration: configuration)
            try pool.read { db in _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") }
            return pool
        }
    }

    /// Throws `StoreError.damaged` unless the database is a ScribeGrade store, or, when
    /// `allowEmpty`, one that another process is creating (no tables yet, or migrations begun).
    static func checkSchema(_ db: Database, path: String, allowEmpty: Bool) throws {
        let tables = try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        if allowEmpty && (tables.isEmpty || tables == ["grdb_migrations"]) { return }
        let migrations = tables.contains("grdb_migrations")
            ? try String.fetchSet(db, sql: "SELECT identifier FROM grdb_migrations") : []
        guard migrations.contains("v1: runs and judgments"), tables.contains("run"), tables.contains("judgment") else {
            throw StoreError(.damaged, path: path)
        }
    }

    /// Migrates, also when another process migrates the same new file at the same moment:
    /// GRDB reads which migrations are applied before it takes the write lock, so the slower
    /// process fails on a table the other has just created; reading again settles it.
    static func migrate(_ pool: DatabasePool) throws {
        var attempts = 0
        while true {
            do {
                return try migrator.migrate(pool)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR && attempts < 20 {
                attempts += 1
                if try pool.read({ try migrator.hasCompletedMigrations($0) }) { return }
            }
        }
    }

    /// `pool.read`, with failures an operator can act on as `StoreError`.
    func reading<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw StoreError.wrapping(error, path: path)
        }
    }

    /// `pool.write`, with failures an operator can act on as `StoreError`.
    func writing<T: Sendable>(_ body: @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw StoreError.wrapping(error, path: path)
        }
    }

    /// One `BEGIN IMMEDIATE` transaction: the write lock is taken before the first read, so
    /// what is read cannot change before what is written (other processes included).
    func writingImmediately<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do {
            return try await pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch {
            throw StoreError.wrapping(error, path: path)
        }
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
        registerClaimMigrations(&migrator)
        registerNoteRatingMigrations(&migrator)
        registerBatchMigrations(&migrator)
        return migrator
    }

    public func begin(_ run: RunRecord) async throws {
        let record = try JSONEncoder().encode(run)
        try await writing { db in
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
        try await writing { db in
            try db.execute(
                sql: "UPDATE run SET status = ?, updated_at = ? WHERE id = ?",
                arguments: [status.rawValue, Date().timeIntervalSince1970, run])
        }
    }

    public func run(_ id: String) async throws -> RunRecord? {
        try await reading { db in
            try Row.fetchOne(db, sql: "SELECT status, record FROM run WHERE id = ?", arguments: [id]).map(Self.runRecord)
        }
    }

    public func runs() async throws -> [RunRecord] {
        try await reading { db in
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
        try await save(judgments, releasing: nil)
    }

    /// `save`, ending `holder`'s claims on the saved keys in the same transaction.
    public func save(_ judgments: [Judgment], releasingClaimsOf holder: String) async throws {
        try await save(judgments, releasing: ClaimOwner.current(holder: holder).id)
    }

    func save(_ judgments: [Judgment], releasing owner: String?) async throws {
        guard !judgments.isEmpty else { return }
        let rows = Self.encode(judgments)
        let keys = owner == nil ? [] : judgments.map(\.key)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let leads = commits.withLock { queue in
                queue.waiting.append(PendingCommit(rows: rows, releasing: owner.map { ($0, keys) }, continuation: continuation))
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
                    for commit in round { try Self.commit(commit, db) }
                    return .commit
                }
                for commit in round { commit.continuation.resume() }
            } catch {
                // One failing save must not fail the others: commit them one by one.
                for commit in round {
                    do {
                        try db.inTransaction {
                            try Self.commit(commit, db)
                            return .commit
                        }
                        commit.continuation.resume()
                    } catch {
                        commit.continuation.resume(throwing: StoreError.wrapping(error, path: path))
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

    /// One save's rows, and the claims it ends.
    static func commit(_ commit: PendingCommit, _ db: Database) throws {
        try insert(commit.rows, db)
        if let (owner, keys) = commit.releasing { try deleteClaims(keys, of: owner, db) }
    }

    /// Stores each row unless its key already has a verdict: a stored failure is replaced (by
    /// a verdict or a newer failure), a stored verdict never is — the row is kept in
    /// `judgment_repeat` beside it instead, so no answer paid for is lost. A replaced failure's
    /// tokens, cost and attempts are added to the new row's: they were billed too.
    static func insert(_ rows: [StatementArguments], _ db: Database) throws {
        let columns = """
            key, system, encounter, rubric, rubric_version, criterion, judge,
                sample, verdict, failure, explanation, evidence, input_tokens, cached_input_tokens,
                cache_creation_tokens, output_tokens, cost, latency, attempts, model, prompt_hash, created_at
            """
        let values = "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        let statement = try db.cachedStatement(sql: """
            INSERT INTO judgment (\(columns)) \(values)
            ON CONFLICT(key) DO UPDATE SET system = excluded.system, encounter = excluded.encounter,
                rubric = excluded.rubric, rubric_version = excluded.rubric_version, criterion = excluded.criterion,
                judge = excluded.judge, sample = excluded.sample, verdict = excluded.verdict,
                failure = excluded.failure, explanation = excluded.explanation, evidence = excluded.evidence,
                input_tokens = judgment.input_tokens + excluded.input_tokens,
                cached_input_tokens = judgment.cached_input_tokens + excluded.cached_input_tokens,
                cache_creation_tokens = judgment.cache_creation_tokens + excluded.cache_creation_tokens,
                output_tokens = judgment.output_tokens + excluded.output_tokens,
                cost = judgment.cost + excluded.cost, latency = excluded.latency,
                attempts = judgment.attempts + excluded.attempts,
                model = excluded.model, prompt_hash = excluded.prompt_hash, created_at = excluded.created_at
            WHERE judgment.verdict IS NULL
            """)
        let repeated = try db.cachedStatement(sql: "INSERT INTO judgment_repeat (\(columns)) \(values)")
        for arguments in rows {
            try statement.execute(arguments: arguments)
            if db.changesCount == 0 { try repeated.execute(arguments: arguments) }
        }
    }

    public func judgments(forKeys keys: [String]) async throws -> [String: Judgment] {
        guard !keys.isEmpty else { return [:] }
        return try await reading { db in
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
        try await reading { db in
            try Row.fetchAll(db, sql: "SELECT * FROM judgment ORDER BY key").map(Self.judgment)
        }
    }

    /// How many judgments are stored.
    public func judgmentCount() async throws -> Int {
        try await reading { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM judgment") ?? 0 }
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
        try await writing { db in
            let statement = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO expert_rating
                    (system, encounter, rubric, criterion, rater, verdict, source, created_at, inclusion_probability)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let now = Date().timeIntervalSince1970
            for r in ratings {
                try statement.execute(arguments: [
                    r.system, r.encounter, r.rubric ?? "", r.criterion, r.rater, r.verdict.rawValue, r.source, now, r.inclusionProbability])
            }
        }
    }

    /// Every stored clinician verdict, in item and rater order.
    public func ratings() async throws -> [ExpertRating] {
        try await reading { db in
            try Row.fetchAll(db, sql: "SELECT * FROM expert_rating ORDER BY system, encounter, rubric, criterion, rater").compactMap { row in
                guard let verdict = Verdict(rawValue: row["verdict"]) else { return nil }
                let rubric: String = row["rubric"]
                return ExpertRating(
                    system: row["system"], encounter: row["encounter"], rubric: rubric.isEmpty ? nil : rubric,
                    criterion: row["criterion"], rater: row["rater"], verdict: verdict, source: row["source"],
                    inclusionProbability: row["inclusion_probability"])
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
    /// The claims the save ends: the holder's `claimed_by` and the saved keys.
    var releasing: (owner: String, keys: [String])?
    var continuation: CheckedContinuation<Void, any Error>
}
