/// Decodes a rubric YAML file (format in DESIGN.md) into a `Rubric`, reporting every problem
/// at once as `path:line:col: error: message`.
///
/// Top-level keys: `id` and `encounter` (required), `version` (a positive integer, default 1),
/// `title`, `source`, `include` (a list of paths, see `IncludeResolver`) and `criteria`
/// (required). Each criterion has `id`, `text` and `points` (required; points are a non-zero
/// number in [-10, 10]), `section` (subjective, objective, assessment, plan or any, default
/// any), `critical` (true or false, default false), `tags` (a list of strings) and `parent`
/// (the id of another criterion). A rubric read from a `.yaml` or `.yml` file must be named
/// `<id>.yaml`; at least one criterion must have positive points. Included criteria come
/// first, then the file's own; each criterion's `location` is where it was declared.
///
/// Errors thrown are `InputError`s carrying every error found; `check` returns the lint
/// warnings as well.
public struct RubricDecoder: Sendable {
    /// Where included files are read from.
    public var files: any FileSource
    /// Lint run on rubrics that decode; `nil` for none.
    public var linter: RubricLinter?

    public init(files: any FileSource = LocalFileSource(), linter: RubricLinter? = RubricLinter()) {
        self.files = files
        self.linter = linter
    }

    /// Decodes `text`, read from `path`: the path names the file in diagnostics, is checked
    /// against the id when it ends in `.yaml`/`.yml`, and is what includes are relative to.
    public func decode(_ text: String, path: String = "<input>") throws -> Rubric {
        let result = check(text, path: path)
        guard let rubric = result.rubric else { throw InputError(result.errors) }
        return rubric
    }

    /// Reads and decodes the rubric file at `path`.
    public func decode(fileAt path: String) throws -> Rubric {
        try decode(files.read(path), path: path)
    }

    /// Decodes `text` without throwing: the rubric if there are no errors, and all diagnostics.
    /// Includes must lie inside the rubric root of `path` (see `IncludeResolver`).
    public func check(_ text: String, path: String = "<input>") -> RubricCheck {
        var resolver = IncludeResolver(files: files)
        return check(
            RubricFileParser.parse(text, path: path, as: .rubric), resolver: &resolver,
            root: IncludeResolver.root(for: path, files: files))
    }

    /// Reads and checks the rubric file at `path`; a file that cannot be read is an error.
    public func check(fileAt path: String) -> RubricCheck {
        do {
            return check(try files.read(path), path: path)
        } catch {
            let diagnostics = (error as? InputError)?.diagnostics ?? [.error("cannot read file: \(error)", at: SourceLocation(file: path))]
            return RubricCheck(rubric: nil, diagnostics: diagnostics, criterionCount: 0)
        }
    }

    /// Merges includes, runs the cross-criterion checks and lint, and builds the rubric when the
    /// file is a rubric without errors. `resolver` is shared so a loader reads each include once;
    /// includes must lie inside the directory `root`.
    func check(_ file: RubricFile, resolver: inout IncludeResolver, root: String) -> RubricCheck {
        let (entries, includeDiagnostics) = resolver.merge(file, root: root)
        var diagnostics = file.diagnostics + includeDiagnostics + RubricValidator.check(file, entries: entries)
        if let linter { diagnostics += linter.lint(entries) }
        diagnostics = diagnostics.inSourceOrder()
        var rubric: Rubric?
        if file.kind == .rubric, !diagnostics.contains(where: { $0.severity == .error }),
           let id = file.id, let encounter = file.encounter {
            let criteria = entries.compactMap(\.criterion)
            if criteria.count == entries.count {
                rubric = Rubric(
                    id: id, encounter: encounter, version: file.version, title: file.title, source: file.source,
                    includes: file.includes.map(\.path), criteria: criteria, path: file.path)
            }
        }
        return RubricCheck(rubric: rubric, diagnostics: diagnostics, criterionCount: entries.count)
    }
}
