/// The criteria a good note of one encounter must meet, written by a clinician.
///
/// A rubric is loaded from `<id>.yaml` (see `RubricDecoder`), with any `include`d files
/// already merged into `criteria`.
public struct Rubric: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    /// The encounter whose notes this rubric grades.
    public var encounter: String
    /// Bumped when criteria change; stored with every judgment.
    public var version: Int
    public var title: String?
    public var source: String?
    /// The include paths as written in the file, relative to it.
    public var includes: [String]
    public var criteria: [Criterion]
    /// The file the rubric was read from; `nil` for rubrics built in code.
    public var path: String?

    public init(
        id: String, encounter: String, version: Int = 1, title: String? = nil,
        source: String? = nil, includes: [String] = [], criteria: [Criterion], path: String? = nil
    ) {
        self.id = id
        self.encounter = encounter
        self.version = version
        self.title = title
        self.source = source
        self.includes = includes
        self.criteria = criteria
        self.path = path
    }

    /// The sum of the positive points: the denominator of every score.
    public var positivePoints: Double {
        criteria.reduce(0) { $0 + max($1.points, 0) }
    }

    public func criterion(_ id: String) -> Criterion? {
        criteria.first { $0.id == id }
    }
}
