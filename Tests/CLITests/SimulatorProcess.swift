import Foundation
import Testing

/// A running `scribegrade simulate` on a free loopback port, its URL read from the line it prints.
final class SimulatorProcess {
    let process = Process()
    /// `http://127.0.0.1:PORT`, or empty when the simulator printed no URL.
    let url: String
    /// The request log (`--request-log`), when one was asked for.
    let log: URL?
    /// Where its stderr goes: a file, so a chatty simulator never blocks on a full pipe.
    private let errors: URL

    init(_ arguments: [String], requestLog: URL? = nil) throws {
        log = requestLog
        process.executableURL = CLIRunner.executable
        process.arguments = ["simulate", "--port", "0"] + (requestLog.map { ["--request-log", $0.path] } ?? []) + arguments
        let out = Pipe()
        process.standardOutput = out
        errors = try CLIRunner.temporaryDirectory().appendingPathComponent("simulator.err")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        url = String(decoding: line, as: UTF8.self).components(separatedBy: "listening on ").last?.components(separatedBy: " ").first ?? ""
    }

    /// The request log's lines so far, as `(seq, item)` with item `system/encounter/rubric/criterion/sample`.
    func requests() throws -> [(seq: Int, item: String)] {
        let data = try Data(contentsOf: try #require(log))
        return try data.split(separator: UInt8(ascii: "\n")).map { line in
            let json = try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any])
            let criteria = json["criteria"] as? [String] ?? []
            let item = [json["system"], json["encounter"], json["rubric"], criteria.first, json["sample"]]
                .map { "\($0 ?? "?")" }.joined(separator: "/")
            return (json["seq"] as? Int ?? -1, item)
        }
    }

    /// How many requests the log holds so far.
    func lineCount() -> Int {
        guard let log, let data = try? Data(contentsOf: log) else { return 0 }
        return data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    /// Sends `signal`, waits for the exit, and returns the exit status and what was written to stderr.
    @discardableResult
    func stop(with signal: Int32 = SIGTERM) -> (status: Int32, stderr: String) {
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOf: errors, encoding: .utf8)) ?? "")
    }
}
