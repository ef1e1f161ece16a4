import Foundation

/// Reads clinician verdicts: CSV with header `system,encounter,criterion,rater,verdict`
/// (optional `rubric`) or JSONL objects with the same keys. Verdicts are `met` / `not_met`
/// (also `yes`/`no`, `1`/`0`, `true`/`false`).
///
/// Every bad line is reported at once, with its line number; a rater rating the same item twice
/// is an error.
public enum ExpertRatingsParser {
    public static func parse(_ text: String, path: String) throws -> [ExpertRating] {
        var ratings: [ExpertRating] = []
        var diagnostics: [Diagnostic] = []
        var seen: [String: Int] = [:]

        func add(_ fields: [String: String?], line: Int) {
            let location = SourceLocation(file: path, line: line)
            let required = ["system", "encounter", "criterion", "rater", "verdict"]
            let missing = required.filter { (fields[$0] ?? nil)?.trimmingCharacters(in: .whitespaces).isEmpty ?? true }
            guard missing.isEmpty else {
                diagnostics.append(.error("missing \(missing.joined(separator: ", "))", at: location))
                return
            }
            let value = { (key: String) in (fields[key] ?? nil)!.trimmingCharacters(in: .whitespaces) }
            guard let verdict = Verdict(parsing: value("verdict")) else {
                diagnostics.append(.error("verdict must be 'met' or 'not_met', found '\(value("verdict"))'", at: location))
                return
            }
            let rubric = (fields["rubric"] ?? nil).flatMap { $0.isEmpty ? nil : $0 }
            let rating = ExpertRating(
                system: value("system"), encounter: value("encounter"), rubric: rubric,
                criterion: value("criterion"), rater: value("rater"), verdict: verdict, source: path)
            let identity = "\(rating.item)\u{1F}\(rating.rater)"
            if let first = seen[identity] {
                diagnostics.append(.error("rater '\(rating.rater)' already rated \(rating.item) on line \(first)", at: location))
                return
            }
            seen[identity] = line
            ratings.append(rating)
        }

        if path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") {
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { continue }
                guard let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any] else {
                    diagnostics.append(.error("not a JSON object", at: SourceLocation(file: path, line: index + 1)))
                    continue
                }
                var fields: [String: String?] = [:]
                for key in ["system", "encounter", "rubric", "criterion", "rater", "verdict"] {
                    fields[key] = object[key] as? String
                }
                add(fields, line: index + 1)
            }
        } else {
            let table = try CSVTable(parsing: text, path: path)
            try table.require(columns: ["system", "encounter", "criterion", "rater", "verdict"])
            for row in table.rows {
                var fields: [String: String?] = [:]
                for key in ["system", "encounter", "rubric", "criterion", "rater", "verdict"] { fields[key] = row[key] }
                add(fields, line: row.line)
            }
        }
        if ratings.isEmpty, diagnostics.isEmpty {
            diagnostics.append(.error("no ratings in file", at: SourceLocation(file: path)))
        }
        guard diagnostics.isEmpty else { throw InputError(diagnostics) }
        return ratings
    }
}
