/// The checks that need a rubric's merged criteria: duplicate criterion ids, parents that
/// do not exist or form a cycle, a rubric with no positive points, an id that does not match
/// the file name.
enum RubricValidator {
    /// Errors in `entries`, the merged criteria of `file`. The checks that belong to a whole
    /// rubric (criteria present, positive points, id and file name) are skipped for fragments.
    static func check(_ file: RubricFile, entries: [RubricFile.Entry]) -> [Diagnostic] {
        var diagnostics = duplicateIds(entries) + parents(entries)
        if file.kind == .rubric {
            diagnostics += points(file, entries) + fileName(file)
        }
        return diagnostics
    }

    /// `"line 12"` when `place` is in the same file as `here`, else `"path:12"`.
    static func describe(_ place: SourceLocation, from here: SourceLocation) -> String {
        let line = place.line.map(String.init) ?? "?"
        return place.file == here.file ? "line \(line)" : "\(place.file):\(line)"
    }

    /// Each repeat of an id is reported at the repeat, naming where the id was first defined.
    static func duplicateIds(_ entries: [RubricFile.Entry]) -> [Diagnostic] {
        var first: [String: RubricFile.Entry] = [:]
        var diagnostics: [Diagnostic] = []
        for entry in entries {
            guard let id = entry.id else { continue }
            if let original = first[id] {
                diagnostics.append(.error(
                    "duplicate criterion id '\(id)'; first defined at \(describe(original.idLocation, from: entry.idLocation))",
                    at: entry.idLocation))
            } else {
                first[id] = entry
            }
        }
        return diagnostics
    }

    /// A parent must name another criterion, and following parents must not lead back.
    static func parents(_ entries: [RubricFile.Entry]) -> [Diagnostic] {
        var parentOf: [String: String] = [:]
        var ids: [String] = []
        for entry in entries {
            guard let id = entry.id, !ids.contains(id) else { continue }
            ids.append(id)
            if let parent = entry.parent { parentOf[id] = parent }
        }
        let known = Set(ids)
        var diagnostics: [Diagnostic] = []
        var reportedCycles: Set<Set<String>> = []
        for entry in entries {
            guard let parent = entry.parent else { continue }
            if parent == entry.id {
                diagnostics.append(.error("criterion '\(parent)' cannot be its own parent", at: entry.parentLocation))
                continue
            }
            guard known.contains(parent) else {
                let hint = ClosestMatch.find(parent, in: ids).map { "; did you mean '\($0)'?" } ?? ""
                diagnostics.append(.error("parent '\(parent)' is not the id of any criterion\(hint)", at: entry.parentLocation))
                continue
            }
            guard let id = entry.id else { continue }
            var path = [id]
            var current = parent
            while let next = parentOf[current], current != next, !path.contains(current) {
                path.append(current)
                current = next
            }
            guard current == id, path.count > 1 else { continue }
            let members = Set(path)
            guard reportedCycles.insert(members).inserted else { continue }
            diagnostics.append(.error("parent cycle: \((path + [id]).joined(separator: " -> "))", at: entry.parentLocation))
        }
        return diagnostics
    }

    /// A score divides by the sum of positive points, so a rubric needs at least one. Skipped
    /// when a criterion's points could not be read (that error is reported already).
    static func points(_ file: RubricFile, _ entries: [RubricFile.Entry]) -> [Diagnostic] {
        if entries.isEmpty {
            return file.hasCriteriaList ? [.error("rubric has no criteria", at: file.criteriaLocation)] : []
        }
        let points = entries.compactMap(\.points)
        guard points.count == entries.count, !points.contains(where: { $0 > 0 }) else { return [] }
        return [.error("rubric has no criteria with positive points; a score divides by their sum", at: file.criteriaLocation)]
    }

    /// A rubric lives in `<id>.yaml` (or `.yml`). Paths that are not YAML file names (text
    /// decoded from memory) are not checked.
    static func fileName(_ file: RubricFile) -> [Diagnostic] {
        guard let id = file.id, let location = file.idLocation else { return [] }
        let name = Paths.fileName(of: file.path)
        for suffix in [".yaml", ".yml"] where name.hasSuffix(suffix) {
            let stem = String(name.dropLast(suffix.count))
            guard stem != id else { return [] }
            return [.error("rubric id '\(id)' does not match the file name '\(name)'; a rubric is stored as <id>\(suffix)", at: location)]
        }
        return []
    }
}
