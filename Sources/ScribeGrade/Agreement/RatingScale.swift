/// The level of measurement of ratings, which decides which statistics apply and how values
/// are compared.
///
/// - `nominal`: values are labels (`met`, `not_met`); only equality matters.
/// - `ordinal`: values are numbers whose order matters but whose distances do not (a 1–5 score).
/// - `interval`: values are numbers whose differences matter.
public enum RatingScale: String, Sendable, Hashable, Codable, CaseIterable {
    case nominal
    case ordinal
    case interval

    /// Whether values must be numbers.
    public var isNumeric: Bool { self != .nominal }
}
