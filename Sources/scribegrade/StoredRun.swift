import ArgumentParser
import Foundation
import ScribeGrade
import ScribeGradeStore

/// Finding a stored run by id or `latest`, with errors that say what to do.
enum StoredRun {
    /// The existing run database at `path`. Commands that only read pass `.readOnly`: they
    /// never write, create or migrate it, so they work on a read-only file or filesystem.
    ///
    /// - Throws: `InputError` when there is no file; `StoreError` when it cannot be opened,
    ///   is not a ScribeGrade store or is damaged.
    static func openStore(_ path: String, access: SQLiteStore.Access = .readWrite) throws -> SQLiteStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError("no run database here; run `scribegrade grade` first or pass --store", at: SourceLocation(file: path))
        }
        return try SQLiteStore(path: path, access: access)
    }

    static func find(_ id: String, in store: SQLiteStore, storePath: String) async throws -> RunRecord {
        // `latest` is the latest run that graded: a `generate` run's answers are notes, not verdicts.
        let record = id == "latest" ? try await store.runs().first { $0.task != .scribe } : try await store.run(id)
        guard let record else {
            throw InputError(id == "latest" ? "the run database holds no graded runs" : "no run '\(id)' in the run database; `scribegrade runs` lists them", at: SourceLocation(file: storePath))
        }
        guard record.task != .scribe else {
            throw InputError(
                "run '\(id)' wrote notes (`scribegrade generate`) and graded nothing; grade the notes it wrote with `scribegrade grade --notes DIR`",
                at: SourceLocation(file: storePath))
        }
        return record
    }
}

/// Writes a report to a file, or to standard output when no file is named.
enum OutputFile {
    static func write(_ text: String, to path: String?) throws {
        guard let path else { return Terminal.write(text) }
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            Diagnostics.print([.error("cannot write report: \(error.localizedDescription)", at: SourceLocation(file: path))])
            throw ExitCode(2)
        }
        Terminal.error("wrote \(path)")
    }
}
