import Foundation

/// Dates as HTTP headers write them. Called under the engine's lock, which serialises the
/// shared formatters.
enum HTTPDate {
    nonisolated(unsafe) static let httpFormatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }()

    nonisolated(unsafe) static let isoFormatter: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter
    }()

    static func now() -> String { httpFormatter.string(from: Date()) }

    static func rfc3339(_ date: Date) -> String { isoFormatter.string(from: date) }
}
