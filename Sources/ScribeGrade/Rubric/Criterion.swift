/// One rubric item: a statement about a note that a judge decides is met or not met.
///
/// Positive `points` reward a note that meets the criterion; negative points are a penalty,
/// and "met" then means the note made the error the criterion describes.
public struct Criterion: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var section: SOAPSection
    public var text: String
    public var points: Double
    /// A critical criterion that is not met (or, for a penalty, that is met) is reported
    /// as a critical miss.
    public var critical: Bool
    public var tags: [String]
    /// The id of the criterion this one refines, if any.
    public var parent: String?
    /// Where the criterion was declared; `nil` for criteria built in code.
    public var location: SourceLocation?

    public init(
        id: String, section: SOAPSection = .any, text: String, points: Double,
        critical: Bool = false, tags: [String] = [], parent: String? = nil,
        location: SourceLocation? = nil
    ) {
        self.id = id
        self.section = section
        self.text = text
        self.points = points
        self.critical = critical
        self.tags = tags
        self.parent = parent
        self.location = location
    }

    /// True when the criterion describes an error (negative points).
    public var isPenalty: Bool { points < 0 }

    /// Whether a credit in [0, 1] counts as a critical miss for this criterion: below ½, or for
    /// a penalty above ½.
    public func isCriticalMiss(credit: Double) -> Bool {
        critical && (isPenalty ? credit > 0.5 : credit < 0.5)
    }
}
