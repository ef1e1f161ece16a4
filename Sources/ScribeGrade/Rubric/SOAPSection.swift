/// The part of a SOAP note a criterion is about.
///
/// `any` means the criterion may be met anywhere in the note.
public enum SOAPSection: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case subjective
    case objective
    case assessment
    case plan
    case any

    public static func < (lhs: SOAPSection, rhs: SOAPSection) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
