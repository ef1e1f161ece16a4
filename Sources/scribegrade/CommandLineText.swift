import Foundation

/// The command line this process was started with, quoted for a POSIX shell, so a user can
/// run exactly the same command again (to resume a run).
enum CommandLineText {
    static var current: String {
        CommandLine.arguments.map(quoted).joined(separator: " ")
    }

    /// `word` as is when it holds only characters a shell leaves alone, else in single quotes.
    static func quoted(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) && $0.isASCII || "_-./:@=,+%".unicodeScalars.contains($0)
        }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
