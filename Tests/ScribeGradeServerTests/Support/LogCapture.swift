import Foundation
import Logging
import Synchronization

/// A log handler keeping every line (message and metadata) in memory, so tests can read what
/// the service logged.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    var text: String { lines.withLock { $0.joined(separator: "\n") } }
    var count: Int { lines.withLock { $0.count } }

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    /// A logger at `trace` level writing here.
    func logger(label: String = "scribegrade.test") -> Logger {
        Logger(label: label) { label in
            var handler = Handler(capture: self, label: label)
            handler.logLevel = .trace
            return handler
        }
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        let label: String
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            let error = event.error.map { " error=\($0)" } ?? ""
            capture.append("\(event.level) \(label): \(event.message) \(fields)\(error) [\(event.source) \(event.file):\(event.line)]")
        }
    }
}
