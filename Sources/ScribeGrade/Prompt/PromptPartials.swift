import Mustache

/// The blocks the bundled prompt templates share — the transcript and note blocks, the rules of
/// a rubric, the penalty line, the answer instructions — written once in `Prompts/partials/` and
/// available to every template, a user's too, as `{{> name}}`.
enum PromptPartials {
    /// The partials compiled, each rendering as plain text like the templates that use them.
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in texts {
            // The built-in partials are tested to parse; a failure here is a build defect.
            try! library.register(PromptPart.textPragma + text, named: name)
        }
        return library
    }()

    /// `text` with every tag of a built-in partial written out as Mustache renders it: a tag
    /// alone on its line replaces the line, each line of the partial indented like the tag; any
    /// other tag is replaced by the partial's text. A template's hash is taken over this text,
    /// so a template that uses a partial hashes as one that copies its text, and a changed
    /// partial changes the hash of every template that uses it.
    static func expand(_ text: String, depth: Int = 0) -> String {
        guard depth < 8, text.contains("{{") else { return text }
        let lines = text.components(separatedBy: "\n")
        var out = ""
        for (index, line) in lines.enumerated() {
            let last = index == lines.count - 1
            if let match = line.wholeMatch(of: #/([ \t]*)\{\{>\s*([A-Za-z0-9._?*\/-]+)\s*\}\}[ \t]*/#),
               let partial = texts[String(match.output.2)] {
                let indent = String(match.output.1)
                let pieces = expand(partial, depth: depth + 1).components(separatedBy: "\n")
                out += pieces.enumerated().map { $0.offset == pieces.count - 1 && $0.element.isEmpty ? "" : indent + $0.element }
                    .joined(separator: "\n")
                continue
            }
            out += line.replacing(#/\{\{>\s*([A-Za-z0-9._?*\/-]+)\s*\}\}/#) { match in
                texts[String(match.output.1)].map { expand($0, depth: depth + 1) } ?? String(match.output.0)
            }
            if !last { out += "\n" }
        }
        return out
    }
}
