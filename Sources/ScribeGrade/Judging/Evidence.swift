/// Short quotes a judge gave to support its verdict, and which of them were found.
public struct Evidence: Sendable, Hashable, Codable {
    public var note: [String]
    public var transcript: [String]
    /// Quotes that appear in neither text they claim to come from (checked after parsing).
    public var unsupported: [String]

    public init(note: [String] = [], transcript: [String] = [], unsupported: [String] = []) {
        self.note = note
        self.transcript = transcript
        self.unsupported = unsupported
    }

    public var isEmpty: Bool { note.isEmpty && transcript.isEmpty }
}
