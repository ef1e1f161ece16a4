/// Where the criterion goes in the user message.
public enum PromptLayout: String, Sendable, Hashable, Codable {
    /// Transcript and note first, criterion last: the prefix is shared by a note's criteria and
    /// billed once from the provider's prompt cache. The layout every judge uses.
    case sharedFirst = "shared-first"
    /// Criterion first: kept only to measure what the shared-prefix layout saves.
    case criterionFirst = "criterion-first"
}

/// A judge request rendered from a template: what is sent to the provider.
public struct RenderedPrompt: Sendable, Hashable {
    public var kind: PromptKind
    public var layout: PromptLayout
    /// The system message, identical for every call made from one template.
    public var system: String
    /// Transcript and note in their delimited blocks, identical for every criterion of a note.
    public var shared: String
    /// The criterion (or criteria, or statement) asked about.
    public var question: String
    public var schema: VerdictSchema
    /// SHA-256 of the template text.
    public var templateHash: String
    /// The ids of the criteria asked about, in order.
    public var criterionIDs: [String]
    /// The delimiter tag of the transcript and note blocks.
    public var tag: String
    /// The transcript and note as rendered into `shared`, for checking evidence quotes.
    public var transcriptText: String
    public var noteText: String

    /// The user message in its parts, in the order sent: with the shared-first layout the
    /// first part is the cacheable prefix.
    public var userParts: [String] {
        layout == .sharedFirst ? [shared, question] : [question, shared]
    }

    /// The whole user message.
    public var user: String { userParts.joined() }

    /// UTF-8 bytes of the system and user messages, without joining the user message.
    public var inputBytes: Int { system.utf8.count + shared.utf8.count + question.utf8.count }
}

/// Renders judge requests from prompt templates.
///
/// Everything shared comes first — the system instructions, then the transcript and the note —
/// and the criterion last, so a note's requests share a byte-identical prefix. Transcript and
/// note sit in blocks delimited by a tag that occurs in neither (see `DataBlockTag`).
public struct PromptRenderer: Sendable, Hashable {
    public var template: PromptTemplate
    public var layout: PromptLayout

    public init(template: PromptTemplate, layout: PromptLayout = .sharedFirst) {
        self.template = template
        self.layout = layout
    }

    public var kind: PromptKind { template.kind }

    /// The names whose values depend on the note and the transcript alone.
    static let textNames: Set<String> = ["tag", "transcript", "note"]

    /// The transcript a request's prompt shows.
    public static func transcript(of request: JudgeRequest) -> String {
        request.encounter?.text ?? "(no transcript)"
    }

    /// Renders a request; `prepared` (for the request's note and transcript) saves re-reading
    /// both texts to choose the data-block tag.
    public func render(_ request: JudgeRequest, prepared: PreparedTexts? = nil) -> RenderedPrompt {
        let transcript = Self.transcript(of: request)
        let note = request.note.text
        let tag = prepared?.tag ?? DataBlockTag.choose(for: [transcript, note])
        var values: [String: TemplateValue] = [
            "tag": .text(tag), "transcript": .text(transcript), "note": .text(note),
        ]
        let first = request.criteria.first
        switch template.kind {
        case .perCriterion:
            values["criterion_id"] = .text(first?.id ?? "")
            values["criterion_text"] = .text(first?.text ?? "")
            values["criterion_section"] = .text(first?.section.rawValue ?? "")
            values["penalty"] = .flag(first?.isPenalty ?? false)
        case .batched:
            values["section"] = .text(first?.section.rawValue ?? "any")
            values["count"] = .text(String(request.criteria.count))
            values["criteria"] = .list(request.criteria.map { criterion in
                [
                    "id": .text(criterion.id), "text": .text(criterion.text),
                    "section": .text(criterion.section.rawValue), "penalty": .flag(criterion.isPenalty),
                ]
            })
        case .statementCheck:
            let statement = first?.text ?? ""
            values["statement_id"] = .text(first?.id ?? "")
            values["statement"] = .text(statement)
            values["statement_tag"] = .text(DataBlockTag.choose(for: [statement]))
        case .scribe:
            break  // transcript only: the note is what is asked for
        }
        return RenderedPrompt(
            kind: template.kind, layout: layout,
            system: template.system.render(values),
            shared: prepared?.sharedPart(of: template) { template.shared.render(values) } ?? template.shared.render(values),
            question: template.question.render(values),
            schema: template.kind == .batched ? .batched : template.kind == .scribe ? .soapNote : .single, templateHash: template.hash,
            criterionIDs: template.kind == .statementCheck ? (first.map { [$0.id] } ?? []) : request.criteria.map(\.id),
            tag: tag, transcriptText: transcript, noteText: note)
    }
}
