import Foundation

/// Writes to standard error: progress, warnings and summaries, never patient text.
enum Terminal {
    static let isInteractive = isatty(STDERR_FILENO) != 0

    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Rewrites the current stderr line on a terminal; prints whole lines otherwise.
    static func status(_ line: String, final: Bool = false) {
        if isInteractive {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line + (final ? "\n" : "")).utf8))
        } else {
            error(line)
        }
    }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
