import Hummingbird

/// The request context of the grading service: Hummingbird's core storage plus who is calling.
public struct ServerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `RouteTable` before a protected handler runs.
    public var identity: Identity?
    /// The CSRF token of the browser session the request came with, if it came with one.
    var sessionCSRF: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// The caller; only protected routes run handlers, so it is always set there.
    var caller: Identity {
        get throws {
            guard let identity else { throw Problem.unauthorized("a bearer token is required") }
            return identity
        }
    }
}
