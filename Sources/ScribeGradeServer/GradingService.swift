import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ScribeGrade
import ScribeGradeProviders
import ScribeGradeStore
import ServiceLifecycle

/// The grading service: the REST API, the web pages and the runs they start, over one store.
///
/// ```swift
/// let service = try await GradingService(store: SQLiteStore(path: path), configuration: ServerConfiguration())
/// try await service.application().runService()   // until SIGTERM or SIGINT
/// ```
public struct GradingService: Sendable {
    let backend: Backend

    /// Builds the service.
    ///
    /// - Throws: `StartupRefused` when the configuration listens beyond loopback and the store
    ///   holds no active token.
    public init(store: SQLiteStore, configuration: ServerConfiguration, logger: Logger = Logger(label: "scribegrade.server")) async throws {
        let authenticator = Authenticator(store: store)
        if !ServerConfiguration.isLoopback(configuration.host), try await !authenticator.hasActiveTokens() {
            throw StartupRefused(host: configuration.host)
        }
        let metrics = ServiceMetrics()
        let transports = TransportPool()
        backend = Backend(
            store: store, configuration: configuration,
            runs: RunCoordinator(store: store, metrics: metrics, transports: transports, logger: logger),
            metrics: metrics, sessions: SessionStore(lifetime: configuration.sessionLifetime),
            authenticator: authenticator, transports: transports, logger: logger)
    }

    /// The service's metrics (Prometheus registry).
    public var metrics: ServiceMetrics { backend.metrics }

    /// The router with every route of the API and the pages.
    public func router() -> Router<ServerRequestContext> {
        let router = Router(context: ServerRequestContext.self)
        router.add(middleware: RequestMetricsMiddleware(metrics: backend.metrics))
        // Method and path only: paths hold ids, never patient text; neither queries nor headers
        // (tokens) are logged.
        router.add(middleware: RequestLogMiddleware(level: .info))
        let index = RouteIndex()
        router.add(middleware: ContentTypeOptionsMiddleware())
        router.add(middleware: ProblemMiddleware(maxBodyBytes: backend.configuration.maxBodyBytes, routes: index))
        router.add(middleware: QueryCredentialMiddleware())
        let routes = RouteTable(router: router, backend: backend, index: index)
        SystemRoutes(backend: backend).register(routes)
        RubricRoutes(backend: backend).register(routes)
        EncounterRoutes(backend: backend).register(routes)
        NoteRoutes(backend: backend).register(routes)
        RunRoutes(backend: backend).register(routes)
        RatingRoutes(backend: backend).register(routes)
        ReviewRoutes(backend: backend).register(routes)
        LoginPage(backend: backend).register(routes)
        LeaderboardPage(backend: backend).register(routes)
        NotePage(backend: backend).register(routes)
        CalibrationPage(backend: backend).register(routes)
        ReviewPage(backend: backend).register(routes)
        NoteReviewPage(backend: backend).register(routes)
        return router
    }

    /// The Hummingbird application: the HTTP server, and the run coordinator as a service that
    /// cancels runs in flight on graceful shutdown, recording them `cancelled`.
    ///
    /// Slow and idle clients cannot hold the server: at most `maxConnections` are open at once
    /// (more wait in the listen backlog), a request head must arrive within `headerTimeout`,
    /// and a connection making no progress is closed after `idleTimeout`.
    public func application(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let settings = backend.configuration
        let headerTimeout = TimeAmount.nanoseconds(Int64(settings.headerTimeout * 1e9))
        return Application(
            router: router(),
            server: .http1(configuration: HTTP1Channel.Configuration(
                additionalChannelHandlers: [HeaderReadTimeoutHandler(timeout: headerTimeout)],
                idleTimeout: .nanoseconds(Int64(settings.idleTimeout * 1e9)))),
            configuration: ApplicationConfiguration(
                address: .hostname(settings.host, port: settings.port), serverName: nil,
                availableConnectionsDelegate: MaximumAvailableConnections(settings.maxConnections, logger: backend.logger)),
            services: [backend.runs],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: backend.logger)
    }
}

/// The service would listen beyond this machine with no token to check requests against.
public struct StartupRefused: Error, CustomStringConvertible, Sendable {
    public var host: String

    public var description: String {
        "refusing to listen on \(host) with no API tokens: anyone who can reach it could read patient data. Create a token first (scribegrade token create --role admin), or listen on 127.0.0.1."
    }
}
