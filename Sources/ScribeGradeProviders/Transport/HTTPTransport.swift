import Foundation
import ScribeGrade

/// One HTTP request to a provider.
public struct HTTPRequest: Sendable {
    public var url: String
    public var method: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Seconds the whole exchange may take. Transports that can only time out per session
    /// (URLSession on Linux) use their session's timeout instead.
    public var timeout: Double

    public init(url: String, method: String = "POST", headers: [(name: String, value: String)] = [], body: [UInt8] = [], timeout: Double = 60) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// A provider's HTTP response.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// Why an exchange produced no HTTP response. Never carries request content or credentials.
public enum TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No complete response within the timeout.
    case timeout
    /// The connection could not be made, or broke before the response was complete
    /// (dropped connection, truncated body).
    case connection(String)
    /// The URL could not be used.
    case invalidURL(String)

    public var description: String {
        switch self {
        case .timeout: return "request timed out"
        case let .connection(detail): return "connection error (\(detail))"
        case let .invalidURL(url): return "invalid URL \(url)"
        }
    }
}

/// Sends HTTP requests to providers. Implementations: `AsyncHTTPClientTransport` (default) and
/// `URLSessionTransport` (the system libcurl, for its proxy and TLS handling).
public protocol HTTPTransport: Sendable {
    /// Sends a request and collects the whole response.
    ///
    /// - Throws: `TransportError` when no complete response arrived; HTTP error statuses are
    ///   responses, not errors.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse

    /// Releases connections; the transport is unusable afterwards.
    func shutdown() async throws
}
