import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who holds a claim on a question: a process (host, pid and the process's start time, so a
/// reused pid is not mistaken for it) and a holder within it (one run engine).
///
/// Stored as `claimed_by`, the four fields separated by spaces, host first.
struct ClaimOwner: Sendable, Hashable {
    var host: String
    var pid: Int32
    /// The process's start time in clock ticks after boot (`/proc/PID/stat` field 22); empty
    /// where `/proc` does not exist.
    var started: String
    var holder: String

    var id: String { "\(host) \(pid) \(started.isEmpty ? "-" : started) \(holder)" }

    init(host: String, pid: Int32, started: String, holder: String) {
        self.host = host
        self.pid = pid
        self.started = started
        self.holder = holder
    }

    init?(parsing id: String) {
        let fields = id.split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count >= 4, let pid = Int32(fields[fields.count - 3]) else { return nil }
        host = fields[..<(fields.count - 3)].joined(separator: " ")
        self.pid = pid
        started = fields[fields.count - 2] == "-" ? "" : String(fields[fields.count - 2])
        holder = String(fields[fields.count - 1])
    }

    /// This process, for `holder`.
    static func current(holder: String) -> ClaimOwner {
        ClaimOwner(host: ProcessIdentity.host, pid: ProcessIdentity.pid, started: ProcessIdentity.started, holder: holder)
    }

    /// Whether the owning process is known to be gone: it ran on this host and no live process
    /// has its pid and start time. A process on another host is never known to be gone; its
    /// claims end when their lease does.
    var processIsGone: Bool {
        guard host == ProcessIdentity.host else { return false }
        if pid == ProcessIdentity.pid { return started != ProcessIdentity.started }
        guard pid > 0 else { return true }
        if kill(pid, 0) != 0 && errno == ESRCH { return true }
        guard let stat = ProcessIdentity.stat(of: pid) else { return false }
        // A zombie (killed, not yet reaped) holds nothing; another start time is another process.
        return stat.state == "Z" || stat.state == "X" || (!started.isEmpty && stat.started != started)
    }
}

/// This process as claims name it.
enum ProcessIdentity {
    static let host: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(cString: buffer).replacingOccurrences(of: " ", with: "_")
        return name.isEmpty ? "localhost" : name
    }()

    static let pid: Int32 = getpid()

    static let started: String = stat(of: getpid())?.started ?? ""

    /// The state letter and start time of a process, from `/proc/PID/stat`; nil without `/proc`
    /// or when there is no such process.
    static func stat(of pid: Int32) -> (state: String, started: String)? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        // The command name (field 2) is in parentheses and may hold spaces: fields follow the last ')'.
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state); field 22 (start time) is fields[19].
        guard fields.count > 19 else { return nil }
        return (String(fields[0]), String(fields[19]))
    }
}
