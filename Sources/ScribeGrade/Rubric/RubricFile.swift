/// One rubric or include file as written, before its includes are merged: every field that
/// could be read, where it was written, and the problems found in the file itself.
///
/// Fields that were missing or malformed are `nil`, with an error in `diagnostics`, so the
/// checks that span criteria (duplicate ids, parents) still run on everything else.
struct RubricFile {
    /// A rubric has an `id` or an `encounter`; a file with neither is an include fragment.
    enum Kind: Sendable {
        case rubric
        case fragment
    }

    /// One `include:` entry: the path as written and where.
    struct Include {
        var path: String
        var location: SourceLocation
    }

    /// One criterion with the position of each field, for errors found after merging.
    struct Entry {
        var location: SourceLocation
        var id: String?
        var idLocation: SourceLocation
        var section: SOAPSection?
        var sectionLocation: SourceLocation
        var text: String?
        var textLocation: SourceLocation
        /// `nil` when missing or invalid (an error says which).
        var points: Double?
        var critical: Bool
        var tags: [String]
        var parent: String?
        var parentLocation: SourceLocation

        /// The criterion, if every required field was read.
        var criterion: Criterion? {
            guard let id, let text, let points, let section else { return nil }
            return Criterion(
                id: id, section: section, text: text, points: points, critical: critical,
                tags: tags, parent: parent, location: location)
        }
    }

    var path: String
    var kind: Kind
    /// Where the file's top-level mapping starts: the place for "missing key" errors.
    var location: SourceLocation
    var id: String?
    var idLocation: SourceLocation?
    var encounter: String?
    var version: Int
    var title: String?
    var source: String?
    var includes: [Include]
    var entries: [Entry]
    /// The `criteria:` value, where "no criteria" errors point.
    var criteriaLocation: SourceLocation
    /// Whether `criteria:` was present and a list; "no criteria" is only reported then.
    var hasCriteriaList = false
    var diagnostics: [Diagnostic]
}
