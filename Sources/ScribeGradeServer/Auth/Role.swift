/// What a token may do. Roles are fixed; each grants a set of permissions.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
    /// Everything.
    case admin
    /// Submits rubrics, transcripts and notes, starts and cancels runs, and reads.
    case grader
    /// Answers the review queue, submits expert ratings, and reads.
    case reviewer
    /// Reads; sees judges' explanations only if the service allows it.
    case viewer

    /// Whether the role grants `permission`.
    public func allows(_ permission: Permission) -> Bool {
        switch (self, permission) {
        case (.admin, _), (_, .read): return true
        case (.grader, .submit), (.grader, .run): return true
        case (.reviewer, .review): return true
        default: return false
        }
    }
}

/// What a route requires of the caller's role.
public enum Permission: String, Sendable, Hashable, Codable, CaseIterable {
    /// Read rubrics, notes, transcripts, runs, results, ratings, calibration and pages.
    case read
    /// Upload rubrics, transcripts and notes.
    case submit
    /// Start and cancel grading runs.
    case run
    /// Answer the review queue and submit expert ratings.
    case review
    /// Start runs with judges named inline by a base URL (the service would send patient
    /// data wherever the URL points).
    case admin

    /// The roles that hold the permission, as the OpenAPI document lists them.
    public var roles: [Role] { Role.allCases.filter { $0.allows(self) } }
}
