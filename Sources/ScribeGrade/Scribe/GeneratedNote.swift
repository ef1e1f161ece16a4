/// A note a scribe model wrote, with the stored answer it came from (model, usage, cost,
/// prompt hash, key).
public struct GeneratedNote: Sendable, Hashable {
    public var system: String
    public var encounter: String
    /// The Markdown note (`SOAPNoteAnswer.markdown`).
    public var text: String
    public var judgment: Judgment
}
