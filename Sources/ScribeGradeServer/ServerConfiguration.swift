import Foundation
import ScribeGrade
import ScribeGradeProviders

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

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 8 << 20,
        viewersSeeExplanations: Bool = true, judges: ScribeGradeConfig? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        sessionLifetime: TimeInterval = 8 * 3600, secureCookies: Bool? = nil,
        bootstrap: BootstrapOptions = BootstrapOptions()
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
    }

    /// Whether `host` is a loopback address, reachable from this machine only.
    public static func isLoopback(_ host: String) -> Bool {
        LoopbackURL.isLoopbackHost(host)
    }

    var usesSecureCookies: Bool { secureCookies ?? !Self.isLoopback(host) }
}
