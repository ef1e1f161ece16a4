import Foundation
import ScribeGrade

/// A rubric file uploaded to the grading service: its YAML as sent and, for a rubric (not an
/// include fragment), the rubric it decodes to with its includes merged.
public struct RubricDocument: Sendable, Hashable {
    /// The file's path in the service's rubric folder, e.g. `day1_consultation01.yaml` or
    /// `common/soap-quality.yaml`; includes are resolved against these paths.
    public var path: String
    public var yaml: String
    /// `nil` for an include fragment.
    public var rubric: Rubric?
    public var updatedAt: Date

    public init(path: String, yaml: String, rubric: Rubric?, updatedAt: Date = Date()) {
        self.path = path
        self.yaml = yaml
        self.rubric = rubric
        self.updatedAt = updatedAt
    }
}
