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
    /// `path` with every symbolic link followed, normalized (see `Paths.normalize`): what a
    /// check that a file lies inside a directory must compare. A path that does not exist is
    /// made absolute and normalized. Sources without links (the default) normalize `path`.
    func realPath(_ path: String) -> String
}

extension FileSource {
    public func realPath(_ path: String) -> String {
        Paths.normalize(path)
    }
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
        return try Self.text(of: data, path: path)
    }

    /// A file's bytes as text: UTF-8, or UTF-16 when it starts with a byte-order mark. Throws
    /// `InputError` naming `path` otherwise.
    public static func text(of data: Data, path: String) throws -> String {
        // Praat saves TextGrids with non-ASCII text as UTF-16 with a byte-order mark.
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            guard let text = String(data: data, encoding: .utf16) else {
                throw InputError("file has a UTF-16 byte-order mark but is not valid UTF-16 text", at: SourceLocation(file: path))
            }
            return text
        }
        return try UTF8Text.decode(data, path: path)
    }

    public func realPath(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        return Paths.normalize(path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path)
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

/// Bytes that should be UTF-8 text, from a file or an upload.
public enum UTF8Text {
    /// `data` as text; throws `InputError` at the line and column of the first byte that is not
    /// UTF-8, naming the byte (never the text around it).
    public static func decode(_ data: Data, path: String) throws -> String {
        if let text = String(data: data, encoding: .utf8) { return text }
        let invalid = firstInvalid(in: data)
        let byte = invalid.map { ": byte 0x\(String($0.byte, radix: 16, uppercase: true)) does not form a character here; save it as UTF-8" } ?? ""
        throw InputError(
            "file is not valid UTF-8 text\(byte)", at: SourceLocation(file: path, line: invalid?.line, column: invalid?.column))
    }

    /// The first byte of `data` that does not begin a valid UTF-8 sequence, at its 1-based line
    /// and column (counted in Unicode scalars, as YAML diagnostics count them; CR LF is one
    /// line break).
    static func firstInvalid(in data: Data) -> (byte: UInt8, line: Int, column: Int)? {
        var iterator = data.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        var line = 1
        var column = 1
        var afterCarriageReturn = false
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
                let scalar = Unicode.UTF8.decode(encoded)
                if scalar == "\n" || scalar == "\r" {
                    if !(scalar == "\n" && afterCarriageReturn) { line += 1 }
                    column = 1
                } else {
                    column += 1
                }
                afterCarriageReturn = scalar == "\r"
            case .error:
                return (data[data.startIndex + offset], line, column)
            case .emptyInput:
                return nil
            }
        }
    }
}
