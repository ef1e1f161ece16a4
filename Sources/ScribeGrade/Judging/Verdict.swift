/// A judge's decision on one criterion for one note.
public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable {
    case met
    case notMet = "not_met"

    /// Parses `met` / `not_met` and the spellings people write in CSV files
    /// (`not met`, `notmet`, `yes`/`no`, `true`/`false`, `1`/`0`).
    public init?(parsing text: String) {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "met", "yes", "true", "1": self = .met
        case "not_met", "not met", "notmet", "not-met", "no", "false", "0": self = .notMet
        default: return nil
        }
    }

    /// The verdict a credit in [0, 1] stands for: met from ½ up.
    public init(credit: Double) {
        self = credit >= 0.5 ? .met : .notMet
    }
}
