import Foundation
import ArgumentParser

/// A share in [0, 1] given on the command line as a percentage (`5%`) or a fraction (`0.05`).
struct Share: ExpressibleByArgument, Sendable, Hashable, CustomStringConvertible {
    var value: Double

    init(_ value: Double) {
        self.value = value
    }

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces)
        let parsed = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : Double(text)
        guard let parsed, parsed >= 0, parsed <= 1 else { return nil }
        value = parsed
    }

    var description: String {
        let percent = value * 100
        return percent == percent.rounded() ? "\(Int(percent))%" : "\(percent)%"
    }

    var defaultValueDescription: String { description }
}
