import Foundation
import ScribeGrade

/// The rating files given to `grade`, `statements` or `report` with `--ratings`, turned into the
/// corrected leaderboard; what the estimator refuses is worded here, naming the files.
struct CorrectedLeaderboardInput {
    let files: RatingFiles
    /// The note-level dimension to estimate; nil uses the criterion-level ratings.
    let dimension: String?
    let notRandom: Bool
    /// The rating files, for the messages.
    let paths: [String]

    func leaderboard(_ report: GradeReport) throws -> CorrectedLeaderboard {
        let selection: ExpertSelection = notRandom ? .notRandom : .random
        let location = SourceLocation(file: paths.joined(separator: ", "))
        let board: CorrectedLeaderboard
        do {
            if let dimension {
                let scales = files.noteLevel.reduce(into: [String: NoteRatingScale]()) { $0.merge($1.scales) { first, _ in first } }
                guard let scale = scales[dimension] else {
                    let rated = scales.keys.sorted()
                    throw InputError(
                        "no note-level ratings on dimension '\(dimension)'" + (rated.isEmpty ? "" : "; the files rate \(rated.joined(separator: ", "))"),
                        at: location)
                }
                board = try CorrectedLeaderboard.noteLevel(
                    report: report, ratings: files.noteLevel.flatMap(\.ratings), dimension: dimension, scale: scale, selection: selection)
            } else {
                let ratings = files.criterionLevel.flatMap(\.ratings)
                guard !ratings.isEmpty else {
                    let rated = Set(files.noteLevel.flatMap(\.scales.keys)).sorted()
                    throw InputError(
                        "note-level ratings need --dimension to say which one the corrected scores estimate (the files rate \(rated.joined(separator: ", ")))",
                        at: location)
                }
                board = try CorrectedLeaderboard.criterionLevel(report: report, ratings: ratings, selection: selection)
            }
        } catch let error as CorrectionError {
            throw InputError(Self.message(error), at: location)
        }
        guard board.ratingsMatched > 0 else {
            let unit = board.level == .criterion ? "judged criterion (system, encounter, criterion)" : "graded note (system, encounter)"
            throw InputError("none of the \(board.ratingsGiven) expert ratings names a \(unit) of run \(report.run)", at: location)
        }
        return board
    }

    /// What a refusal of the estimator means to the person who gave the ratings.
    static func message(_ error: CorrectionError) -> String {
        switch error {
        case .selectionNotRandom(let count, _):
            return "\(count) expert-rated items carry no inclusion_probability and the ratings were declared not random (--ratings-not-random): a corrected score from them could be biased in an unknown direction, so none is given; rate items the review queue draws (it records the probability), or give the column"
        case .missingInclusionProbability:
            return "some expert ratings of one system carry an inclusion_probability and others do not: a sample is either simple random (no column) or has a probability for every rated item"
        case .outOfRange(.inclusionProbability, _), .notFinite(.inclusionProbability, _):
            return "an inclusion_probability is not a number in (0, 1]"
        case .noExpertItems:
            return "no expert rating matched a unit the judge scored"
        case .noJudgeItems:
            return "the run has no scored notes to correct"
        case .notFinite, .outOfRange, .countMismatch:
            return "the ratings cannot be used for corrected scores (\(error))"
        }
    }
}
