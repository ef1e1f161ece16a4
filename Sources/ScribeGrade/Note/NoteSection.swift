/// A stretch of a note under one heading, with the SOAP sections that heading stands for.
public struct NoteSection: Sendable, Hashable, Codable {
    /// The heading as written (`HISTORY OF PRESENT ILLNESS`, `Plan:`), or `nil` for text
    /// before the first heading.
    public var heading: String?
    /// The SOAP sections the heading maps to; empty when the heading is not recognised.
    /// `ASSESSMENT AND PLAN` maps to both assessment and plan.
    public var soap: Set<SOAPSection>
    public var text: String
    /// 1-based line of the heading (or of the first line, for text before any heading).
    public var line: Int

    public init(heading: String?, soap: Set<SOAPSection>, text: String, line: Int) {
        self.heading = heading
        self.soap = soap
        self.text = text
        self.line = line
    }
}
