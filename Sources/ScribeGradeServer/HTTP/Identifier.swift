/// The ids the service accepts for systems, encounters and rubric files: they appear in URLs
/// and file-like paths, so they are limited to letters, digits, `.`, `_` and `-`.
enum Identifier {
    static let maxLength = 128
    /// What a valid id is, as problems state it.
    static let rule = "must be 1 to \(maxLength) characters: letters, digits, '.', '_' or '-'"

    static func isValid(_ value: String) -> Bool {
        !value.isEmpty && value.count <= maxLength && value != "." && value != ".."
            && value.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "." || $0 == "_" || $0 == "-") }
    }

    /// 422 naming `field` when `value` is not a valid id.
    static func require(_ value: String, field: String) throws -> String {
        guard isValid(value) else {
            throw Problem.unprocessable("\(field) \(rule)")
        }
        return value
    }
}
