import Foundation

/// Reads long-format ratings: a CSV file with a header naming `unit`, `rater` and `value`
/// (other columns are ignored), one rating per row.
///
/// Whitespace around fields is ignored. A row whose value is blank is a missing rating and is
/// skipped. On ordinal and interval scales values must be numbers (`3`, `3.0`, `-0.5e1`);
/// on a nominal scale they are labels compared as text. Every problem is reported, each with its
/// file and line, in one ``InputError``.
public enum RatingsCSV {
    public static let columns = ["unit", "rater", "value"]

    /// The table of the ratings in `text`, read from the file at `path`.
    public static func read(_ text: String, path: String, scale: RatingScale) throws -> RatingTable {
        let csv = try CSVTable(parsing: text, path: path)
        try csv.require(columns: columns)
        var builder = try RatingTable.Builder(scale: scale)
        var lines: [Int] = []  // the line of each rating added, for duplicate errors
        var diagnostics: [Diagnostic] = []
        for row in csv.rows {
            let location = SourceLocation(file: path, line: row.line)
            guard row.fields.count == csv.header.count else {
                diagnostics.append(.error(
                    "expected \(csv.header.count) fields as in the header, found \(row.fields.count)", at: location))
                continue
            }
            let unit = field(row, "unit")
            let rater = field(row, "rater")
            let value = field(row, "value")
            if unit.isEmpty { diagnostics.append(.error("empty unit", at: location)) }
            if rater.isEmpty { diagnostics.append(.error("empty rater", at: location)) }
            guard !unit.isEmpty, !rater.isEmpty, !value.isEmpty else { continue }
            do throws(RatingTable.BuildError) {
                try builder.add(unit: unit, rater: rater, value: .label(value))
                lines.append(row.line)
            } catch {
                switch error {
                case .duplicate(let existing):
                    diagnostics.append(.error(
                        "rater '\(rater)' already rated unit '\(unit)' on line \(lines[existing])", at: location))
                case .notNumeric:
                    diagnostics.append(.error(
                        "value '\(value.prefix(40))' is not a finite number; the \(scale.rawValue) scale needs numbers",
                        at: location))
                case .clusterMismatch:
                    preconditionFailure("no clusters are read from CSV")
                }
            }
        }
        if diagnostics.isEmpty, builder.count == 0 {
            diagnostics.append(.error("no ratings", at: SourceLocation(file: path)))
        }
        guard diagnostics.isEmpty else { throw InputError(diagnostics) }
        return builder.build()
    }

    private static func field(_ row: CSVTable.Row, _ column: String) -> String {
        (row[column] ?? "").trimmingCharacters(in: .whitespaces)
    }
}
