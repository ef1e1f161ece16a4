import Foundation
import ScribeGrade

/// What can go wrong with a simulated provider batch (`simulate --batch-faults`).
///
/// `expired`, `cancelled` and `truncated` befall a whole batch (at most one per batch, drawn
/// once when it is created); `errored` befalls single items of a batch that otherwise succeeds.
public enum BatchFault: String, Sendable, Hashable, CaseIterable {
    /// The batch outlives its completion window: no item is answered (OpenAI status `expired`
    /// with `batch_expired` lines in the error file; Anthropic items `expired`).
    case expired
    /// The batch is cancelled before any item is answered, as if from the console (OpenAI
    /// `cancelled` with `batch_cancelled` lines; Anthropic items `canceled`).
    case cancelled
    /// The first download of the batch's results (OpenAI output file, Anthropic results stream)
    /// stops mid-line under a full `content-length`; later downloads are whole.
    case truncated
    /// An item fails with the provider's 500 error body; the other items succeed.
    case errored
}

/// Rates of batch faults, each in [0, 1]; the batch-level ones sum to at most 1.
public struct BatchFaultRates: Sendable, Hashable {
    public var rates: [BatchFault: Double]

    public init(_ rates: [BatchFault: Double] = [:]) {
        self.rates = rates
    }

    public static let none = BatchFaultRates()

    /// The rate at which single items error.
    public var itemErrorRate: Double { rates[.errored] ?? 0 }

    /// Parses `expired=0.1,cancelled=0.05,truncated=0.1,errored=0.2`.
    ///
    /// - Throws: `InputError` at `--batch-faults` naming the bad entry.
    public init(parsing text: String) throws {
        let location = SourceLocation(file: "--batch-faults")
        var parsed: [BatchFault: Double] = [:]
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            guard let equals = entry.firstIndex(of: "=") else { throw InputError("batch fault '\(entry)' must be NAME=RATE", at: location) }
            let name = entry[..<equals].trimmingCharacters(in: .whitespaces)
            guard let fault = BatchFault(rawValue: name) else {
                throw InputError("unknown batch fault '\(name)'; expected \(BatchFault.allCases.map(\.rawValue).joined(separator: ", "))", at: location)
            }
            guard let rate = Double(entry[entry.index(after: equals)...].trimmingCharacters(in: .whitespaces)), (0...1).contains(rate) else {
                throw InputError("rate of batch fault '\(name)' must be a number in [0, 1]", at: location)
            }
            parsed[fault] = rate
        }
        let whole = BatchFaultRates(parsed)
        guard whole.batchLevel.map(\.1).reduce(0, +) <= 1 + 1e-9 else {
            throw InputError("rates of expired, cancelled and truncated add up to more than 1", at: location)
        }
        self = whole
    }

    /// The batch-level faults with their rates, in a fixed order.
    var batchLevel: [(BatchFault, Double)] {
        [BatchFault.expired, .cancelled, .truncated].map { ($0, rates[$0] ?? 0) }
    }

    /// The batch-level fault for a uniform draw in [0, 1), or nil.
    func batchFault(for draw: Double) -> BatchFault? {
        var cumulative = 0.0
        for (fault, rate) in batchLevel {
            cumulative += rate
            if draw < cumulative { return fault }
        }
        return nil
    }
}
