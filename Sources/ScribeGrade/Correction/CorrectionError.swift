/// Why expert and judge scores cannot give a corrected estimate. The front end words it; the
/// cases name fields and positions, never scores or note text.
public enum CorrectionError: Error, Sendable, Hashable {
    /// The input that is wrong.
    public enum Field: String, Sendable, Hashable, Codable {
        case expert
        case judge
        case unlabeledJudge = "unlabeled_judge"
        case weights
        case unlabeledWeights = "unlabeled_weights"
        case inclusionProbability = "inclusion_probability"
        case lambda
        case confidence
    }

    /// No expert-rated item: there is nothing to correct the judge with.
    case noExpertItems
    /// No judge score at all (the unlabeled set is empty).
    case noJudgeItems
    /// `field` holds `actual` values where `expected` were needed (one per labeled item).
    case countMismatch(Field, expected: Int, actual: Int)
    /// The value at `index` (0-based) of `field` is NaN or infinite.
    case notFinite(Field, index: Int)
    /// A weight at `index` is not positive, or an inclusion probability not in (0, 1], or λ or
    /// the confidence level out of range (`index` is 0 for those).
    case outOfRange(Field, index: Int)
    /// Expert items were declared not drawn at random and `count` of them carry no inclusion
    /// probability: any estimate from them could be biased in an unknown direction, so none is
    /// given. The first such item is `index` (0-based, in input order).
    case selectionNotRandom(count: Int, index: Int)
    /// Some expert items carry an inclusion probability and the one at `index` does not: a
    /// sample is either simple random (no probabilities) or carries one for every item.
    case missingInclusionProbability(index: Int)
}
