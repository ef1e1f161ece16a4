import Foundation
import ScribeGrade

/// The corrected leaderboard the service shows for a run: its report rectified by every stored
/// criterion-level rating that names one of its judged criteria (imported files and review
/// answers alike).
///
/// Review answers stored without an inclusion probability came from a queue that did not draw
/// at random; while any is among the ratings, the ratings count as not random and only items
/// with a recorded probability could be used — so the estimate is refused rather than biased.
enum RunCorrection: Sendable, Hashable {
    /// No stored rating names a criterion of this run.
    case none
    case corrected(CorrectedLeaderboard)
    /// Why the ratings cannot give an unbiased corrected score.
    case refused(String)

    init(_ report: GradeReport, ratings: [ExpertRating]) {
        guard !ratings.isEmpty else {
            self = .none
            return
        }
        let selection: ExpertSelection = ratings.contains { $0.source == "review" && $0.inclusionProbability == nil }
            ? .notRandom : .random
        do {
            let board = try CorrectedLeaderboard.criterionLevel(report: report, ratings: ratings, selection: selection)
            self = board.ratingsMatched == 0 ? .none : .corrected(board)
        } catch .selectionNotRandom(let count, _) {
            self = .refused("\(count) rated items carry no inclusion probability (review answers from a queue that did not draw at random): a corrected score from them could be biased, so none is shown")
        } catch .missingInclusionProbability {
            self = .refused("some ratings of a system carry an inclusion probability and others do not (a file imported without the column, next to review answers): a corrected score needs one design per system")
        } catch {
            self = .refused("the stored ratings cannot give a corrected score (\(error))")
        }
    }

    var leaderboard: CorrectedLeaderboard? {
        if case .corrected(let board) = self { return board }
        return nil
    }
}

extension Backend {
    /// The report of a run with its corrected leaderboard, when stored ratings allow one.
    func correctedReport(_ report: GradeReport) async throws -> (GradeReport, RunCorrection) {
        let correction = RunCorrection(report, ratings: try await store.ratings())
        var report = report
        report.correction = correction.leaderboard
        return (report, correction)
    }
}
