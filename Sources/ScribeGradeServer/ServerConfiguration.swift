import Foundation
import ScribeGrade
import ScribeGradeProviders
#if canImport(Glibc)
import Glibc
private let RLIMIT_NOFILE_VALUE = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
#elseif canImport(Darwin)
import Darwin
private let RLIMIT_NOFILE_VALUE = RLIMIT_NOFILE
#endif

/// How the grading service runs: where it listens, what it accepts, and who sees what.
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port.
    public var port: Int
    /// The largest request body accepted, in bytes; larger ones get 413.
    public var maxBodyBytes: Int
    /// Whether viewer tokens are shown judges' explanations and evidence quotes.
    public var viewersSeeExplanations: Bool
    /// Named judges for runs (`scribegrade.yaml`); `nil` allows only `baseline` and inline specs.
    public var judges: ScribeGradeConfig?
    /// Where API keys are read from.
    public var environment: [String: String]
    /// How long a browser session started at `/login` lasts, in seconds.
    public var sessionLifetime: TimeInterval
    /// Mark the session cookie `Secure`. `nil` decides by the bind address: secure unless the
    /// service listens on loopback only (where browsers are reached over plain HTTP).
    public var secureCookies: Bool?
    /// Bootstrap settings of the reports the service builds.
    public var bootstrap: BootstrapOptions
    /// Connections open at once; more wait in the listen backlog until one closes, so a flood
    /// of connections cannot take every file descriptor. Default: half the process's file
    /// limit less 64, at most 1,024.
    public var maxConnections: Int
    /// Seconds a connection has to deliver a complete request head, from opening or from its
    /// previous response; bytes trickling in do not extend it (slowloris).
    public var headerTimeout: TimeInterval
    /// Seconds a connection may make no progress (a stalled request body, an idle keep-alive
    /// connection) before it is closed.
    public var idleTimeout: TimeInterval
    /// The answers the review queue draws for, per run, split equally between systems
    /// (`serve --review-budget`); nil: 10% of the run's judged items, at least 50.
    public var reviewBudget: Int?
    /// The dimensions the note-level review page (`/review/notes`) asks about when the store
    /// declares none (`serve --review-dimension DIM=SCALE`); scales declared by stored rating
    /// sources take precedence.
    public var reviewDimensions: [String: NoteRatingScale]

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 8 << 20,
        viewersSeeExplanations: Bool = true, judges: ScribeGradeConfig? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        sessionLifetime: TimeInterval = 8 * 3600, secureCookies: Bool? = nil,
        bootstrap: BootstrapOptions = BootstrapOptions(),
        maxConnections: Int = ServerConfiguration.defaultMaxConnections, headerTimeout: TimeInterval = 10, idleTimeout: TimeInterval = 60,
        reviewDimensions: [String: NoteRatingScale] = [:]
    ) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.viewersSeeExplanations = viewersSeeExplanations
        self.judges = judges
        self.environment = environment
        self.sessionLifetime = sessionLifetime
        self.secureCookies = secureCookies
        self.bootstrap = bootstrap
        self.maxConnections = maxConnections
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.reviewDimensions = reviewDimensions
    }

    /// Half of what the process may open (`RLIMIT_NOFILE`) less 64 for the store and the
    /// judges' connections, between 16 and 1,024.
    public static var defaultMaxConnections: Int {
        var limit = rlimit()
        guard getrlimit(RLIMIT_NOFILE_VALUE, &limit) == 0, limit.rlim_cur < rlim_t(Int32.max) else { return 1024 }
        return min(1024, max(16, (Int(clamping: limit.rlim_cur) - 64) / 2))
    }

    /// Whether `host` is a loopback address, reachable from this machine only.
    public static func isLoopback(_ host: String) -> Bool {
        LoopbackURL.isLoopbackHost(host)
    }

    var usesSecureCookies: Bool { secureCookies ?? !Self.isLoopback(host) }
}
