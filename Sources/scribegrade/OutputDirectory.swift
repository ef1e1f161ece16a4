import Foundation
import ScribeGrade

/// Writes generated files under a directory, creating folders as needed, and reports
/// progress on standard error (file counts and ids only, never contents).
struct OutputDirectory {
    var root: String

    /// Writes every file; existing files of the same name are replaced.
    func write(_ files: [GeneratedFile], progressLabel: String? = nil) throws {
        let manager = FileManager.default
        for (index, file) in files.enumerated() {
            let url = URL(fileURLWithPath: root).appendingPathComponent(file.path)
            do {
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: url, options: .atomic)
            } catch {
                throw InputError("cannot write file: \(error.localizedDescription)", at: SourceLocation(file: url.path))
            }
            let step = max(25, files.count / 4)
            if let progressLabel, files.count >= 50, (index + 1) % step == 0 || index + 1 == files.count {
                Terminal.error("\(progressLabel): wrote \(index + 1)/\(files.count)")
            }
        }
    }
}
