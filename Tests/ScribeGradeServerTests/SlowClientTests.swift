import Foundation
import Hummingbird
import ServiceLifecycle
import Testing
@testable import ScribeGradeServer
import ScribeGradeStore
#if canImport(Glibc)
import Glibc
#endif

/// Slow and idle clients (slowloris) against the real service on a loopback port, over raw
/// sockets: connections that never finish their request head are closed, a flood of them
/// waits behind the connection cap instead of taking every file descriptor, and a fresh
/// client is still answered.
@Suite struct SlowClientTests {
    /// A TCP connection to 127.0.0.1 that the test drives byte by byte, never blocking.
    final class RawConnection {
        let descriptor: Int32
        private(set) var received: [UInt8] = []
        private(set) var closedByServer = false

        init(port: Int) throws {
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { throw Failure("socket: errno \(errno)") }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard result == 0 else {
                close(descriptor)
                throw Failure("connect: errno \(errno)")
            }
        }

        private var isOpen = true

        /// Closes the test's end (once).
        func shutdown() {
            if isOpen { close(descriptor) }
            isOpen = false
        }

        deinit { shutdown() }

        /// Sends without waiting; a connection the server closed is marked closed.
        func send(_ text: String) {
            let bytes = Array(text.utf8)
            let sent = Glibc.send(descriptor, bytes, bytes.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
            if sent < 0, errno == EPIPE || errno == ECONNRESET { closedByServer = true }
        }

        /// Reads what has arrived without waiting; end of file or a reset marks it closed.
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

        var text: String { String(decoding: received, as: UTF8.self) }
    }

    /// Runs the service with `configuration` on a free loopback port until `body` returns.
    static func withService<T: Sendable>(_ configuration: ServerConfiguration, _ body: @escaping @Sendable (Int) async throws -> T) async throws -> T {
        let store = try SQLiteStore(path: TestService.temporaryStorePath())
        var configuration = configuration
        configuration.port = 0
        let service = try await GradingService(store: store, configuration: configuration, logger: LogCapture().logger())
        let port = AsyncStream<Int>.makeStream()
        let application = service.application { port.continuation.yield($0) }
        let group = ServiceGroup(services: [application], logger: LogCapture().logger())
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            defer { tasks.cancelAll() }
            var ports = port.stream.makeAsyncIterator()
            guard let bound = await ports.next() else { throw Failure("the service did not start") }
            let result = try await body(bound)
            await group.triggerGracefulShutdown()
            return result
        }
    }

    /// `GET /healthz` on a fresh connection; the response, or nil if none came by `deadline`.
    static func health(port: Int, deadline: Date) async throws -> String? {
        let connection = try RawConnection(port: port)
        connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        while Date() < deadline {
            connection.poll()
            if connection.closedByServer || connection.text.contains("\"status\":\"ok\"") { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        return connection.received.isEmpty ? nil : connection.text
    }

    @Test func slowlorisConnectionsAreClosedAndAFreshClientIsStillAnswered() async throws {
        let (count, cap, headerTimeout) = (200, 40, 1.0)
        let configuration = ServerConfiguration(port: 0, environment: [:], maxConnections: cap, headerTimeout: headerTimeout, idleTimeout: 30)
        try await Self.withService(configuration) { port in
            // Half send a partial head a byte at a time, half send nothing.
            let head = Array("GET /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + String(repeating: "a", count: 400))
            let slow = try (0..<count).map { _ in try RawConnection(port: port) }
            let started = Date()
            // Every slow connection is accepted after at most count/cap rounds of the header
            // timeout, then closed within one more: the bound the server keeps, with slack.
            let closeDeadline = started.addingTimeInterval(headerTimeout * Double((count + cap - 1) / cap + 1) + 10)
            var health: String?
            var healthChecked = false
            var step = 0
            while Date() < closeDeadline {
                for (index, connection) in slow.enumerated() where !connection.closedByServer {
                    if index % 2 == 0, step < head.count { connection.send(String(head[step])) }
                    connection.poll()
                }
                step += 1
                if !healthChecked, step == 5 {
                    // While the flood holds every slot, a fresh client is still answered.
                    health = try await Self.health(port: port, deadline: closeDeadline)
                    healthChecked = true
                }
                if healthChecked, slow.allSatisfy(\.closedByServer) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(health?.hasPrefix("HTTP/1.1 200") == true, "healthz: \(health.map { String($0.prefix(40)) } ?? "no answer")")
            let open = slow.filter { !$0.closedByServer }.count
            #expect(open == 0, "\(open) of \(count) slow connections still open")
            #expect(slow.allSatisfy { $0.received.isEmpty }, "a slow connection got a response to a head it never finished")
        }
    }

    @Test func connectionsBeyondTheCapWaitUntilOneCloses() async throws {
        let configuration = ServerConfiguration(port: 0, environment: [:], maxConnections: 4, headerTimeout: 60, idleTimeout: 60)
        try await Self.withService(configuration) { port in
            let holders = try (0..<4).map { _ in try RawConnection(port: port) }
            try await Task.sleep(for: .milliseconds(200))
            // The fifth waits in the backlog: no answer while four connections are open…
            let waiting = try RawConnection(port: port)
            waiting.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            let quiet = Date().addingTimeInterval(1)
            while Date() < quiet {
                waiting.poll()
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(waiting.received.isEmpty, "answered beyond the cap: \(waiting.text.prefix(20))")
            // …and is answered once one of them closes.
            holders[0].shutdown()
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline, !waiting.text.contains("\"status\":\"ok\"") {
                waiting.poll()
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(waiting.text.hasPrefix("HTTP/1.1 200"), "\(waiting.text.prefix(40))")
            _ = holders
        }
    }

    @Test func aStalledRequestBodyIsClosedAfterTheIdleTimeout() async throws {
        let configuration = ServerConfiguration(port: 0, environment: [:], maxConnections: 16, headerTimeout: 30, idleTimeout: 1)
        try await Self.withService(configuration) { port in
            let stalled = try RawConnection(port: port)
            stalled.send("POST /api/notes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"system\":")
            let deadline = Date().addingTimeInterval(1 + 10)
            while Date() < deadline, !stalled.closedByServer {
                stalled.poll()
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(stalled.closedByServer)
        }
    }
}
