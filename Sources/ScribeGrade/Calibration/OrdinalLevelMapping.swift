/// How a judge's note score and clinicians' ratings meet on the levels of an ordinal dimension,
/// for quadratic-weighted κ.
///
/// With `k` levels, numbered 0…k − 1 in their declared (increasing) order:
/// - the judge's raw note score `s`, clipped to [0, 1], falls in one of `k` equal-width bins of
///   [0, 1]: level ⌊s·k⌋, with `s = 1` in the top level (`k − 1`). For a dimension expected to
///   fall as the score rises (``NoteLevelAgreement/expectedSign(of:)`` is `negative`, e.g. an
///   omission grade) the order is reversed, level `k − 1 − ⌊s·k⌋`, so that a perfect score meets
///   the lowest level;
/// - a rating becomes its level's position; the positions several raters gave one note are
///   averaged and rounded to the nearest level, halves upwards (one rater: their own level).
///
/// κ then weighs a disagreement by the squared distance between the two positions
/// (`sklearn.metrics.cohen_kappa_score(judge, experts, weights="quadratic", labels=range(k))`).
public struct OrdinalLevelMapping: Sendable, Hashable {
    public let levels: [String]
    /// Whether a higher score maps to a lower level.
    public let reversed: Bool

    /// The mapping of an ordinal `scale`, reversed for a dimension expected to fall; `nil` for a
    /// binary or interval scale.
    public init?(scale: NoteRatingScale, dimension: String) {
        guard case .ordinal(let levels) = scale else { return nil }
        self.levels = levels
        self.reversed = NoteLevelAgreement.expectedSign(of: dimension) == "negative"
    }

    public var count: Int { levels.count }

    /// The level (0-based position) a judge's note score maps to.
    public func judgeLevel(_ score: Double) -> Int {
        let clipped = min(1, max(0, score))
        let bin = min(count - 1, Int((clipped * Double(count)).rounded(.down)))
        return reversed ? count - 1 - bin : bin
    }

    /// The position of a stored rating value (``NoteRatingScale/number(_:)``: the level's own
    /// number when every level is a number, else its 1-based position); `nil` if no level has it.
    public func position(of value: Double) -> Int? {
        let numeric = levels.compactMap { Double($0) }
        if numeric.count == levels.count { return numeric.firstIndex(of: value) }
        let position = Int(value) - 1
        return Double(position + 1) == value && levels.indices.contains(position) ? position : nil
    }

    /// The level of a note from its raters' values: their mean position, rounded half up.
    public func expertLevel(_ values: [Double]) -> Int? {
        let positions = values.compactMap(position(of:))
        guard !positions.isEmpty, positions.count == values.count else { return nil }
        let mean = Double(positions.reduce(0, +)) / Double(positions.count)
        return min(count - 1, Int((mean + 0.5).rounded(.down)))
    }
}
