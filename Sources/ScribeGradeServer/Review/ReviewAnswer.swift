import ScribeGrade

/// A reviewer's answer on one item of the queue, checked against the run before it becomes an
/// expert rating (rater = the reviewer's token name, source `review`).
struct ReviewAnswer: Sendable, Decodable {
    var run: String?
    var system: String
    var encounter: String
    var rubric: String
    var criterion: String
    var verdict: String

    /// The expert rating the answer stands for, or 422 when it names no item of the run.
    func rating(in run: RunRecord, reviewer: String) throws -> ExpertRating {
        guard let verdict = Verdict(rawValue: verdict) else {
            throw Problem.unprocessable("verdict must be met or not_met")
        }
        guard run.notes.contains(PlannedNote(system: system, encounter: encounter, rubric: rubric)),
              run.rubrics.first(where: { $0.id == rubric })?.criterion(criterion) != nil
        else {
            throw Problem.unprocessable("run \(run.id) has no criterion '\(criterion)' of rubric '\(rubric)' for system '\(system)', encounter '\(encounter)'")
        }
        return ExpertRating(system: system, encounter: encounter, rubric: rubric, criterion: criterion, rater: reviewer, verdict: verdict, source: "review")
    }
}
