import Foundation
@testable import ScribeGrade

/// Rating tables from `Fixtures/agreement`. Expected values in the tests were computed with the
/// Python references named next to each (scikit-learn 1.9.1, scipy 1.17.1, krippendorff 0.9.0,
/// statsmodels 0.15.0, pingouin 0.7.0, irrCAC 0.4.4) and, where published, agree with the
/// source's printed value.
enum AgreementFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/agreement")

    static func table(_ name: String, scale: RatingScale = .nominal) throws -> RatingTable {
        let path = directory.appendingPathComponent(name).path
        return try RatingsCSV.read(LocalFileSource().read(path), path: path, scale: scale)
    }

    /// A table from rows of values, one row per unit, `nil` for a missing rating.
    static func table(_ rows: [[Double?]], scale: RatingScale, clusters: [String]? = nil) throws -> RatingTable {
        var builder = try RatingTable.Builder(scale: scale)
        for (u, row) in rows.enumerated() {
            for (r, value) in row.enumerated() {
                guard let value else { continue }
                try builder.add(unit: "u\(u)", rater: "r\(r)", value: .number(value), cluster: clusters?[u])
            }
        }
        return builder.build()
    }

    static func index(_ table: RatingTable, rater: String) -> Int {
        table.raters.firstIndex(of: rater)!
    }
}

/// `#expect(close(a, b))` with the references' tolerance.
func close(_ actual: Double?, _ expected: Double, tolerance: Double = 1e-12) -> Bool {
    guard let actual else { return false }
    return abs(actual - expected) <= tolerance
}
