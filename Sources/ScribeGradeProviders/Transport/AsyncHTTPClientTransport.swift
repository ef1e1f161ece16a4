import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The default transport: AsyncHTTPClient on SwiftNIO, with a connection pool sized for
/// hundreds of requests in flight to one host.
public final class AsyncHTTPClientTransport: HTTPTransport {
    let client: HTTPClient
    /// Largest response body accepted.
    let maxBodyBytes: Int

    /// - Parameters:
    ///   - connectionsPerHost: connections kept to one host; requests beyond wait for one.
    ///   - connectTimeout: seconds to establish a connection.
    public init(connectionsPerHost: Int = 512, connectTimeout: Double = 10, maxBodyBytes: Int = 16 << 20) {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connectionsPerHost)
        configuration.timeout = .init(connect: .milliseconds(Int64(connectTimeout * 1000)))
        configuration.decompression = .disabled
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.maxBodyBytes = maxBodyBytes
    }

    /// One process-wide transport that is never shut down, for callers that do not manage its
    /// lifetime (the CLI).
    public static let shared = AsyncHTTPClientTransport()

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        let deadline = NIODeadline.now() + .milliseconds(Int64(request.timeout * 1000))
        do {
            let response = try await client.execute(outgoing, deadline: deadline)
            let body = try await response.body.collect(upTo: maxBodyBytes)
            return HTTPResponse(
                status: Int(response.status.code),
                headers: response.headers.map { (name: $0.name, value: $0.value) },
                body: Array(body.readableBytesView))
        } catch let error as HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout, .socksHandshakeTimeout, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout:
                throw TransportError.timeout
            case .invalidURL, .emptyHost, .emptyScheme:
                throw TransportError.invalidURL(request.url)
            default:
                throw TransportError.connection(Self.describe(error))
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw TransportError.connection(Self.describe(error))
        }
    }

    /// A short, content-free name for an error (its type and case).
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        return String(text.prefix(120))
    }

    public func shutdown() async throws {
        guard self !== Self.shared else { return }
        try await client.shutdown()
    }
}
