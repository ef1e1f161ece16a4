/// One scribe product's ("system's") note for one encounter.
public struct Note: Sendable, Hashable, Codable, Identifiable {
    /// The product that wrote the note, e.g. `doctor`, `note1`, `BART`.
    public var system: String
    public var encounter: String
    public var text: String
    /// Where the note was read from, for diagnostics.
    public var source: SourceLocation?

    public init(system: String, encounter: String, text: String, source: SourceLocation? = nil) {
        self.system = system
        self.encounter = encounter
        self.text = text
        self.source = source
    }

    /// `system/encounter`, unique within a set of notes.
    public var id: String { "\(system)/\(encounter)" }

    /// The note split at recognised SOAP headings.
    public var sections: [NoteSection] { NoteSectionizer.sections(of: text) }
}
