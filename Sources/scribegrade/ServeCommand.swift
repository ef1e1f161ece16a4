import ArgumentParser
import Foundation
import Logging
import ScribeGrade
import ScribeGradeServer
import ScribeGradeStore

/// `scribegrade serve`: the grading service (REST API and web pages) over the run database.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the grading service: the REST API, the web pages and the review queue.",
        discussion: """
            Serves the API described at /openapi.yaml and the web pages (leaderboard, note pages, \
            calibration, review queue) over the same run database as the CLI. Every route but \
            /healthz and /login needs a token from `scribegrade token create`; browsers sign in \
            at /login. Listening beyond loopback with no token is refused. Slow clients are cut \
            off: a request head must arrive within --header-timeout, a stalled connection is \
            closed after --idle-timeout, and at most --max-connections are open at once. Stops cleanly on \
            SIGTERM or SIGINT: runs in flight are cancelled and stored `cancelled`, to resume \
            later.

            Judges for runs are the ones named in scribegrade.yaml (--config), and `baseline`.

            Examples:
              scribegrade token create --role admin --name alice
              scribegrade serve --port 8080
              scribegrade serve --host 0.0.0.0 --port 8443 --config scribegrade.yaml \\
                  --store /var/lib/scribegrade/runs.sqlite --hide-explanations-from-viewers
              curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/api/runs
            """)

    @Option(help: "Address to listen on (127.0.0.1 keeps the service on this machine).")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one (printed).")
    var port = 8080

    @Option(name: .customLong("store"), help: ArgumentHelp("The run database.", valueName: "path"))
    var storePath: String = SQLiteStore.defaultPath

    @Option(name: .customLong("config"), help: ArgumentHelp("The judges' configuration (default: $SCRIBEGRADE_CONFIG, else ./scribegrade.yaml when present).", valueName: "file"))
    var configPath: String?

    @Option(name: .customLong("max-body"), help: ArgumentHelp("Largest request body accepted, in bytes.", valueName: "bytes"))
    var maxBody = 8 << 20

    @Option(name: .customLong("max-connections"), help: ArgumentHelp("Connections open at once; more wait until one closes (default: half the file limit less 64, at most 1024).", valueName: "n"))
    var maxConnections: Int?

    @Option(name: .customLong("header-timeout"), help: ArgumentHelp("Seconds a connection has to send a complete request head.", valueName: "seconds"))
    var headerTimeout: Double = 10

    @Option(name: .customLong("idle-timeout"), help: ArgumentHelp("Seconds a connection may make no progress before it is closed.", valueName: "seconds"))
    var idleTimeout: Double = 60

    @Option(name: .customLong("review-dimension"), help: ArgumentHelp("A dimension the note-level review page (/review/notes) asks about when no stored ratings declare any: binary, ordinal:L1,L2,… or interval:LO:HI (repeatable).", valueName: "DIM=SCALE"))
    var reviewDimensions: [String] = []

    @Option(name: .customLong("review-budget"), help: ArgumentHelp("Answers the review queue draws its random sample for, per run, split equally between systems (default: 10% of the run's judged items, at least 50).", valueName: "n"))
    var reviewBudget: Int?

    @Flag(name: .customLong("hide-explanations-from-viewers"), help: "Do not show judges' explanations and evidence to viewer tokens.")
    var hideExplanations = false

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be from 0 to 65535.") }
        if maxBody < 1024 { throw ValidationError("--max-body must be at least 1024 bytes.") }
        if let maxConnections, maxConnections < 1 { throw ValidationError("--max-connections must be at least 1.") }
        if !(headerTimeout > 0 && headerTimeout <= 3600) { throw ValidationError("--header-timeout must be a number of seconds above 0, at most 3600.") }
        if !(idleTimeout > 0 && idleTimeout <= 3600) { throw ValidationError("--idle-timeout must be a number of seconds above 0, at most 3600.") }
        if let reviewBudget, reviewBudget < 1 { throw ValidationError("--review-budget must be at least 1.") }
        if Logger.Level(rawValue: logLevel) == nil { throw ValidationError("--log-level must be trace, debug, info, notice, warning, error or critical.") }
    }

    func run() async throws {
        // A service whose log reader has gone keeps serving rather than dying on SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let environment = ProcessInfo.processInfo.environment
        let (store, config, dimensions) = try Diagnostics.exitingOnInputError {
            let config = try configPath.map { try ScribeGradeConfig.load($0) }
                ?? ScribeGradeConfig.discover(in: FileManager.default.currentDirectoryPath, environment: environment)
            let dimensions = try NoteRatingsParser.scales(reviewDimensions, origin: "--review-dimension")
            return (try SQLiteStore(path: storePath), config, dimensions)
        }
        var logger = Logger(label: "scribegrade.server")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        var settings = ServerConfiguration(
            host: host, port: port, maxBodyBytes: maxBody, viewersSeeExplanations: !hideExplanations,
            judges: config, environment: environment,
            maxConnections: maxConnections ?? ServerConfiguration.defaultMaxConnections, headerTimeout: headerTimeout, idleTimeout: idleTimeout,
            reviewDimensions: dimensions)
        settings.reviewBudget = reviewBudget
        let service: GradingService
        do {
            service = try await GradingService(store: store, configuration: settings, logger: logger)
        } catch let refused as StartupRefused {
            Terminal.error("error: \(refused.description)")
            throw ExitCode(2)
        }
        let host = self.host
        try await service.application { port in
            Terminal.error("scribegrade serve: listening on http://\(host.contains(":") ? "[\(host)]" : host):\(port) (store \(store.path))")
        }.runService()
        Terminal.error("scribegrade serve: stopped")
    }
}
