import Foundation

/// Records of string fields read from a CSV file with a header or from JSON Lines (one object per
/// line, chosen by a `.jsonl` / `.ndjson` extension), each with the line it came from, so
/// verdict and rating files share one reader.
public struct FieldRecords: Sendable {
    public struct Record: Sendable {
        public var line: Int
        public var fields: [String: String]

        /// The trimmed value, or `nil` when absent or empty.
        public subscript(_ key: String) -> String? {
            guard let value = fields[key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
    }

    public var records: [Record]
    /// Lines that are not JSON objects (JSON Lines only).
    public var diagnostics: [Diagnostic]

    public static func isJSONLines(_ path: String) -> Bool {
        path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson")
    }

    /// Reads `text`; `columns` are the fields kept. A CSV header must name every one of
    /// `required` (throws `InputError` otherwise); in JSON Lines, non-string values count as absent.
    public init(text: String, path: String, required: [String], optional: [String] = []) throws {
        let keys = required + optional
        records = []
        diagnostics = []
        if Self.isJSONLines(path) {
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { continue }
                guard let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any] else {
                    diagnostics.append(.error("not a JSON object", at: SourceLocation(file: path, line: index + 1)))
                    continue
                }
                var fields: [String: String] = [:]
                for key in keys { if let value = object[key] as? String { fields[key] = value } }
                records.append(Record(line: index + 1, fields: fields))
            }
        } else {
            let table = try CSVTable(parsing: text, path: path)
            try table.require(columns: required)
            for row in table.rows {
                var fields: [String: String] = [:]
                for key in keys { if let value = row[key] { fields[key] = value } }
                records.append(Record(line: row.line, fields: fields))
            }
        }
    }
}
