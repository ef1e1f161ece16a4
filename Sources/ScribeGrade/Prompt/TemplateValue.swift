import Mustache

/// A value a prompt template placeholder stands for: text, a condition, or a list of items
/// each rendered with its own values.
///
/// In a template, `{{name}}` inserts text as it is (prompts are never escaped), a flag as
/// `true` or `false` and a list or a name with no value as nothing; `{{#name}}…{{/name}}`
/// renders its body once per list item, when a flag is true or when text is not empty, and
/// `{{^name}}…{{/name}}` in the other cases.
public enum TemplateValue: Sendable, Hashable {
    case text(String)
    case flag(Bool)
    case list([[String: TemplateValue]])

    /// The object swift-mustache renders for this value.
    var mustacheValue: Any {
        switch self {
        case let .text(text): PromptTextValue(text: text)
        case let .flag(flag): flag
        case let .list(items): PromptListValue(items: items.map(PromptScope.init))
        }
    }
}

/// The values of a template, or of one list item, as swift-mustache looks names up in them.
/// Also renders as nothing itself, and lends no name of its own to a lookup.
struct PromptScope: MustacheParent, MustacheCustomRenderable {
    var values: [String: TemplateValue]

    func child(named name: String) -> Any? { values[name]?.mustacheValue }
    var renderText: String { "" }
    var isNull: Bool { false }
}

/// Text: inserted as it is, and a section over it renders when it is not empty.
struct PromptTextValue: MustacheParent, MustacheCustomRenderable {
    var text: String

    func child(named name: String) -> Any? { nil }
    var renderText: String { text }
    var isNull: Bool { text.isEmpty }
}

/// A list: a section renders once per item, and the list inserted as a placeholder is nothing.
struct PromptListValue: MustacheSequence, MustacheParent, MustacheCustomRenderable {
    var items: [PromptScope]

    func makeIterator() -> IndexingIterator<[PromptScope]> { items.makeIterator() }
    func child(named name: String) -> Any? { nil }
    var renderText: String { "" }
    var isNull: Bool { false }
}
