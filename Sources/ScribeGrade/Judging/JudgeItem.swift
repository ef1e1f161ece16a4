import Foundation

/// Which note, rubric and criteria a judge call is about, sent with the call as the
/// `X-ScribeGrade-Item` header so that the simulator can answer from a truth file and log
/// requests by id. Carries ids only, never note or transcript text; real providers ignore it.
///
/// Format: `system=S&encounter=E&rubric=R&criteria=C1,C2&sample=N`, each value
/// percent-encoded (criterion ids separately, so an id may contain a comma).
public struct JudgeItem: Sendable, Hashable, Codable {
    public static let headerName = "X-ScribeGrade-Item"

    public var system: String
    public var encounter: String
    public var rubric: String
    public var criteria: [String]
    public var sample: Int

    public init(system: String, encounter: String, rubric: String, criteria: [String], sample: Int) {
        self.system = system
        self.encounter = encounter
        self.rubric = rubric
        self.criteria = criteria
        self.sample = sample
    }

    public init(_ request: JudgeRequest) {
        self.init(system: request.note.system, encounter: request.note.encounter, rubric: request.rubricID, criteria: request.criteria.map(\.id), sample: request.sample)
    }

    /// `system/encounter`, as `Note.id`.
    public var noteID: String { "\(system)/\(encounter)" }

    static let allowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-_.~")
        return set
    }()

    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    public var headerValue: String {
        "system=\(Self.encode(system))&encounter=\(Self.encode(encounter))&rubric=\(Self.encode(rubric))&criteria=\(criteria.map(Self.encode).joined(separator: ","))&sample=\(sample)"
    }

    /// Parses a header value; nil when it is not one.
    public init?(headerValue: String) {
        var fields: [String: String] = [:]
        for pair in headerValue.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            fields[String(parts[0]).trimmingCharacters(in: .whitespaces)] = String(parts[1])
        }
        guard let system = fields["system"]?.removingPercentEncoding,
              let encounter = fields["encounter"]?.removingPercentEncoding,
              let criteria = fields["criteria"]
        else { return nil }
        self.system = system
        self.encounter = encounter
        self.rubric = fields["rubric"]?.removingPercentEncoding ?? ""
        self.criteria = criteria.split(separator: ",").compactMap { String($0).removingPercentEncoding }
        self.sample = fields["sample"].flatMap { Int($0) } ?? 0
    }
}
