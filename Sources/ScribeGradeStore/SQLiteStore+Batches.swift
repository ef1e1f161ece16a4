import Foundation
import GRDB
import ScribeGrade

/// Provider batches of runs (`grade --batch`): stored when the provider creates them, read by a
/// re-run to poll them instead of submitting their requests again.
extension SQLiteStore: ProviderBatchStore {
    static func registerBatchMigrations(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8: provider batches") { db in
            try db.execute(sql: """
                CREATE TABLE provider_batch (
                    id TEXT PRIMARY KEY NOT NULL,
                    provider TEXT NOT NULL,
                    judge TEXT NOT NULL,
                    run TEXT NOT NULL,
                    items TEXT NOT NULL,
                    status TEXT NOT NULL,
                    created_at DOUBLE NOT NULL
                );
                CREATE INDEX provider_batch_run ON provider_batch(run);
                """)
        }
    }

    public func saveBatch(_ batch: ProviderBatchRecord) async throws {
        let items = String(decoding: try JSONEncoder.sorted.encode(batch.items), as: UTF8.self)
        try await writing { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO provider_batch (id, provider, judge, run, items, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [batch.id, batch.provider, batch.judge, batch.run, items, batch.status.rawValue, batch.createdAt.timeIntervalSince1970])
        }
    }

    public func batches(ofRun run: String) async throws -> [ProviderBatchRecord] {
        let rows = try await reading { db in
            try Row.fetchAll(db, sql: "SELECT * FROM provider_batch WHERE run = ? ORDER BY created_at, rowid", arguments: [run])
                .map { row -> (String, String, String, String, String, String, Double) in
                    (row["id"], row["provider"], row["judge"], row["run"], row["items"], row["status"], row["created_at"])
                }
        }
        return try rows.map { id, provider, judge, run, items, status, created in
            ProviderBatchRecord(
                id: id, provider: provider, judge: judge, run: run,
                items: try JSONDecoder().decode([String: [String]].self, from: Data(items.utf8)),
                status: ProviderBatchStatus(rawValue: status) ?? .abandoned,
                createdAt: Date(timeIntervalSince1970: created))
        }
    }

    public func setStatus(_ status: ProviderBatchStatus, ofBatch id: String) async throws {
        try await writing { db in
            try db.execute(sql: "UPDATE provider_batch SET status = ? WHERE id = ?", arguments: [status.rawValue, id])
        }
    }
}

private extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }
}
