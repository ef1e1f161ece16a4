import Foundation
import Testing

/// `scribegrade token` and `scribegrade serve` as an operator uses them.
@Suite struct ServeCommandTests {
    @Test func tokensAreCreatedOnceListedWithoutSecretsAndRevoked() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let store = directory.appendingPathComponent("runs.sqlite").path
        let created = try CLIRunner.run(["token", "create", "--role", "reviewer", "--name", "dr-patel", "--store", store])
        #expect(created.status == 0, "\(created.stderr)")
        let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("sgt_") && token.count == 47)
        #expect(created.stderr.contains("named 'dr-patel'"))
        let duplicate = try CLIRunner.run(["token", "create", "--role", "viewer", "--name", "dr-patel", "--store", store])
        #expect(duplicate.status == 2)
        #expect(duplicate.stderr.contains("error: a token named 'dr-patel' already exists"))
        let badRole = try CLIRunner.run(["token", "create", "--role", "superuser", "--store", store])
        #expect(badRole.status != 0)

        let list = try CLIRunner.run(["token", "list", "--store", store])
        #expect(list.status == 0)
        #expect(list.stdout.contains("dr-patel") && list.stdout.contains("reviewer"))
        #expect(!list.stdout.contains(token) && !list.stdout.contains(String(token.dropFirst(4).prefix(10))))

        #expect(try CLIRunner.run(["token", "revoke", "dr-patel", "--store", store]).status == 0)
        let again = try CLIRunner.run(["token", "revoke", "dr-patel", "--store", store])
        #expect(again.status == 2)
        let revoked = try CLIRunner.run(["token", "list", "--store", store])
        let line = try #require(revoked.stdout.split(separator: "\n").first { $0.contains("dr-patel") })
        #expect(!line.hasSuffix("-"), "the revoked token shows its revocation time")
        let before = try #require(list.stdout.split(separator: "\n").first { $0.contains("dr-patel") })
        #expect(before.hasSuffix("-"))
    }

    @Test func serveHelpExplainsTokensShutdownAndGivesExamples() throws {
        let help = try CLIRunner.run(["serve", "--help"])
        #expect(help.status == 0)
        for phrase in [
            "/openapi.yaml", "scribegrade token create", "SIGTERM or", "Examples:", "scribegrade serve --port 8080", "--host", "--max-body",
            "--header-timeout", "--idle-timeout", "--max-connections",
        ] {
            #expect(help.stdout.contains(phrase), "serve --help lacks \(phrase)")
        }
        #expect(help.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 || $0.hasPrefix("USAGE") })
    }

    @Test func serveRefusesToListenBeyondLoopbackWithoutTokens() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let result = try CLIRunner.run(["serve", "--host", "0.0.0.0", "--port", "0", "--store", directory.appendingPathComponent("runs.sqlite").path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("refusing to listen on 0.0.0.0 with no API tokens"))
    }

    @Test(arguments: ["127.0.0.1.nip.io", "127.evil.com", "localhost.evil"])
    func serveRefusesANameThatOnlyLooksLikeLoopbackWithoutTokens(_ host: String) throws {
        let directory = try CLIRunner.temporaryDirectory()
        let result = try CLIRunner.run(["serve", "--host", host, "--port", "0", "--store", directory.appendingPathComponent("runs.sqlite").path])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("refusing to listen on \(host) with no API tokens"))
    }

    @Test func serveRefusesTimeoutsAndCapsThatCannotWork() throws {
        for (option, value) in [("--header-timeout", "0"), ("--idle-timeout", "-1"), ("--max-connections", "0"), ("--header-timeout", "nan"), ("--idle-timeout", "7200")] {
            let result = try CLIRunner.run(["serve", "--port", "0", "\(option)=\(value)"])
            #expect(result.status == 64, "\(option) \(value): a usage error")
            #expect(result.stderr.contains("\(option) must"), "\(option) \(value): \(result.stderr)")
        }
    }

    /// A `scribegrade serve` on a free port over a fresh store, its stderr a pipe.
    final class Service {
        let process = Process()
        let errors = Pipe()
        /// What it printed on stderr up to the service's own "listening on" line.
        var text = ""
        var port = 0

        init() throws {
            let directory = try CLIRunner.temporaryDirectory()
            process.executableURL = CLIRunner.executable
            process.arguments = ["serve", "--port", "0", "--store", directory.appendingPathComponent("runs.sqlite").path]
            process.currentDirectoryURL = directory
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(60)
            // Hummingbird logs its own "listening on" line first; wait for the service's, which names the store.
            while !text.contains("(store "), Date() < deadline, process.isRunning {
                let chunk = errors.fileHandleForReading.availableData
                if chunk.isEmpty { usleep(20_000) } else { text += String(decoding: chunk, as: UTF8.self) }
            }
            port = try #require(text.firstMatch(of: /listening on http:\/\/127\.0\.0\.1:(\d+)/).map { Int($0.1)! })
        }

        func health() throws -> String {
            String(decoding: try Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/healthz")!), as: UTF8.self)
        }

        /// Sends SIGTERM and waits for the exit.
        func terminate() {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }

        /// A failed expectation must not leave the service running.
        deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
    }

    @Test func serveAnswersThenStopsCleanlyOnSIGTERM() throws {
        let service = try Service()
        #expect(try service.health().contains("\"status\":\"ok\""))
        service.terminate()
        let text = service.text + String(decoding: service.errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(service.process.terminationReason == .exit)
        #expect(service.process.terminationStatus == 0)
        #expect(text.contains("scribegrade serve: stopped"))
    }

    @Test func serveWhoseLogReaderHasGoneStillAnswersAndStopsCleanly() throws {
        let service = try Service()
        // The reader goes away: every later log line meets a closed pipe.
        try service.errors.fileHandleForReading.close()
        for _ in 0..<3 {
            #expect(try service.health().contains("\"status\":\"ok\""))
        }
        service.terminate()
        #expect(service.process.terminationReason == .exit, "not killed by a signal or a trap")
        #expect(service.process.terminationStatus == 0)
    }
}
