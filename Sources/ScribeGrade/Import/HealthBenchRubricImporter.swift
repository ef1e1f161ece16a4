import Foundation

/// Converts HealthBench-style JSONL rubric items into rubrics.
///
/// Two line shapes are read, and may be mixed:
/// - HealthBench's own: one rubric per line,
///   `{"prompt_id": "…", "rubrics": [{"criterion": "…", "points": 7, "tags": ["level:example", "axis:completeness"]}, …], …}`
///   (other members such as `prompt`, `example_tags` and `ideal_completions_data` are ignored);
/// - one item per line, `{"encounter": "…", "criterion": "…", "points": 2, "tags": […]}`,
///   grouped into one rubric per `rubric_id` (else `encounter`, else `prompt_id`) in file order.
///
/// A rubric's id is `rubric_id`, else `id`, else `prompt_id`, else its encounter; its encounter
/// is `encounter`, else `prompt_id`, else its id. Items may also carry `id`, `section`,
/// `critical` and `parent`. Tags are kept as written (`axis:accuracy` stays `axis:accuracy`).
/// An item's section is its `section`, else a `section:<name>` tag, else a section its text
/// names explicitly ("in the plan", "physical exam", …), else `any`. Points must be non-zero
/// numbers in [-10, 10] and every rubric needs a positive item, as DESIGN.md's rubric rules say.
public struct HealthBenchRubricImporter: Sendable {
    /// Gives every rubric this encounter (only valid when the file holds one rubric).
    public var encounter: String?

    public init(encounter: String? = nil) {
        self.encounter = encounter
    }

    struct Group {
        var id: String
        var encounter: String
        var title: String?
        var items: [LocatedJSON.Located] = []
        var line: Int
    }

    public func rubrics(fromJSONL text: String, path: String) throws -> [Rubric] {
        var groups: [Group] = []
        var index: [String: Int] = [:]
        var diagnostics: [Diagnostic] = []
        let fileName = (path as NSString).lastPathComponent

        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            if rawLine.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
            let location = SourceLocation(file: path, line: lineNumber)
            do {
                let object = try LocatedJSONParser.parse(String(rawLine), path: path, lineOffset: offset)
                guard object.value.objectValue != nil else {
                    throw InputError("expected a JSON object per line, found \(object.value.kindDescription)", at: object.location(in: path))
                }
                func string(_ key: String) throws -> String? {
                    guard let value = object[key] else { return nil }
                    guard let s = value.value.stringValue, !s.trimmingCharacters(in: .whitespaces).isEmpty else {
                        throw InputError("\"\(key)\" must be a non-empty string", at: value.location(in: path))
                    }
                    return s
                }
                if let rubricItems = object["rubrics"] {
                    guard let items = rubricItems.value.arrayValue else {
                        throw InputError("\"rubrics\" must be an array of items", at: rubricItems.location(in: path))
                    }
                    let encounterID = try encounter ?? string("encounter") ?? string("prompt_id") ?? string("rubric_id") ?? string("id")
                    guard let encounterID, let id = try string("rubric_id") ?? string("id") ?? string("prompt_id") ?? string("encounter") ?? encounter else {
                        throw InputError("a rubric line needs \"prompt_id\", \"rubric_id\" or \"encounter\"", at: location)
                    }
                    guard index[id] == nil else {
                        throw InputError("rubric \(id) is defined twice (first on line \(groups[index[id]!].line))", at: location)
                    }
                    index[id] = groups.count
                    groups.append(Group(id: id, encounter: encounterID, title: try string("title"), items: items, line: lineNumber))
                } else if object["criterion"] != nil {
                    let encounterID = try encounter ?? string("encounter") ?? string("prompt_id")
                    guard let key = try string("rubric_id") ?? string("rubric") ?? encounterID else {
                        throw InputError("an item line needs \"encounter\" (or \"rubric_id\" / \"prompt_id\") to say which rubric it belongs to", at: location)
                    }
                    if let at = index[key] {
                        groups[at].items.append(object)
                    } else {
                        index[key] = groups.count
                        groups.append(Group(id: key, encounter: encounterID ?? key, title: nil, items: [object], line: lineNumber))
                    }
                } else {
                    throw InputError("expected a rubric line with \"rubrics\" or an item line with \"criterion\"", at: location)
                }
            } catch let error as InputError {
                diagnostics += error.diagnostics
            }
        }
        if diagnostics.isEmpty, groups.isEmpty {
            diagnostics.append(.error("no rubric items in file", at: SourceLocation(file: path)))
        }
        if diagnostics.isEmpty, encounter != nil, groups.count > 1 {
            diagnostics.append(.error("--encounter gives one encounter but the file holds \(groups.count) rubrics", at: SourceLocation(file: path)))
        }
        var rubrics: [Rubric] = []
        for group in groups {
            do {
                rubrics.append(try rubric(group, path: path, fileName: fileName))
            } catch let error as InputError {
                diagnostics += error.diagnostics
            }
        }
        guard diagnostics.isEmpty else { throw InputError(diagnostics) }
        return rubrics
    }

    private func rubric(_ group: Group, path: String, fileName: String) throws -> Rubric {
        var criteria: [Criterion] = []
        var diagnostics: [Diagnostic] = []
        var ids: Set<String> = []
        var parents: [(String, LocatedJSON.Located)] = []
        let digits = max(3, String(group.items.count).count)
        for (number, item) in group.items.enumerated() {
            let at = item.location(in: path)
            do {
                guard item.value.objectValue != nil else {
                    throw InputError("rubric item must be an object, found \(item.value.kindDescription)", at: at)
                }
                guard let textValue = item["criterion"], let text = textValue.value.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
                    throw InputError("item needs a non-empty \"criterion\" string", at: item["criterion"]?.location(in: path) ?? at)
                }
                guard let pointsValue = item["points"] else {
                    throw InputError("item needs \"points\"", at: at)
                }
                guard let points = pointsValue.value.numberValue, points != 0, abs(points) <= 10 else {
                    throw InputError("points must be a non-zero number in [-10, 10]", at: pointsValue.location(in: path))
                }
                var tags: [String] = []
                if let tagsValue = item["tags"] {
                    guard let array = tagsValue.value.arrayValue else {
                        throw InputError("\"tags\" must be an array of strings", at: tagsValue.location(in: path))
                    }
                    for tag in array {
                        guard let s = tag.value.stringValue?.trimmingCharacters(in: .whitespaces), !s.isEmpty else {
                            throw InputError("each tag must be a non-empty string", at: tag.location(in: path))
                        }
                        if !tags.contains(s) { tags.append(s) }
                    }
                }
                var section: SOAPSection? = nil
                if let sectionValue = item["section"] {
                    guard let name = sectionValue.value.stringValue, let parsed = SOAPSection(rawValue: name.lowercased()) else {
                        throw InputError("section must be one of subjective, objective, assessment, plan, any", at: sectionValue.location(in: path))
                    }
                    section = parsed
                }
                if section == nil, let tag = tags.first(where: { $0.lowercased().hasPrefix("section:") }) {
                    section = SOAPSection(rawValue: String(tag.dropFirst("section:".count)).lowercased())
                }
                var critical = false
                if let criticalValue = item["critical"] {
                    guard let flag = criticalValue.value.boolValue else {
                        throw InputError("\"critical\" must be true or false", at: criticalValue.location(in: path))
                    }
                    critical = flag
                }
                let id: String
                if let idValue = item["id"] {
                    guard let given = idValue.value.stringValue, !given.isEmpty, given.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
                        throw InputError("\"id\" must be a non-empty string of letters, digits, '-', '_' or '.'", at: idValue.location(in: path))
                    }
                    id = given
                } else {
                    id = Slug.identifier("c", number + 1, text, digits: digits)
                }
                guard ids.insert(id).inserted else {
                    throw InputError("criterion id \(id) is used twice in rubric \(group.id)", at: at)
                }
                var parent: String? = nil
                if let parentValue = item["parent"] {
                    guard let p = parentValue.value.stringValue, !p.isEmpty else {
                        throw InputError("\"parent\" must be a criterion id", at: parentValue.location(in: path))
                    }
                    parent = p
                    parents.append((p, parentValue))
                }
                criteria.append(Criterion(
                    id: id, section: section ?? SectionHeuristic.explicitSection(in: text) ?? .any, text: text,
                    points: points, critical: critical, tags: tags, parent: parent, location: at))
            } catch let error as InputError {
                diagnostics += error.diagnostics
            }
        }
        for (parent, value) in parents where !ids.contains(parent) {
            diagnostics.append(.error("parent \(parent) is not a criterion of rubric \(group.id)", at: value.location(in: path)))
        }
        if diagnostics.isEmpty, !criteria.contains(where: { $0.points > 0 }) {
            diagnostics.append(.error("rubric \(group.id) has no item with positive points; a score needs at least one", at: SourceLocation(file: path, line: group.line)))
        }
        guard diagnostics.isEmpty else { throw InputError(diagnostics) }
        return Rubric(
            id: group.id, encounter: group.encounter, version: 1, title: group.title,
            source: "Imported from \(fileName) (HealthBench-style rubric items)", criteria: criteria)
    }
}

/// Finds the SOAP section a criterion's text names explicitly ("in the plan", "physical
/// exam"). Conservative on purpose: "advises" or "diagnosis" alone says nothing about where
/// in a note a fact belongs, so such texts stay `any`.
public enum SectionHeuristic {
    static let phrases: [(SOAPSection, [String])] = [
        (.subjective, ["chief complaint", "history of present illness", "in the hpi", "subjective section", "in the subjective", "review of systems"]),
        (.objective, ["physical exam", "on examination", "objective section", "in the objective", "vital signs"]),
        (.assessment, ["in the assessment", "assessment section", "under assessment", "in the impression"]),
        (.plan, ["in the plan", "plan section", "under plan", "under the plan", "to the plan"]),
    ]

    /// The one section whose phrases appear in `text`, or `nil` if none or several do.
    public static func explicitSection(in text: String) -> SOAPSection? {
        let lower = text.lowercased()
        let found = phrases.filter { $0.1.contains(where: lower.contains) }.map(\.0)
        return found.count == 1 ? found[0] : nil
    }
}
