import Foundation
import GRDB
import Testing

/// A `scribegrade` process started in the background, its output going to files, with a
/// deadline on every wait; and read-only looks into the run database it writes.
final class CLIProcess {
    let process = Process()
    let stdout: URL
    let stderr: URL

    init(_ arguments: [String], in directory: URL, name: String) throws {
        process.executableURL = CLIRunner.executable
        process.arguments = arguments
        process.currentDirectoryURL = CLIRunner.packageRoot
        stdout = directory.appendingPathComponent("\(name).out")
        stderr = directory.appendingPathComponent("\(name).err")
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Polls `condition` every 2 ms until it holds or `seconds` pass; returns whether it held.
    @discardableResult
    static func wait(seconds: Double, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition() {
            if Date() > deadline { return false }
            usleep(2_000)
        }
        return true
    }

    /// Waits for the exit up to `seconds`; kills the process (and returns false) if it is still
    /// running then.
    func waitForExit(seconds: Double) -> Bool {
        let exited = Self.wait(seconds: seconds) { !process.isRunning }
        if !exited {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        return exited
    }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    var output: String { (try? String(contentsOf: stdout, encoding: .utf8)) ?? "" }
    var errors: String { (try? String(contentsOf: stderr, encoding: .utf8)) ?? "" }

    /// Exit status of a process that exited (not killed by a signal); -1 otherwise.
    var exitStatus: Int32 {
        process.terminationReason == .exit ? process.terminationStatus : -1
    }
}

/// Read-only queries on a run database, with SQLite itself.
enum StoreFile {
    static func query<T>(_ store: URL, _ body: (Database) throws -> T) throws -> T {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: store.path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read(body)
    }

    /// The statuses of the runs stored, by run id.
    static func runStatuses(_ store: URL) throws -> [String: String] {
        try query(store) { db in
            Dictionary(try Row.fetchAll(db, sql: "SELECT id, status FROM run").map { ($0["id"] as String, $0["status"] as String) }, uniquingKeysWith: { a, _ in a })
        }
    }

    static func judgmentCount(_ store: URL) throws -> Int {
        try query(store) { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM judgment") ?? 0 }
    }
}
