/// Writes expert ratings in the CSV format `ExpertRatingsParser` reads.
public enum ExpertRatingsWriter {
    public static func csv(_ ratings: [ExpertRating]) -> String {
        var out = "system,encounter,rubric,criterion,rater,verdict\n"
        for r in ratings {
            out += [r.system, r.encounter, r.rubric ?? "", r.criterion, r.rater, r.verdict.rawValue]
                .map(GradeReport.csvField).joined(separator: ",") + "\n"
        }
        return out
    }
}
