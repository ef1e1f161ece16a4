/// Loads rubrics from files and directories, checking every file and reporting every problem
/// of all of them at once.
///
/// A directory is searched recursively for `*.yaml` and `*.yml` files (hidden files and
/// directories are skipped), files before subdirectories, each in name order. A file whose
/// top-level mapping has neither `id` nor `encounter` is an include fragment (see
/// `IncludeResolver`): it is checked on its own — its criteria, its includes, duplicate ids
/// and parents within it — but it is not a rubric. Rubric ids must be unique across all the
/// files loaded; a path named twice is loaded once. Each path's includes must lie inside its
/// rubric root (see `IncludeResolver.root(for:files:)`).
public struct RubricLoader: Sendable {
    public static let fileExtensions = ["yaml", "yml"]
    /// Directory nesting deeper than this is reported rather than followed (symlink loops).
    public static let maxDepth = 32

    public var files: any FileSource
    public var decoder: RubricDecoder

    public init(files: any FileSource = LocalFileSource(), linter: RubricLinter? = RubricLinter()) {
        self.files = files
        self.decoder = RubricDecoder(files: files, linter: linter)
    }

    /// Checks every rubric file named by `paths` (files or directories).
    public func load(_ paths: [String]) -> RubricLoad {
        var diagnostics: [Diagnostic] = []
        var filePaths: [(path: String, root: String)] = []
        var seen: Set<String> = []
        for path in paths {
            guard files.exists(path) else {
                diagnostics.append(.error("no such file or directory", at: SourceLocation(file: path)))
                continue
            }
            let root = IncludeResolver.root(for: path, files: files)
            var found = [path]
            if files.isDirectory(path) {
                found = rubricFiles(in: path, depth: 0, diagnostics: &diagnostics)
                if found.isEmpty {
                    diagnostics.append(.error("no rubric files (*.yaml, *.yml) in this directory", at: SourceLocation(file: path)))
                }
            }
            for file in found where seen.insert(Paths.normalize(file)).inserted {
                filePaths.append((file, root))
            }
        }

        var load = RubricLoad(rubrics: [], diagnostics: [], rubricFileCount: 0, criterionCount: 0, fragmentPaths: [])
        var resolver = IncludeResolver(files: files)
        var rubricIds: [String: SourceLocation] = [:]
        for (path, root) in filePaths {
            let text: String
            do {
                text = try files.read(path)
            } catch {
                diagnostics += (error as? InputError)?.diagnostics ?? [.error("cannot read file: \(error)", at: SourceLocation(file: path))]
                load.rubricFileCount += 1
                continue
            }
            let file = RubricFileParser.parse(text, path: path, as: nil)
            let check = decoder.check(file, resolver: &resolver, root: root)
            diagnostics += check.diagnostics
            if file.kind == .fragment {
                load.fragmentPaths.append(path)
                continue
            }
            load.rubricFileCount += 1
            load.criterionCount += check.criterionCount
            if let id = file.id, let location = file.idLocation {
                if let first = rubricIds[id] {
                    diagnostics.append(.error("duplicate rubric id '\(id)'; first defined in \(first)", at: location))
                    continue
                }
                rubricIds[id] = location
            }
            if let rubric = check.rubric { load.rubrics.append(rubric) }
        }
        load.diagnostics = diagnostics.inSourceOrder()
        return load
    }

    /// The YAML files under `directory`: its own files first, then each subdirectory's.
    private func rubricFiles(in directory: String, depth: Int, diagnostics: inout [Diagnostic]) -> [String] {
        guard depth <= Self.maxDepth else {
            diagnostics.append(.error("directories nested more than \(Self.maxDepth) deep; is there a symbolic link loop?", at: SourceLocation(file: directory)))
            return []
        }
        do {
            var found = try files.files(in: directory).filter { path in
                Self.fileExtensions.contains { path.hasSuffix(".\($0)") }
            }
            for subdirectory in try files.directories(in: directory) {
                found += rubricFiles(in: subdirectory, depth: depth + 1, diagnostics: &diagnostics)
            }
            return found
        } catch {
            diagnostics += (error as? InputError)?.diagnostics ?? [.error("cannot list directory: \(error)", at: SourceLocation(file: directory))]
            return []
        }
    }
}
