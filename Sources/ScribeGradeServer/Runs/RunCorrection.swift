import Foundation
import ScribeGrade

/// The corrected leaderboard the service shows for a run: its report rectified by the stored
/// criterion-level ratings that name its judged criteria.
///
/// Which ratings: when some carry an inclusion probability (answers to the review queue, which
/// draws at random with known probabilities), only those — a file imported without the column
/// is a sample of unknown size relative to the queue's, and pooling the two designs would bias
/// the estimate — and the page says how many were set aside. Otherwise every rating, as a
/// simple random sample, unless review answers without a probability are among them: those came
/// from a queue that did not draw at random, and the estimate is refused rather than biased.
enum RunCorrection: Sendable, Hashable {
    /// No stored rating names a criterion of this run.
    case none
    /// The leaderboard, and how many ratings without an inclusion probability were set aside.
    case corrected(CorrectedLeaderboard, setAside: Int)
    /// Why the ratings cannot give an unbiased corrected score.
    case refused(String)

    init(_ report: GradeReport, ratings stored: [ExpertRating]) {
        let weighted = stored.filter { $0.inclusionProbability != nil }
        let ratings = weighted.isEmpty ? stored : weighted
        guard !ratings.isEmpty else {
            self = .none
            return
        }
        let selection: ExpertSelection = ratings.contains { $0.source == "review" && $0.inclusionProbability == nil }
            ? .notRandom : .random
        do {
            let board = try CorrectedLeaderboard.criterionLevel(report: report, ratings: ratings, selection: selection)
            self = board.ratingsMatched == 0 ? .none : .corrected(board, setAside: stored.count - ratings.count)
        } catch .selectionNotRandom(let count, _) {
            self = .refused("\(count) rated items are review answers stored without an inclusion probability (from a queue that did not draw at random): a corrected score from them could be biased, so none is shown")
        } catch {
            self = .refused("the stored ratings cannot give a corrected score (\(error))")
        }
    }

    var leaderboard: CorrectedLeaderboard? {
        if case .corrected(let board, _) = self { return board }
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
