import Foundation
import ScribeGrade

/// The rubric fixture files under `Fixtures/rubrics`, found through the test bundle.
enum RubricFixtures {
    static let directory: String = {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            fatalError("Fixtures missing from the test bundle")
        }
        return url.appendingPathComponent("rubrics").path
    }()

    static func path(_ relative: String) -> String {
        "\(directory)/\(relative)"
    }

    /// Every diagnostic of checking the fixture at `relative`, as printed.
    static func diagnostics(_ relative: String) -> [String] {
        RubricDecoder().check(fileAt: path(relative)).diagnostics.map(\.description)
    }

    /// `expected` lines (`line:col: severity: message`) prefixed with the fixture's path.
    static func lines(_ relative: String, _ expected: [String]) -> [String] {
        expected.map { "\(path(relative)):\($0)" }
    }
}
