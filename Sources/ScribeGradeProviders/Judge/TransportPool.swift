import Foundation
import ScribeGrade

/// The transports of a process's judges: one AsyncHTTPClient for all of them (its pool serves
/// every host), one URLSession per timeout (URLSession on Linux times out per session only).
///
/// Without `connectionsPerHost` the AsyncHTTPClient transport is the process-wide
/// `AsyncHTTPClientTransport.shared` (512 connections per host), which needs no shutdown; with
/// it the pool owns a client of that size and `shutdown()` must be called.
public final class TransportPool: @unchecked Sendable {
    private let lock = NSLock()
    private var asyncHTTPClient: AsyncHTTPClientTransport?
    private var sessions: [Double: URLSessionTransport] = [:]
    let connectionsPerHost: Int?

    public init(connectionsPerHost: Int? = nil) {
        self.connectionsPerHost = connectionsPerHost
    }

    public func transport(_ kind: TransportKind, timeout: Double) -> any HTTPTransport {
        lock.withLock {
            switch kind {
            case .asyncHTTPClient:
                if let existing = asyncHTTPClient { return existing }
                let created = connectionsPerHost.map { AsyncHTTPClientTransport(connectionsPerHost: $0) } ?? .shared
                asyncHTTPClient = created
                return created
            case .urlSession:
                if let existing = sessions[timeout] { return existing }
                let created = URLSessionTransport(timeout: timeout, connectionsPerHost: connectionsPerHost ?? 512)
                sessions[timeout] = created
                return created
            }
        }
    }

    /// Shuts every transport down; call once when the judges are done.
    public func shutdown() async throws {
        let (client, open) = lock.withLock {
            defer { asyncHTTPClient = nil; sessions = [:] }
            return (asyncHTTPClient, Array(sessions.values))
        }
        try await client?.shutdown()
        for session in open { try await session.shutdown() }
    }
}
