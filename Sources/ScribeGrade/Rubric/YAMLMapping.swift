import Yams

/// A YAML mapping node read by key, for decoders that report every problem instead of
/// stopping at the first: lookups never fail, and `unknownKeys` names what does not belong.
struct YAMLMapping {
    struct Entry {
        var key: String
        var keyNode: Node
        var value: Node
    }

    var node: Node
    var entries: [Entry]
    /// Keys that are not scalars (`? [a, b]: …`): always a mistake in ScribeGrade's files.
    var complexKeys: [Node]

    init?(_ node: Node) {
        guard case .mapping(let mapping) = node else { return nil }
        self.node = node
        var entries: [Entry] = []
        var complexKeys: [Node] = []
        for (key, value) in mapping {
            if let scalar = key.scalar {
                entries.append(Entry(key: scalar.string, keyNode: key, value: value))
            } else {
                complexKeys.append(key)
            }
        }
        self.entries = entries
        self.complexKeys = complexKeys
    }

    subscript(_ key: String) -> Node? {
        entries.last { $0.key == key }?.value
    }

    func contains(_ key: String) -> Bool {
        entries.contains { $0.key == key }
    }

    /// The key node of `key`, for diagnostics about the key itself.
    func keyNode(_ key: String) -> Node? {
        entries.last { $0.key == key }?.keyNode
    }

    /// Each key not in `known`, with the message to report at it: a "did you mean" hint when a
    /// known key is a small edit away, else the list of known keys.
    func unknownKeys(known: [String]) -> [(node: Node, message: String)] {
        entries.filter { !known.contains($0.key) }.map { entry in
            if let suggestion = ClosestMatch.find(entry.key, in: known) {
                return (entry.keyNode, "unknown key '\(entry.key)'; did you mean '\(suggestion)'?")
            }
            return (entry.keyNode, "unknown key '\(entry.key)'; expected one of \(known.joined(separator: ", "))")
        }
    }
}

extension Node {
    /// The resolved tag's name (`Tag.name` itself is internal to Yams).
    var tagName: Tag.Name {
        Tag.Name(rawValue: tag.rawValue)
    }

    /// True for a plain `~`, `null` or empty value: YAML's "no value". (Yams' null rule,
    /// matched directly: resolving a tag runs every resolver regex.)
    var isNull: Bool {
        guard case .scalar(let scalar) = self, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// What the node is, for "must be X, not Y" messages: "a list", "a mapping", "a number"…
    var kindDescription: String {
        switch self {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar:
            if isNull { return "empty" }
            switch tagName {
            case .int, .float: return "a number"
            case .bool: return "a boolean"
            default: return "a string"
            }
        }
    }
}
