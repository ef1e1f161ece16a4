/// A Praat TextGrid: annotation tiers over a recording's time line.
///
/// Only what transcript import needs is kept: interval tiers with their labelled intervals,
/// point tiers with their marks, and the line each item was read from.
public struct TextGrid: Sendable, Hashable {
    public struct Interval: Sendable, Hashable {
        /// Start and end in seconds.
        public var start: Double
        public var end: Double
        public var text: String
        /// The 1-based line of the interval's text in the file.
        public var line: Int

        public init(start: Double, end: Double, text: String, line: Int) {
            self.start = start
            self.end = end
            self.text = text
            self.line = line
        }
    }

    public struct Point: Sendable, Hashable {
        public var time: Double
        public var mark: String
        public var line: Int
    }

    public struct Tier: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable {
            case interval = "IntervalTier"
            case text = "TextTier"
        }

        public var kind: Kind
        public var name: String
        public var start: Double
        public var end: Double
        /// Non-empty for interval tiers only.
        public var intervals: [Interval]
        /// Non-empty for point (text) tiers only.
        public var points: [Point]
        /// The 1-based line of the tier's class in the file.
        public var line: Int
    }

    public var start: Double
    public var end: Double
    public var tiers: [Tier]

    /// The interval tiers, the ones that carry speech.
    public var intervalTiers: [Tier] { tiers.filter { $0.kind == .interval } }
}
