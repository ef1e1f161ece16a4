import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A transport on URLSession (FoundationNetworking over the system libcurl on Linux), for
/// deployments that need libcurl's proxy and TLS handling.
///
/// URLSession on Linux ignores per-request timeouts, so the timeout is set on the session's
/// configuration: one transport per timeout.
public final class URLSessionTransport: HTTPTransport, @unchecked Sendable {
    let session: URLSession
    public let timeout: Double

    public init(timeout: Double = 60, connectionsPerHost: Int = 512) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.httpMaximumConnectionsPerHost = connectionsPerHost
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration)
        self.timeout = timeout
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let url = URL(string: request.url), url.scheme == "http" || url.scheme == "https" else {
            throw TransportError.invalidURL(request.url)
        }
        var outgoing = URLRequest(url: url)
        outgoing.httpMethod = request.method
        for header in request.headers { outgoing.addValue(header.value, forHTTPHeaderField: header.name) }
        outgoing.httpBody = Data(request.body)
        do {
            let (data, response) = try await session.data(for: outgoing)
            guard let http = response as? HTTPURLResponse else { throw TransportError.connection("not an HTTP response") }
            let headers = http.allHeaderFields.compactMap { key, value -> (name: String, value: String)? in
                guard let name = key as? String else { return nil }
                return (name: name, value: "\(value)")
            }
            return HTTPResponse(status: http.statusCode, headers: headers, body: Array(data))
        } catch let error as URLError {
            switch error.code {
            case .timedOut: throw TransportError.timeout
            case .cancelled: throw CancellationError()
            case .badURL, .unsupportedURL: throw TransportError.invalidURL(request.url)
            default: throw TransportError.connection("URLError \(error.code.rawValue)")
            }
        } catch let error as TransportError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw TransportError.connection(String(describing: type(of: error)))
        }
    }

    public func shutdown() async throws {
        session.invalidateAndCancel()
    }
}
