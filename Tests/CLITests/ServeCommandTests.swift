import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

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
            "--header-timeout", "--idle-timeout", "--max-connections", "--review-budget",
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
        for (option, value) in [("--header-timeout", "0"), ("--idle-timeout", "-1"), ("--max-connections", "0"), ("--header-timeout", "nan"), ("--idle-timeout", "7200"), ("--review-budget", "0")] {
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

        /// `fileLimit` runs it under `ulimit -n` of that many files.
        init(_ extra: [String] = [], fileLimit: Int? = nil) throws {
            let directory = try CLIRunner.temporaryDirectory()
            let arguments = ["serve", "--port", "0", "--store", directory.appendingPathComponent("runs.sqlite").path] + extra
            if let fileLimit {
                process.executableURL = URL(fileURLWithPath: "/bin/sh")
                process.arguments = ["-c", "ulimit -n \(fileLimit) && exec \"$0\" \"$@\"", CLIRunner.executable.path] + arguments
            } else {
                process.executableURL = CLIRunner.executable
                process.arguments = arguments
            }
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

    /// A TCP connection to 127.0.0.1 written and read without blocking.
    final class Socket {
        let descriptor: Int32
        private(set) var received: [UInt8] = []
        private(set) var closedByServer = false

        init(port: Int) throws {
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard descriptor >= 0, connected == 0 else {
                if descriptor >= 0 { close(descriptor) }
                throw CocoaError(.fileReadUnknown)
            }
        }

        deinit { close(descriptor) }

        func send(_ text: String) {
            let bytes = Array(text.utf8)
            if Glibc.send(descriptor, bytes, bytes.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)) < 0, errno == EPIPE || errno == ECONNRESET {
                closedByServer = true
            }
        }

        func poll() {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !closedByServer {
                let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                if count > 0 {
                    received += buffer[0..<count]
                } else if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                    closedByServer = true
                } else {
                    return
                }
            }
        }
    }

    /// The probe's attack on the binary: more half-sent requests than the process may open
    /// files. Before, they took every descriptor and /healthz never answered; now the default
    /// connection cap keeps descriptors free and the header timeout cuts the slow ones off.
    @Test func aSlowlorisFloodBeyondTheFileLimitDoesNotStopHealthz() throws {
        let service = try Service(["--header-timeout", "1"], fileLimit: 256)
        defer { service.terminate() }
        let slow = try (0..<300).map { _ in try Socket(port: service.port) }
        for connection in slow { connection.send("GET /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a") }
        let health = try Socket(port: service.port)
        health.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        let deadline = Date().addingTimeInterval(30)
        var round = 0
        while Date() < deadline, !(health.closedByServer && slow.allSatisfy(\.closedByServer)) {
            for connection in slow where !connection.closedByServer {
                connection.send("a")
                connection.poll()
            }
            health.poll()
            round += 1
            usleep(100_000)
        }
        let text = String(decoding: health.received, as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 200") && text.contains("\"status\":\"ok\""), "healthz: \(text.prefix(40))")
        let open = slow.filter { !$0.closedByServer }.count
        #expect(open == 0, "\(open) of 300 slow connections still open after \(round) rounds")
    }
}
