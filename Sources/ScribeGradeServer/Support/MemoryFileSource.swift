import ScribeGrade

/// Files held in memory by path: what the service's loaders read instead of the disk, so an
/// upload can include only other uploads and never a file of the server's.
struct MemoryFileSource: FileSource {
    var files: [String: String]

    init(_ files: [String: String]) {
        self.files = Dictionary(files.map { (Self.normalise($0.key), $0.value) }, uniquingKeysWith: { _, last in last })
    }

    static func normalise(_ path: String) -> String {
        var path = path
        while path.hasPrefix("./") { path.removeFirst(2) }
        return path
    }

    func read(_ path: String) throws -> String {
        guard let text = files[Self.normalise(path)] else { throw InputError("no such file", at: SourceLocation(file: path)) }
        return text
    }

    func files(in directory: String) throws -> [String] {
        entries(in: directory).filter { files[$0] != nil }
    }

    func directories(in directory: String) throws -> [String] {
        entries(in: directory).filter { files[$0] == nil }
    }

    func isDirectory(_ path: String) -> Bool {
        let prefix = Self.normalise(path).appending("/")
        return files.keys.contains { $0.hasPrefix(prefix) }
    }

    func exists(_ path: String) -> Bool {
        files[Self.normalise(path)] != nil || isDirectory(path)
    }

    /// The files and directories directly inside `directory`, sorted.
    private func entries(in directory: String) -> [String] {
        let prefix = Self.normalise(directory).hasSuffix("/") ? Self.normalise(directory) : Self.normalise(directory) + "/"
        var names: Set<String> = []
        for path in files.keys where path.hasPrefix(prefix) {
            let rest = path.dropFirst(prefix.count)
            names.insert(prefix + (rest.split(separator: "/").first.map(String.init) ?? ""))
        }
        return names.sorted()
    }
}
