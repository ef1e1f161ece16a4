/// Lexical path arithmetic for input files: resolving a path written inside a file (an include)
/// against that file's directory, without touching the disk or following symlinks.
enum Paths {
    /// The directory part of `path`: `"a/b"` for `"a/b/c.yaml"`, `""` for `"c.yaml"`, `"/"` for `"/c.yaml"`.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// The last component of `path`: `"c.yaml"` for `"a/b/c.yaml"`.
    static func fileName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `relative` as seen from the file at `file`: absolute paths are kept, others are joined to
    /// the file's directory. The result is normalized.
    static func resolve(_ relative: String, from file: String) -> String {
        if relative.hasPrefix("/") { return normalize(relative) }
        let directory = directory(of: file)
        return normalize(directory.isEmpty ? relative : "\(directory)/\(relative)")
    }

    /// Removes `.` components, empty components and `name/..` pairs. A relative path keeps the
    /// leading `..` components it cannot remove; an absolute path drops `..` at the root.
    static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".":
                continue
            case "..":
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !absolute {
                    parts.append(part)
                }
            default:
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// Whether the normalized `path` is `directory` or lies below it, both normalized the same
    /// way: `"."` holds every relative path that does not climb out with `..`, `"/"` every
    /// absolute one.
    static func isInside(_ path: String, _ directory: String) -> Bool {
        switch directory {
        case ".":
            return !path.hasPrefix("/") && path != ".." && !path.hasPrefix("../")
        case "/":
            return path.hasPrefix("/")
        default:
            return path == directory || path.hasPrefix(directory + "/")
        }
    }
}
