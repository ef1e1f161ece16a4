import Foundation

/// The declared scale of one note-level rating dimension: what values a rater may give and how
/// they become numbers.
///
/// Declared on import as `binary`, `ordinal:L1,L2,…` (levels in increasing order) or
/// `interval:LO:HI` (a closed range). Values are stored as numbers: binary `1`/`0` (also
/// `yes`/`no`, `true`/`false`, `met`/`not_met`); an ordinal level as its own number when every
/// level is a number (`1,2,3,4,5`), else as its 1-based position; an interval value as parsed.
public enum NoteRatingScale: Sendable, Hashable, Codable, CustomStringConvertible {
    case binary
    case ordinal(levels: [String])
    case interval(lower: Double, upper: Double)

    /// Why a declaration could not be read; the message names what was expected.
    public struct DeclarationError: Error, Sendable, Hashable {
        public var message: String
    }

    /// Reads `binary`, `ordinal:L1,L2,…` or `interval:LO:HI`.
    public init(declaration text: String) throws(DeclarationError) {
        let expected = "expected binary, ordinal:L1,L2,… or interval:LO:HI"
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "binary" { self = .binary; return }
        if trimmed.hasPrefix("ordinal:") {
            let levels = trimmed.dropFirst("ordinal:".count).split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard levels.count >= 2, !levels.contains(where: \.isEmpty), Set(levels).count == levels.count else {
                throw DeclarationError(message: "an ordinal scale needs two or more distinct, non-empty levels; \(expected)")
            }
            self = .ordinal(levels: levels)
            return
        }
        if trimmed.hasPrefix("interval:") {
            let bounds = Self.splitBounds(String(trimmed.dropFirst("interval:".count)))
            guard let bounds, let lower = Double(bounds.0), let upper = Double(bounds.1),
                lower.isFinite, upper.isFinite, lower < upper
            else {
                throw DeclarationError(message: "an interval scale needs two finite numbers LO < HI; \(expected)")
            }
            self = .interval(lower: lower, upper: upper)
            return
        }
        throw DeclarationError(message: expected)
    }

    /// `LO:HI`, where either bound may carry an exponent or sign.
    private static func splitBounds(_ text: String) -> (String, String)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        return (parts[0].trimmingCharacters(in: .whitespaces), parts[1].trimmingCharacters(in: .whitespaces))
    }

    /// The declaration that reads back as this scale.
    public var description: String {
        switch self {
        case .binary: return "binary"
        case .ordinal(let levels): return "ordinal:" + levels.joined(separator: ",")
        case .interval(let lower, let upper): return "interval:\(RatingValue.number(lower)):\(RatingValue.number(upper))"
        }
    }

    /// The agreement module's level of measurement for this scale.
    public var ratingScale: RatingScale {
        switch self {
        case .binary: return .nominal
        case .ordinal: return .ordinal
        case .interval: return .interval
        }
    }

    /// The number a value stands for, or `nil` when it is not a value of this scale.
    public func number(_ text: String) -> Double? {
        let value = text.trimmingCharacters(in: .whitespaces)
        switch self {
        case .binary:
            switch value.lowercased() {
            case "1", "1.0", "yes", "true", "met": return 1
            case "0", "0.0", "no", "false", "not_met": return 0
            default: return nil
            }
        case .ordinal(let levels):
            let numeric = levels.compactMap { Double($0) }
            if numeric.count == levels.count {
                guard let number = Double(value) else { return nil }
                return numeric.first { $0 == number }
            }
            return levels.firstIndex(of: value).map { Double($0 + 1) }
        case .interval(let lower, let upper):
            guard let number = Double(value), number.isFinite, number >= lower, number <= upper else { return nil }
            return number == 0 ? 0 : number
        }
    }

    /// What a value of this scale looks like, for error messages.
    public var expectation: String {
        switch self {
        case .binary: return "0 or 1 (binary)"
        case .ordinal(let levels): return "one of \(levels.joined(separator: ", ")) (ordinal)"
        case .interval(let lower, let upper): return "a number in [\(RatingValue.number(lower)), \(RatingValue.number(upper))] (interval)"
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try NoteRatingScale(declaration: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }
}
