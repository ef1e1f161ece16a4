/// One rating's value: a label on a nominal scale, a number on an ordinal or interval scale.
public enum RatingValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case label(String)
    case number(Double)

    /// The number, or `nil` for a label.
    public var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The label, or the number printed as the shortest text that reads back the same.
    public var description: String {
        switch self {
        case .label(let label): return label
        case .number(let value):
            if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
            return String(value)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .label(let label): try container.encode(label)
        case .number(let value): try container.encode(value)
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else {
            self = .label(try container.decode(String.self))
        }
    }
}
