import ScribeGrade

/// Files held in memory, keyed by path, so loaders can be tested without a disk. Directories
/// are implied by the files' paths.
struct InMemoryFileSource: FileSource {
    var contents: [String: String]

    init(_ contents: [String: String]) {
        self.contents = contents
    }

    /// `./a/b` and `a/b` name the same file, as on a disk.
    private func key(_ path: String) -> String {
        var path = path
        while path.hasPrefix("./") { path.removeFirst(2) }
        return path
    }

    func read(_ path: String) throws -> String {
        guard let text = contents[key(path)] else { throw InputError("no such file", at: SourceLocation(file: path)) }
        return text
    }

    func files(in directory: String) throws -> [String] {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return contents.keys.filter { $0.hasPrefix(prefix) && !$0.dropFirst(prefix.count).contains("/") }.sorted()
    }

    func directories(in directory: String) throws -> [String] {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        let names = contents.keys.compactMap { path -> String? in
            guard path.hasPrefix(prefix) else { return nil }
            let rest = path.dropFirst(prefix.count)
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            return prefix + rest[..<slash]
        }
        return Set(names).sorted()
    }

    func isDirectory(_ path: String) -> Bool {
        let prefix = path.hasSuffix("/") ? path : path + "/"
        return contents.keys.contains { $0.hasPrefix(prefix) }
    }

    func exists(_ path: String) -> Bool {
        contents[key(path)] != nil || isDirectory(key(path))
    }
}
