// libyaml itself (the C library Yams is built on): its event stream is read once, before any
// tree is composed, so that nothing an upload writes can make composing expensive.
import CYaml

/// One pass over libyaml's events for a YAML text: where it uses anchors or aliases (which
/// rubrics never need, and which let a few hundred bytes stand for billions of nodes), and
/// where a mapping repeats a key. Nothing is composed and no alias is ever expanded: the pass
/// costs time and memory linear in the text.
///
/// The pass stops quietly at a syntax error; composing the text then reports that error with
/// libyaml's own message and position.
struct YAMLEventScan {
    /// Where a node is written: libyaml's 1-based line and column, and the 0-based index of its
    /// first character in the text's Unicode scalars.
    struct Position: Hashable {
        var line: Int
        var column: Int
        var index: Int
    }

    /// A scalar key that an earlier key of the same mapping already spelled.
    struct RepeatedKey {
        var name: String
        /// The key token, from its first character (or its tag) to just after it.
        var start: Position
        var endIndex: Int
        /// The line of the key's first use in the mapping.
        var firstLine: Int
        /// How many repeats of any key came before this one in its mapping: the repeat's number,
        /// which keeps the placeholders of one mapping apart.
        var ordinal: Int
    }

    /// Each anchor (`&name`) and alias (`*name`), in text order.
    private(set) var anchorsAndAliases: [Position] = []
    /// Each repeated key, in text order.
    private(set) var repeatedKeys: [RepeatedKey] = []

    /// A mapping or sequence being read; a mapping knows its keys and whether a key comes next.
    private struct Collection {
        var isMapping: Bool
        var expectsKey = true
        /// Each key so far, with the line of its first use.
        var keys: [String: Int] = [:]
        var repeats = 0
    }

    init(_ text: String) {
        let utf8 = Array(text.utf8)
        if utf8.isEmpty { return }
        utf8.withUnsafeBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            readEvents(&parser)
        }
    }

    private mutating func readEvents(_ parser: inout yaml_parser_t) {
        var open: [Collection] = []
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { return }
            defer { yaml_event_delete(&event) }
            let start = Position(
                line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1,
                index: Int(event.start_mark.index))
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return
            case YAML_ALIAS_EVENT:
                anchorsAndAliases.append(start)
                node(in: &open, key: nil, start: start, end: event.end_mark)
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                if scalar.anchor != nil { anchorsAndAliases.append(start) }
                let name = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                node(in: &open, key: name, start: start, end: event.end_mark)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
                if anchor != nil { anchorsAndAliases.append(start) }
                node(in: &open, key: nil, start: start, end: event.end_mark)
                open.append(Collection(isMapping: isMapping))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                _ = open.popLast()
            default:
                continue
            }
        }
    }

    /// A node starts inside the innermost open collection: in a mapping, keys and values
    /// alternate, and a scalar key already used there is a repeat.
    private mutating func node(in open: inout [Collection], key name: String?, start: Position, end: yaml_mark_t) {
        guard let last = open.indices.last, open[last].isMapping else { return }
        defer { open[last].expectsKey.toggle() }
        guard open[last].expectsKey, let name else { return }
        guard let firstLine = open[last].keys[name] else {
            open[last].keys[name] = start.line
            return
        }
        repeatedKeys.append(RepeatedKey(
            name: name, start: start, endIndex: Int(end.index), firstLine: firstLine, ordinal: open[last].repeats))
        open[last].repeats += 1
    }
}
