/// One speaker turn of a recorded encounter.
public struct Turn: Sendable, Hashable, Codable {
    /// Who spoke, lower-cased by importers where the source has a fixed role
    /// (`doctor`, `patient`); free text otherwise.
    public var speaker: String
    public var text: String
    /// Start and end in seconds from the beginning of the recording, where known.
    public var start: Double?
    public var end: Double?

    public init(speaker: String, text: String, start: Double? = nil, end: Double? = nil) {
        self.speaker = speaker
        self.text = text
        self.start = start
        self.end = end
    }
}

/// A recorded doctor–patient conversation: the transcript notes are judged against.
public struct Encounter: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var turns: [Turn] {
        didSet { text = Self.text(of: turns) }
    }
    /// The transcript as `Speaker: text` lines, the form prompts and the plain-text format use.
    /// Kept with the turns because every judge call of the encounter sends it.
    public private(set) var text: String

    public init(id: String, turns: [Turn]) {
        self.id = id
        self.turns = turns
        self.text = Self.text(of: turns)
    }

    static func text(of turns: [Turn]) -> String {
        turns.map { "\($0.speaker): \($0.text)" }.joined(separator: "\n")
    }

    enum CodingKeys: String, CodingKey {
        case id, turns
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try container.decode(String.self, forKey: .id), turns: try container.decode([Turn].self, forKey: .turns))
    }
}
