/// Who made a request: the token's id, its holder's name and role.
public struct Identity: Sendable, Hashable {
    public var tokenID: String
    /// The token's name; a reviewer's answers are stored as this rater's ratings.
    public var name: String
    public var role: Role

    public init(tokenID: String, name: String, role: Role) {
        self.tokenID = tokenID
        self.name = name
        self.role = role
    }

    /// Whether judges' explanations and evidence are shown to this caller.
    func seesExplanations(_ configuration: ServerConfiguration) -> Bool {
        role != .viewer || configuration.viewersSeeExplanations
    }
}
