import Foundation

/// Reads note-level ratings: CSV with header `system,encounter,rater,dimension,value` and an
/// optional `inclusion_probability` column, each dimension's scale declared by the caller.
///
/// Every problem is reported at once, compiler-style, with file, line and the column of the
/// field at fault: a dimension without a declared scale (once, naming it), a value outside its
/// scale, an empty field, an inclusion probability outside (0, 1], a rater rating the same
/// note on the same dimension twice.
public enum NoteRatingsParser {
    public static let required = ["system", "encounter", "rater", "dimension", "value"]
    public static let optional = ["inclusion_probability"]

    /// The ratings of `text`, read from the file at `path`, on the `scales` declared.
    public static func parse(_ text: String, path: String, scales: [String: NoteRatingScale]) throws -> NoteRatingsFile {
        let csv = try CSVTable(parsing: text, path: path)
        try csv.require(columns: required)
        let source = RatingSource(path: path, text: text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var ratings: [NoteRating] = []
        var diagnostics: [Diagnostic] = []
        var seen: [String: Int] = [:]
        var undeclared: Set<String> = []
        var used: Set<String> = []

        for row in csv.rows {
            func location(_ column: String) -> SourceLocation {
                let index = csv.header.firstIndex(of: column) ?? 0
                let raw = row.line - 1 < lines.count ? lines[row.line - 1] : ""
                return SourceLocation(file: path, line: row.line, column: fieldColumn(index, in: raw))
            }
            guard row.fields.count == csv.header.count else {
                diagnostics.append(.error(
                    "expected \(csv.header.count) fields as in the header, found \(row.fields.count)",
                    at: SourceLocation(file: path, line: row.line)))
                continue
            }
            var fields: [String: String] = [:]
            var complete = true
            for column in required {
                let value = (row[column] ?? "").trimmingCharacters(in: .whitespaces)
                if value.isEmpty {
                    diagnostics.append(.error("empty \(column)", at: location(column)))
                    complete = false
                }
                fields[column] = value
            }
            guard complete else { continue }
            let dimension = fields["dimension"]!
            guard let scale = scales[dimension] else {
                if undeclared.insert(dimension).inserted {
                    diagnostics.append(.error(
                        "dimension '\(dimension)' has no declared scale; pass --scale \(dimension)=interval:LO:HI | ordinal:L1,L2,… | binary",
                        at: location("dimension")))
                }
                continue
            }
            let valueText = fields["value"]!
            guard let value = scale.number(valueText) else {
                diagnostics.append(.error(
                    "value '\(valueText.prefix(40))' of '\(dimension)' is outside its scale: expected \(scale.expectation)",
                    at: location("value")))
                continue
            }
            var probability: Double?
            if let text = row["inclusion_probability"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
                guard let p = Double(text), p > 0, p <= 1 else {
                    diagnostics.append(.error(
                        "inclusion_probability '\(text.prefix(40))' must be a number in (0, 1]", at: location("inclusion_probability")))
                    continue
                }
                probability = p
            }
            let rating = NoteRating(
                system: fields["system"]!, encounter: fields["encounter"]!, rater: fields["rater"]!,
                dimension: dimension, value: value, inclusionProbability: probability, source: source.id)
            let identity = [rating.system, rating.encounter, rating.rater, dimension].joined(separator: "\u{1F}")
            if let first = seen[identity] {
                diagnostics.append(.error(
                    "rater '\(rating.rater)' already rated \(rating.system)/\(rating.encounter) on '\(dimension)' on line \(first)",
                    at: location("rater")))
                continue
            }
            seen[identity] = row.line
            used.insert(dimension)
            ratings.append(rating)
        }
        if ratings.isEmpty, diagnostics.isEmpty {
            diagnostics.append(.error("no ratings in file", at: SourceLocation(file: path)))
        }
        guard diagnostics.isEmpty else { throw InputError(diagnostics) }
        return NoteRatingsFile(source: source, scales: scales.filter { used.contains($0.key) }, ratings: ratings)
    }

    /// The 1-based column (in characters) where field `index` starts on `line`, reading quotes
    /// as RFC 4180 does; `nil` when the line ends first (a quoted field spanning lines).
    static func fieldColumn(_ index: Int, in line: Substring) -> Int? {
        if index == 0 { return 1 }
        var field = 0
        var inQuotes = false  // a doubled quote toggles twice, which leaves it unchanged
        for (offset, character) in line.enumerated() {
            if character == "\"" {
                inQuotes.toggle()
            } else if character == ",", !inQuotes {
                field += 1
                if field == index { return offset + 2 }
            }
        }
        return nil
    }

    /// Scale declarations `DIMENSION=SCALE` as given on the command line, every bad one reported.
    public static func scales(_ declarations: [String], origin: String = "--scale") throws -> [String: NoteRatingScale] {
        var scales: [String: NoteRatingScale] = [:]
        var diagnostics: [Diagnostic] = []
        for declaration in declarations {
            guard let equals = declaration.firstIndex(of: "=") else {
                diagnostics.append(.error("'\(declaration)' is not DIMENSION=SCALE", at: SourceLocation(file: origin)))
                continue
            }
            let dimension = declaration[..<equals].trimmingCharacters(in: .whitespaces)
            guard !dimension.isEmpty else {
                diagnostics.append(.error("'\(declaration)' names no dimension", at: SourceLocation(file: origin)))
                continue
            }
            do throws(NoteRatingScale.DeclarationError) {
                let scale = try NoteRatingScale(declaration: String(declaration[declaration.index(after: equals)...]))
                if let existing = scales[dimension], existing != scale {
                    diagnostics.append(.error("dimension '\(dimension)' is declared twice, as \(existing) and \(scale)", at: SourceLocation(file: origin)))
                }
                scales[dimension] = scale
            } catch {
                diagnostics.append(.error("scale of '\(dimension)': \(error.message)", at: SourceLocation(file: origin)))
            }
        }
        guard diagnostics.isEmpty else { throw InputError(diagnostics) }
        return scales
    }
}
