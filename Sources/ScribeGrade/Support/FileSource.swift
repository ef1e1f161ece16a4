import Foundation

/// Read access to input files, the one seam through which loaders touch the disk, so that
/// rubric includes, note folders and transcript folders can be tested without one.
public protocol FileSource: Sendable {
    /// The file's text, UTF-8 (or UTF-16 with a byte-order mark, as Praat writes). Throws
    /// `InputError` naming the path when it cannot be read.
    func read(_ path: String) throws -> String
    /// The paths of the regular files directly inside `directory`, sorted.
    func files(in directory: String) throws -> [String]
    /// The paths of the directories directly inside `directory`, sorted.
    func directories(in directory: String) throws -> [String]
    func isDirectory(_ path: String) -> Bool
    func exists(_ path: String) -> Bool
}

/// The local file system.
public struct LocalFileSource: FileSource {
    public init() {}

    public func read(_ path: String) throws -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw InputError("no such file", at: SourceLocation(file: path))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError("cannot read file", at: SourceLocation(file: path))
        }
        // Praat saves TextGrids with non-ASCII text as UTF-16 with a byte-order mark.
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            guard let text = String(data: data, encoding: .utf16) else {
                throw InputError("file has a UTF-16 byte-order mark but is not valid UTF-16 text", at: SourceLocation(file: path))
            }
            return text
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw InputError("file is not valid UTF-8 text", at: SourceLocation(file: path))
        }
        return text
    }

    public func files(in directory: String) throws -> [String] {
        try entries(in: directory).filter { !isDirectory($0) }
    }

    public func directories(in directory: String) throws -> [String] {
        try entries(in: directory).filter { isDirectory($0) }
    }

    public func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    public func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    private func entries(in directory: String) throws -> [String] {
        guard isDirectory(directory) else {
            throw InputError(exists(directory) ? "not a directory" : "no such directory", at: SourceLocation(file: directory))
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        return names.filter { !$0.hasPrefix(".") }.sorted().map { "\(base)/\($0)" }
    }
}
