import Foundation

/// Writes to standard error: progress, warnings and summaries, never patient text.
enum Terminal {
    static let isInteractive = isatty(STDERR_FILENO) != 0

    static func error(_ line: String) {
        put(FileHandle.standardError, line + "\n")
    }

    /// Rewrites the current stderr line on a terminal; prints whole lines otherwise.
    static func status(_ line: String, final: Bool = false) {
        if isInteractive {
            put(FileHandle.standardError, "\r\u{1B}[K" + line + (final ? "\n" : ""))
        } else {
            error(line)
        }
    }

    static func write(_ text: String) {
        put(FileHandle.standardOutput, text)
    }

    static func write(_ data: Data) {
        put(FileHandle.standardOutput, data)
    }

    /// Writes, ignoring a closed stream: `FileHandle.write(_:)` traps when the reader has gone,
    /// which would turn a closed log pipe into a crash of a service shutting down.
    private static func put(_ handle: FileHandle, _ text: String) {
        put(handle, Data(text.utf8))
    }

    private static func put(_ handle: FileHandle, _ data: Data) {
        try? handle.write(contentsOf: data)
    }
}
