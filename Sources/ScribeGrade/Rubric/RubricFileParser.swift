import Yams

/// Reads one rubric or include file into a `RubricFile`, reporting every problem the file has
/// on its own: YAML syntax, missing and unknown keys, wrong types, values out of range.
///
/// Problems that need the merged criteria (duplicate ids, parents, positive points) are
/// `RubricValidator`'s.
struct RubricFileParser {
    static let rubricKeys = ["id", "encounter", "version", "title", "source", "include", "criteria"]
    static let fragmentKeys = ["title", "source", "include", "criteria"]
    static let criterionKeys = ["id", "section", "text", "points", "critical", "tags", "parent"]
    static let pointsRange: ClosedRange<Double> = -10...10
    static let pointsMessage = "points must be a non-zero number in [-10, 10]"
    static let sectionList = SOAPSection.allCases.map(\.rawValue).joined(separator: ", ")

    let path: String
    private var diagnostics: [Diagnostic] = []

    private init(path: String) {
        self.path = path
    }

    /// Parses `text`, read from `path`. A file expected to be a rubric is read as one; otherwise
    /// its keys decide (see `RubricFile.Kind`), so an include that turns out to be a rubric can
    /// be reported as such.
    static func parse(_ text: String, path: String, as kind: RubricFile.Kind?) -> RubricFile {
        var parser = RubricFileParser(path: path)
        return parser.file(text, kind: kind)
    }

    private func location(_ node: Node?) -> SourceLocation {
        YAMLDocument.location(node?.mark, path)
    }

    private mutating func error(_ message: String, at node: Node?) {
        diagnostics.append(.error(message, at: location(node)))
    }

    private mutating func file(_ text: String, kind expected: RubricFile.Kind?) -> RubricFile {
        let document = YAMLDocument(composing: text, path: path)
        diagnostics += document.diagnostics
        let start = SourceLocation(file: path, line: 1, column: 1)
        var file = RubricFile(
            path: path, kind: expected ?? .rubric, location: start, version: 1, includes: [], entries: [],
            criteriaLocation: start, diagnostics: [])
        guard let root = document.root else {
            if document.diagnostics.isEmpty {
                let message = expected == .fragment
                    ? "include file is empty; expected key criteria"
                    : "rubric file is empty; expected keys id, encounter and criteria"
                diagnostics.append(.error(message, at: start))
            }
            file.diagnostics = diagnostics
            return file
        }
        guard let mapping = YAMLMapping(root) else {
            error(expected == .fragment
                  ? "an include file must be a mapping with key criteria, not \(root.kindDescription)"
                  : "a rubric must be a mapping with keys id, encounter and criteria, not \(root.kindDescription)", at: root)
            file.diagnostics = diagnostics
            return file
        }
        file.location = location(root)
        file.criteriaLocation = file.location
        let kind: RubricFile.Kind = expected == .rubric || mapping.contains("id") || mapping.contains("encounter") ? .rubric : .fragment
        file.kind = kind
        checkKeys(mapping, known: kind == .rubric ? Self.rubricKeys : Self.fragmentKeys, isFragment: kind == .fragment)

        if kind == .rubric {
            (file.id, file.idLocation) = (requiredString("id", in: mapping), mapping["id"].map { location($0) })
            file.encounter = requiredString("encounter", in: mapping)
            if let node = mapping["version"] {
                if node.scalar?.style == .plain, node.tagName == .int, let version = node.int, version > 0 {
                    file.version = version
                } else {
                    error("version must be a positive integer", at: node)
                }
            }
        }
        file.title = optionalString("title", in: mapping)
        file.source = optionalString("source", in: mapping)
        file.includes = includes(mapping["include"])

        if let node = mapping["criteria"] {
            file.criteriaLocation = location(node)
            if case .sequence(let items) = node {
                file.hasCriteriaList = true
                file.entries = items.map { entry($0) }
            } else {
                error("criteria must be a list of criteria, not \(node.kindDescription)", at: node)
            }
        } else if kind == .rubric || file.includes.isEmpty {
            error("missing required key 'criteria'", at: root)
        }
        file.diagnostics = diagnostics
        return file
    }

    private mutating func checkKeys(_ mapping: YAMLMapping, known: [String], isFragment: Bool) {
        for key in mapping.complexKeys {
            error("keys must be plain strings, not \(key.kindDescription)", at: key)
        }
        for (node, message) in mapping.unknownKeys(known: known) {
            if isFragment, node.scalar?.string == "version" {
                error("'version' is not allowed in an include file, which holds only title, source, include and criteria", at: node)
            } else {
                error(message, at: node)
            }
        }
    }

    /// A scalar's text; `nil` (with an error) for lists and mappings.
    private mutating func string(_ node: Node, field: String) -> String? {
        guard let scalar = node.scalar else {
            error("\(field) must be a string, not \(node.kindDescription)", at: node)
            return nil
        }
        return node.isNull ? nil : scalar.string
    }

    private mutating func requiredString(_ key: String, in mapping: YAMLMapping, owner: String? = nil) -> String? {
        guard let node = mapping[key] else {
            error("\(owner.map { "\($0) is " } ?? "")missing required key '\(key)'", at: mapping.node)
            return nil
        }
        guard let value = string(node, field: key) else {
            if node.isNull { error("\(key) must not be empty", at: node) }
            return nil
        }
        guard !value.allSatisfy(\.isWhitespace) else {
            error("\(key) must not be empty", at: node)
            return nil
        }
        return value
    }

    private mutating func optionalString(_ key: String, in mapping: YAMLMapping) -> String? {
        mapping[key].flatMap { string($0, field: key) }
    }

    private mutating func includes(_ node: Node?) -> [RubricFile.Include] {
        guard let node, !node.isNull else { return [] }
        let message = "include must be a list of file paths, e.g. [../common/soap-quality.yaml]"
        guard case .sequence(let items) = node else {
            error(message, at: node)
            return []
        }
        var includes: [RubricFile.Include] = []
        for item in items {
            guard let scalar = item.scalar, !item.isNull, !scalar.string.allSatisfy(\.isWhitespace) else {
                error(message, at: item)
                continue
            }
            includes.append(RubricFile.Include(path: scalar.string, location: location(item)))
        }
        return includes
    }

    private mutating func entry(_ node: Node) -> RubricFile.Entry {
        let here = location(node)
        var entry = RubricFile.Entry(
            location: here, idLocation: here, section: .any, sectionLocation: here, textLocation: here,
            critical: false, tags: [], parentLocation: here)
        guard let mapping = YAMLMapping(node) else {
            error("each criterion must be a mapping with keys id, text and points, not \(node.kindDescription)", at: node)
            entry.section = nil
            return entry
        }
        checkKeys(mapping, known: Self.criterionKeys, isFragment: false)
        let owner: String? = mapping["id"].flatMap { node in
            guard let id = node.scalar?.string, !node.isNull, !id.allSatisfy(\.isWhitespace) else { return nil }
            return "criterion '\(id)'"
        }
        entry.id = requiredString("id", in: mapping, owner: "criterion")
        entry.idLocation = mapping["id"].map { location($0) } ?? here
        entry.text = requiredString("text", in: mapping, owner: owner ?? "criterion")
        entry.textLocation = mapping["text"].map { location($0) } ?? here

        if let node = mapping["points"] {
            entry.points = points(node)
        } else {
            error("\(owner ?? "criterion") is missing required key 'points'", at: mapping.node)
        }
        if let node = mapping["section"] {
            entry.sectionLocation = location(node)
            entry.section = section(node)
        }
        if let node = mapping["critical"] {
            if node.scalar?.style == .plain, node.tagName == .bool, let critical = node.bool {
                entry.critical = critical
            } else {
                error("critical must be true or false", at: node)
            }
        }
        if let node = mapping["tags"] {
            entry.tags = tags(node)
        }
        if let node = mapping["parent"] {
            entry.parentLocation = location(node)
            entry.parent = string(node, field: "parent")
        }
        return entry
    }

    private mutating func points(_ node: Node) -> Double? {
        var value: Double?
        if node.scalar?.style == .plain {
            switch node.tagName {
            case .int: value = node.int.map(Double.init)
            case .float: value = node.float
            default: break
            }
        }
        guard let value, value.isFinite, value != 0, Self.pointsRange.contains(value) else {
            error(Self.pointsMessage, at: node)
            return nil
        }
        return value
    }

    private mutating func section(_ node: Node) -> SOAPSection? {
        guard let name = string(node, field: "section") else {
            if node.isNull { error("section must not be empty; expected one of \(Self.sectionList)", at: node) }
            return nil
        }
        guard let section = SOAPSection(rawValue: name) else {
            error("unknown section '\(name)'; expected one of \(Self.sectionList)", at: node)
            return nil
        }
        return section
    }

    private mutating func tags(_ node: Node) -> [String] {
        if node.isNull { return [] }
        guard case .sequence(let items) = node else {
            error("tags must be a list of strings, not \(node.kindDescription)", at: node)
            return []
        }
        var tags: [String] = []
        for item in items {
            guard let scalar = item.scalar, !item.isNull, !scalar.string.allSatisfy(\.isWhitespace) else {
                error("each tag must be a non-empty string, not \(item.kindDescription == "a string" ? "blank" : item.kindDescription)", at: item)
                continue
            }
            tags.append(scalar.string)
        }
        return tags
    }
}
