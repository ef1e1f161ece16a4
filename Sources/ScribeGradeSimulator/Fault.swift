import Foundation
import ScribeGrade

/// A fault the simulator can inject into a response.
public enum Fault: String, Sendable, Hashable, Codable, CaseIterable {
    /// 429 with `retry-after` (and `retry-after-ms` on the OpenAI endpoint).
    case rateLimited = "429"
    /// 500 with the provider's internal-error body.
    case serverError = "500"
    /// 503 on the OpenAI endpoint; 529 `overloaded_error` on the Anthropic one (the status
    /// Anthropic uses for overload).
    case unavailable = "503"
    /// 529 `overloaded_error` on the Anthropic endpoint; 503 on the OpenAI one.
    case overloaded = "529"
    /// No response until the client gives up (the connection is closed after `hangSeconds`).
    case hang
    /// The connection is closed without a response.
    case drop
    /// A 200 whose answer is not JSON of the schema (OpenAI) or lacks the verdict (Anthropic).
    case malformed
    /// A 200 whose body stops halfway, `content-length` promising the whole.
    case truncated
    /// A 200 in which the model refuses (`message.refusal`; `stop_reason: refusal`).
    case refusal
}

/// Rates at which faults are injected, each in [0, 1], summing to at most 1.
public struct FaultRates: Sendable, Hashable {
    public var rates: [Fault: Double]

    public init(_ rates: [Fault: Double] = [:]) {
        self.rates = rates
    }

    public static let none = FaultRates()

    /// Parses `429=0.1,500=0.05,hang=0.02,...`.
    ///
    /// - Throws: `InputError` at `--faults` naming the bad entry.
    public init(parsing text: String) throws {
        var rates: [Fault: Double] = [:]
        let location = SourceLocation(file: "--faults")
        for entry in text.split(separator: ",") where !entry.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { throw InputError("fault '\(entry)' must be NAME=RATE", at: location) }
            guard let fault = Fault(rawValue: parts[0]) else {
                throw InputError("unknown fault '\(parts[0])'; expected \(Fault.allCases.map(\.rawValue).joined(separator: ", "))", at: location)
            }
            guard let rate = Double(parts[1]), rate >= 0, rate <= 1 else {
                throw InputError("rate of fault '\(parts[0])' must be a number in [0, 1]", at: location)
            }
            rates[fault] = rate
        }
        guard rates.values.reduce(0, +) <= 1 + 1e-9 else { throw InputError("fault rates add up to more than 1", at: location) }
        self.rates = rates
    }

    /// The fault for a uniform draw in [0, 1), or nil; faults are laid out in a fixed order.
    public func fault(for draw: Double) -> Fault? {
        var cumulative = 0.0
        for fault in Fault.allCases {
            cumulative += rates[fault] ?? 0
            if draw < cumulative { return fault }
        }
        return nil
    }
}
