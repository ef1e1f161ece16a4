/// Merges the criteria of `include`d files into a rubric's, reading each file once.
///
/// Include paths are relative to the including file (absolute paths are kept). Included
/// criteria come first, in the order of the `include` list, each included file's own includes
/// before its criteria; the including file's criteria come last. A file reached twice in one
/// rubric (a diamond) is merged once; a file that includes itself, directly or not, is an
/// include cycle and is reported at the include entry that closes it.
///
/// An included file is a fragment (see `RubricFile.Kind`): a mapping with `criteria` and
/// optionally `include`, `title` and `source` (the last two document the file and are not used),
/// with no `id`, `encounter` or `version`.
///
/// Includes resolve only inside the rubric root (see `root(for:files:)`): an include whose real
/// path (symbolic links followed) lies outside it, or that is not a `.yaml`/`.yml` file, is
/// reported at its entry and never read, so no text of a file that is not a rubric can reach a
/// diagnostic. On the service the files are the uploads alone, and the root is their folder.
struct IncludeResolver {
    let files: any FileSource
    /// Parsed include files by resolved path, so a fragment shared by many rubrics is read once.
    private var cache: [String: RubricFile] = [:]

    init(files: any FileSource) {
        self.files = files
    }

    /// One file on the path of includes being followed, and the include entry that led to it.
    private struct Step {
        var path: String
        var enteredBy: SourceLocation?
    }

    /// The rubric root of a rubric file or directory named by the user: the working directory
    /// when `path` lies inside it (so the rubrics of one project may share fragments across its
    /// folders), otherwise the directory named, or the named file's own directory.
    static func root(for path: String, files: any FileSource) -> String {
        if Paths.isInside(files.realPath(path), files.realPath(".")) { return "." }
        if files.isDirectory(path) { return path }
        let directory = Paths.directory(of: path)
        return directory.isEmpty ? "." : directory
    }

    /// `file`'s criteria with its includes merged in, and the problems found in the included files
    /// and in the include entries themselves. Includes must lie inside `root`, a directory.
    mutating func merge(_ file: RubricFile, root: String) -> (entries: [RubricFile.Entry], diagnostics: [Diagnostic]) {
        var entries: [RubricFile.Entry] = []
        var diagnostics: [Diagnostic] = []
        var merged: Set<String> = [Paths.normalize(file.path)]
        visit(
            file, root: files.realPath(root), stack: [Step(path: Paths.normalize(file.path))],
            entries: &entries, diagnostics: &diagnostics, merged: &merged)
        return (entries, diagnostics)
    }

    private mutating func visit(
        _ file: RubricFile, root: String, stack: [Step], entries: inout [RubricFile.Entry],
        diagnostics: inout [Diagnostic], merged: inout Set<String>
    ) {
        for include in file.includes {
            let resolved = Paths.resolve(include.path, from: file.path)
            let real = files.realPath(resolved)
            guard Paths.isInside(real, root) else {
                diagnostics.append(.error("include '\(include.path)' is outside the rubric root '\(root)'", at: include.location))
                continue
            }
            if let start = stack.firstIndex(where: { $0.path == resolved }) {
                diagnostics.append(Self.cycle(Array(stack[start...]), closedBy: include.location))
                continue
            }
            guard !merged.contains(resolved) else { continue }
            guard files.exists(resolved) else {
                diagnostics.append(.error("included file '\(include.path)' not found (looked for \(resolved))", at: include.location))
                continue
            }
            guard !files.isDirectory(resolved) else {
                diagnostics.append(.error("included path '\(include.path)' is a directory, not a file", at: include.location))
                continue
            }
            guard RubricLoader.fileExtensions.contains(where: { real.hasSuffix(".\($0)") }) else {
                diagnostics.append(.error(
                    "include '\(include.path)' is not a rubric fragment; fragments are .yaml or .yml files", at: include.location))
                continue
            }
            merged.insert(resolved)
            let fragment = parsed(resolved)
            guard fragment.kind == .fragment else {
                diagnostics.append(.error(
                    "included file '\(include.path)' is a rubric (it has an id or encounter); include only fragments, which hold title, source, include and criteria",
                    at: include.location))
                continue
            }
            diagnostics += fragment.diagnostics
            visit(
                fragment, root: root, stack: stack + [Step(path: resolved, enteredBy: include.location)],
                entries: &entries, diagnostics: &diagnostics, merged: &merged)
        }
        entries += file.entries
    }

    /// The cycle formed by `steps` and the include that leads from the last back to the first,
    /// named from its smallest path and reported at the include that enters that path. Found
    /// from any file on it, a cycle is therefore reported the same way, once.
    private static func cycle(_ steps: [Step], closedBy closing: SourceLocation) -> Diagnostic {
        var members = steps
        members[0].enteredBy = closing
        let first = members.indices.min { members[$0].path < members[$1].path }!
        let rotated = members[first...] + members[..<first]
        let names = rotated.map(\.path) + [members[first].path]
        return .error("include cycle: \(names.joined(separator: " -> "))", at: members[first].enteredBy ?? closing)
    }

    private mutating func parsed(_ path: String) -> RubricFile {
        if let file = cache[path] { return file }
        let file: RubricFile
        do {
            file = RubricFileParser.parse(try files.read(path), path: path, as: .fragment)
        } catch {
            let diagnostics = (error as? InputError)?.diagnostics
                ?? [.error("cannot read file: \(error)", at: SourceLocation(file: path))]
            let start = SourceLocation(file: path)
            file = RubricFile(
                path: path, kind: .fragment, location: start, version: 1, includes: [], entries: [],
                criteriaLocation: start, diagnostics: diagnostics)
        }
        cache[path] = file
        return file
    }
}
