import Foundation
import GRDB
import Testing

/// The real binary on run databases that cannot be used as asked — a full disk, a read-only
/// filesystem, files that are not a ScribeGrade store or are damaged: one sentence naming the
/// file and what to do, a non-zero exit status, no SQL, no SQLite error text, no Swift
/// `DecodingError`, and nothing stored lost.
///
/// Tests run as root, where file permissions do not stop writes; the full disk and the
/// read-only filesystem are a small tmpfs mounted for the test (and remounted read-only).
@Suite(.serialized) struct StoreErrorTests {
    static let rawErrorText = ["SQLite error", "SQL:", "SELECT", "PRAGMA", "COMMIT", "DecodingError", "dataCorrupted", "Fatal error"]

    static func expectNoRawError(_ stderr: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for text in rawErrorText {
            #expect(!stderr.contains(text), "stderr shows '\(text)': \(stderr.suffix(300))", sourceLocation: sourceLocation)
        }
    }

    /// A tmpfs of `size` mounted on a fresh directory; unmounted by `unmount()`.
    struct TmpFS {
        let directory: URL

        init(size: String) throws {
            directory = try CLIRunner.temporaryDirectory()
            try Self.mount(["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", directory.path])
        }

        func remount(_ options: String) throws {
            try Self.mount(["-o", "remount,\(options)", directory.path])
        }

        func unmount() {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/umount")
            process.arguments = ["-l", directory.path]
            try? process.run()
            process.waitUntilExit()
        }

        static func mount(_ arguments: [String]) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/mount")
            process.arguments = arguments
            try process.run()
            process.waitUntilExit()
            try #require(process.terminationStatus == 0, "mount \(arguments.joined(separator: " ")) (the tests need root)")
        }
    }

    static func grade(store: URL, rubrics: [String] = ["Rubrics/primock57"]) throws -> CLIRunner.Result {
        try CLIRunner.run(
            ["grade", "--notes", "Examples/primock57/notes", "--judge", "baseline", "--store", store.path]
                + rubrics.flatMap { ["--rubrics", $0] })
    }

    static func judgmentCount(_ store: URL) throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: store.path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM judgment WHERE verdict IS NOT NULL") ?? 0 }
    }

    @Test func aFullDiskStopsGradeWithOneSentenceAndTheSameCommandResumesOnceThereIsSpace() throws {
        let disk = try TmpFS(size: "2m")
        defer { disk.unmount() }
        let store = disk.directory.appendingPathComponent("runs.sqlite")

        let full = try Self.grade(store: store)
        #expect(full.status == 1)
        #expect(full.stderr.contains("\(store.path): error: the disk holding the run database is full; free space and run the same command again"), "\(full.stderr.suffix(400))")
        Self.expectNoRawError(full.stderr)
        let storedBefore = try Self.judgmentCount(store)
        #expect(storedBefore > 0 && storedBefore < 4059, "part of the run was stored before the disk filled (\(storedBefore))")

        try disk.remount("size=64m")
        let resumed = try Self.grade(store: store)
        #expect(resumed.status == 0, "\(resumed.stderr.suffix(400))")
        #expect(resumed.stderr.contains("(\(storedBefore) reused)") || resumed.stderr.contains("\(storedBefore) reused"), "the resumed run reused what was stored: \(resumed.stderr.suffix(300))")
        #expect(try Self.judgmentCount(store) == 4059)
    }

    @Test func aStoreOnAReadOnlyFilesystemIsReadByReportAndRunsAndRefusedByGradeWithOneSentence() throws {
        let disk = try TmpFS(size: "16m")
        defer { disk.unmount() }
        let store = disk.directory.appendingPathComponent("runs.sqlite")
        let rubric = ["Rubrics/primock57/day1_consultation01_clinician_1.yaml"]
        let first = try Self.grade(store: store, rubrics: rubric)
        #expect(first.status == 0)
        let expected = try CLIRunner.run(["report", "latest", "--format", "json", "--store", store.path])
        #expect(expected.status == 0)

        try disk.remount("ro")
        let runs = try CLIRunner.run(["runs", "--store", store.path])
        #expect(runs.status == 0, "\(runs.stderr)")
        #expect(runs.stdout.contains("completed"))
        let report = try CLIRunner.run(["report", "latest", "--format", "json", "--store", store.path])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout == expected.stdout)
        let ratings = try CLIRunner.run(["ratings", "list", "--store", store.path])
        #expect(ratings.status == 0, "\(ratings.stderr)")

        let grade = try Self.grade(store: store, rubrics: rubric)
        #expect(grade.status == 1)
        #expect(grade.stderr.contains("\(store.path): error: the run database is read-only; make the file and its directory writable, or pass --store with a writable path"), "\(grade.stderr)")
        Self.expectNoRawError(grade.stderr)
    }

    /// A file of random bytes, a SQLite database of another program, a truncated store and a
    /// store whose run record does not decode.
    static func damagedStores(in directory: URL) throws -> [(String, URL)] {
        var generator = SystemRandomNumberGenerator()
        let random = directory.appendingPathComponent("random.sqlite")
        try Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: random)

        let other = directory.appendingPathComponent("other.sqlite")
        let otherQueue = try DatabaseQueue(path: other.path)
        try otherQueue.write { db in try db.execute(sql: "CREATE TABLE run (id TEXT); INSERT INTO run VALUES ('x')") }
        try otherQueue.close()

        let truncated = directory.appendingPathComponent("truncated.sqlite")
        #expect(try Self.grade(store: truncated).status == 0)
        let handle = try FileHandle(forWritingTo: truncated)
        try handle.truncate(atOffset: try handle.seekToEnd() / 3)
        try handle.close()

        let undecodable = directory.appendingPathComponent("undecodable.sqlite")
        #expect(try Self.grade(store: undecodable, rubrics: ["Rubrics/primock57/day1_consultation01_clinician_1.yaml"]).status == 0)
        let queue = try DatabaseQueue(path: undecodable.path)
        try queue.write { db in try db.execute(sql: "UPDATE run SET record = x'7b226964223a'") }
        try queue.close()
        return [("random bytes", random), ("another schema", other), ("truncated", truncated), ("undecodable", undecodable)]
    }

    @Test func aFileThatIsNotAStoreOrIsDamagedGetsOneSentenceFromEveryCommandAndIsNotChanged() throws {
        let directory = try CLIRunner.temporaryDirectory()
        for (kind, store) in try Self.damagedStores(in: directory) {
            let before = try Data(contentsOf: store)
            var commands = [["report", "latest", "--store", store.path], ["runs", "--store", store.path]]
            if kind != "truncated" && kind != "undecodable" {
                // Grading into a file that is not a store must not add tables to it.
                commands.append(["grade", "--notes", "Examples/primock57/notes", "--judge", "baseline", "--rubrics", "Rubrics/primock57", "--store", store.path])
            }
            for arguments in commands where !(kind == "truncated" && arguments[0] == "runs") {
                let result = try CLIRunner.run(arguments)
                #expect(result.status == 1, "\(kind), \(arguments[0]): exit \(result.status)")
                #expect(result.stderr.contains("\(store.path): error: not a ScribeGrade run database, or it is damaged; pass --store with the right file, or move this one aside"),
                        "\(kind), \(arguments[0]): \(result.stderr.suffix(300))")
                Self.expectNoRawError(result.stderr)
            }
            if kind != "truncated" && kind != "undecodable" {
                #expect(try Data(contentsOf: store) == before, "\(kind): the file is left as it was")
            }
        }
    }
}
