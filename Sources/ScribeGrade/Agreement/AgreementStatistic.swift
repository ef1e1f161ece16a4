/// The statistics of an agreement report, named as in its JSON.
public enum AgreementStatistic: String, Sendable, Hashable, Codable, CaseIterable {
    case percentAgreement = "percent_agreement"
    case cohenKappa = "cohen_kappa"
    case quadraticWeightedKappa = "quadratic_weighted_kappa"
    case fleissKappa = "fleiss_kappa"
    case krippendorffAlpha = "krippendorff_alpha"
    case gwetAC1 = "gwet_ac1"
    case macroF1 = "macro_f1"
    case pearson
    case spearman
    case kendallTauB = "kendall_tau_b"
    case icc21 = "icc2_1"

    /// Over all raters, in report order.
    public static let overall: [AgreementStatistic] = [.percentAgreement, .krippendorffAlpha, .fleissKappa, .gwetAC1]
    /// Per pair of raters, in report order.
    public static let pairwise: [AgreementStatistic] = [
        .percentAgreement, .cohenKappa, .gwetAC1, .macroF1, .quadraticWeightedKappa,
        .pearson, .spearman, .kendallTauB,
    ]

    /// A short name for tables.
    public var title: String {
        switch self {
        case .percentAgreement: return "agreement"
        case .cohenKappa: return "kappa"
        case .quadraticWeightedKappa: return "QWK"
        case .fleissKappa: return "Fleiss' kappa"
        case .krippendorffAlpha: return "Krippendorff's alpha"
        case .gwetAC1: return "Gwet's AC1"
        case .macroF1: return "macro F1"
        case .pearson: return "Pearson r"
        case .spearman: return "Spearman rho"
        case .kendallTauB: return "Kendall tau-b"
        case .icc21: return "ICC(2,1)"
        }
    }
}
