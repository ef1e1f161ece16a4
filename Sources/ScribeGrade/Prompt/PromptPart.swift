import Mustache

/// One part of a prompt template (system, shared or question), compiled once by swift-mustache.
///
/// A prompt is plain text: the part is rendered with Mustache's `TEXT` content type, so a
/// placeholder's value is inserted as it is, never escaped (see `TemplateValue` for what each
/// kind of value renders as). A tag alone on its line takes the line with it, and the blocks the
/// bundled templates share are partials (`{{> name}}`, see `PromptPartials`).
struct PromptPart: Sendable, Hashable {
    /// The part as written.
    let source: String
    let template: MustacheTemplate
    /// Every placeholder and section name the part uses, in its partials too.
    let names: Set<String>
    /// The rendering of a part that uses no name (a system part, usually), made once.
    let constant: String?

    /// The line that switches a template, and each partial, to plain text: a pragma alone on
    /// its line renders as nothing.
    static let textPragma = "{{% CONTENT_TYPE: TEXT}}\n"

    /// Compiles a part.
    ///
    /// - Throws: `PromptPart.SyntaxError` naming the tag that is unclosed, mismatched or malformed.
    init(_ source: String) throws(SyntaxError) {
        self.source = source
        do {
            template = try MustacheTemplate(string: Self.textPragma + source)
        } catch let error as MustacheTemplate.ParserError {
            throw SyntaxError(error, in: source)
        } catch {
            throw SyntaxError(message: String(describing: error), line: nil, column: nil)
        }
        names = Self.names(in: template)
        constant = names.isEmpty ? template.render(PromptScope(values: [:]), library: PromptPartials.library) : nil
    }

    func render(_ values: [String: TemplateValue]) -> String {
        constant ?? template.render(PromptScope(values: values), library: PromptPartials.library)
    }

    static func == (lhs: PromptPart, rhs: PromptPart) -> Bool { lhs.source == rhs.source }
    func hash(into hasher: inout Hasher) { hasher.combine(source) }

    /// The names a template looks up, found by rendering it with values that record each lookup:
    /// once with every name a one-item list (every section's body renders), once with every name
    /// missing (every inverted section's body renders).
    static func names(in template: MustacheTemplate) -> Set<String> {
        final class Recorder {
            var names: Set<String> = []
            let present: Bool
            init(present: Bool) { self.present = present }
        }
        struct Probe: MustacheParent, MustacheCustomRenderable {
            let recorder: Recorder
            func child(named name: String) -> Any? {
                recorder.names.insert(name)
                return recorder.present ? [self] : nil
            }
            var renderText: String { "" }
            var isNull: Bool { false }
        }
        let present = Recorder(present: true), missing = Recorder(present: false)
        _ = template.render(Probe(recorder: present), library: PromptPartials.library)
        _ = template.render(Probe(recorder: missing), library: PromptPartials.library)
        return present.names.union(missing.names)
    }

    /// A template that does not parse, with the position of the fault in the part where known.
    struct SyntaxError: Error, Sendable, CustomStringConvertible {
        var message: String
        /// 1-based, in the part's text.
        var line: Int?
        var column: Int?
        var description: String { message }

        init(message: String, line: Int?, column: Int?) {
            self.message = message
            self.line = line
            self.column = column
        }

        init(_ error: MustacheTemplate.ParserError, in source: String) {
            // The parsed text starts with the pragma line.
            let line = error.context.lineNumber - 1, column = error.context.columnNumber
            switch error.error as? MustacheTemplate.Error {
            case .expectedSectionEnd?:
                let name = Self.unclosedSection(in: source)
                self.init(message: name.map { "'{{#\($0)}}' is never closed" } ?? "a section is never closed", line: nil, column: nil)
            case .sectionCloseNameIncorrect?:
                let name = error.context.line.dropFirst(column - 1).prefix { $0.isLetter || $0.isNumber || "._-?*".contains($0) }
                self.init(message: "'{{/\(name)}}' closes nothing open", line: line, column: column)
            case .unfinishedName?, nil:  // nil: the parser ran off the end of the text
                self.init(
                    message: "a tag without its closing '}}', or with a name of other than letters, digits and . _ - ?",
                    line: line, column: column)
            default:
                self.init(message: "malformed tag (\(error.error))", line: line, column: column)
            }
        }

        /// The innermost section left open: the one a closing tag added at the end would close.
        static func unclosedSection(in source: String) -> String? {
            let opened = source.matches(of: #/\{\{\s*[#^]\s*([A-Za-z0-9._?*-]+)\s*\}\}/#).map { String($0.output.1) }
            for name in Set(opened) {
                do {
                    _ = try MustacheTemplate(string: source + "{{/\(name)}}")
                    return name
                } catch let error as MustacheTemplate.ParserError {
                    if case .sectionCloseNameIncorrect? = error.error as? MustacheTemplate.Error { continue }
                    return name
                } catch {
                    return name
                }
            }
            return nil
        }
    }
}
