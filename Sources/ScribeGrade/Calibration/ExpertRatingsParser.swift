import Foundation

/// Reads clinician verdicts: CSV with header `system,encounter,criterion,rater,verdict`
/// (optional `rubric`) or JSONL objects with the same keys. Verdicts are `met` / `not_met`
/// (also `yes`/`no`, `1`/`0`, `true`/`false`). An optional `inclusion_probability` column, in
/// (0, 1], says with what probability the item was drawn for review.
///
/// Every bad line is reported at once, with its line number; a rater rating the same item twice
/// is an error.
public enum ExpertRatingsParser {
    /// The ratings of every file, in order.
    public static func parse(files: [String], source: any FileSource = LocalFileSource()) throws -> [ExpertRating] {
        try files.flatMap { try parse(source.read($0), path: $0) }
    }

    public static func parse(_ text: String, path: String) throws -> [ExpertRating] {
        var ratings: [ExpertRating] = []
        var diagnostics: [Diagnostic] = []
        var seen: [String: Int] = [:]

        let required = ["system", "encounter", "criterion", "rater", "verdict"]
        let file = try FieldRecords(text: text, path: path, required: required, optional: ["rubric", "inclusion_probability"])
        diagnostics = file.diagnostics
        for record in file.records {
            let location = SourceLocation(file: path, line: record.line)
            let missing = required.filter { record[$0] == nil }
            guard missing.isEmpty, let verdictText = record["verdict"] else {
                diagnostics.append(.error("missing \(missing.joined(separator: ", "))", at: location))
                continue
            }
            guard let verdict = Verdict(parsing: verdictText) else {
                diagnostics.append(.error("verdict must be 'met' or 'not_met', found '\(verdictText)'", at: location))
                continue
            }
            if let problem = NameRule.problem(fields: [
                "system": record["system"], "encounter": record["encounter"], "rubric": record["rubric"],
                "criterion": record["criterion"], "rater": record["rater"],
            ]) {
                diagnostics.append(.error(problem, at: location))
                continue
            }
            var probability: Double?
            if let text = record["inclusion_probability"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
                guard let value = Double(text), value.isFinite, value > 0, value <= 1 else {
                    diagnostics.append(.error("inclusion_probability '\(text.prefix(40))' must be a number in (0, 1]", at: location))
                    continue
                }
                probability = value
            }
            let rating = ExpertRating(
                system: record["system"]!, encounter: record["encounter"]!, rubric: record["rubric"],
                criterion: record["criterion"]!, rater: record["rater"]!, verdict: verdict, source: path,
                inclusionProbability: probability)
            let identity = "\(rating.item)\u{1F}\(rating.rater)"
            if let first = seen[identity] {
                diagnostics.append(.error("rater '\(rating.rater)' already rated \(rating.item) on line \(first)", at: location))
                continue
            }
            seen[identity] = record.line
            ratings.append(rating)
        }

        if ratings.isEmpty, diagnostics.isEmpty {
            diagnostics.append(.error("no ratings in file", at: SourceLocation(file: path)))
        }
        guard diagnostics.isEmpty else { throw InputError(diagnostics) }
        return ratings
    }
}
