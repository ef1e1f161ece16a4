import Foundation
import ScribeGrade

/// How a simulated scribe model writes notes: the share of the transcript's sentences it
/// leaves out, and how often it adds a fact nobody said.
public struct ScribeBehaviour: Sendable, Hashable {
    /// Probability that each sentence of the transcript is left out of the note.
    public var omission: Double
    /// Probability that an invented finding follows a sentence kept in the note.
    public var hallucination: Double

    public init(omission: Double = 0.2, hallucination: Double = 0.05) {
        self.omission = min(max(omission, 0), 1)
        self.hallucination = min(max(hallucination, 0), 1)
    }

    /// The behaviour of a model named in no `--scribe` option.
    public static let `default` = ScribeBehaviour()

    /// Parses `MODEL:omission=R,hallucination=R` (`simulate --scribe`), either rate optional.
    ///
    /// - Throws: `InputError` naming `--scribe` for a missing model, an unknown key or a rate
    ///   outside [0, 1].
    public static func parse(_ text: String) throws -> (model: String, behaviour: ScribeBehaviour) {
        let location = SourceLocation(file: "--scribe")
        guard let colon = text.lastIndex(of: ":"), colon != text.startIndex else {
            throw InputError("scribe '\(text)' must be MODEL:omission=RATE,hallucination=RATE", at: location)
        }
        let model = String(text[..<colon])
        var behaviour = ScribeBehaviour.default
        for entry in text[text.index(after: colon)...].split(separator: ",") {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let rate = Double(parts[1]), rate >= 0, rate <= 1 else {
                throw InputError("scribe '\(model)': '\(entry)' must be omission=RATE or hallucination=RATE with RATE in [0, 1]", at: location)
            }
            switch parts[0] {
            case "omission": behaviour.omission = rate
            case "hallucination": behaviour.hallucination = rate
            default: throw InputError("scribe '\(model)': unknown key '\(parts[0])'; expected omission or hallucination", at: location)
            }
        }
        return (model, behaviour)
    }
}
