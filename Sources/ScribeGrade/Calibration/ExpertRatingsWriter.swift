/// Writes expert ratings in the CSV format `ExpertRatingsParser` reads; every cell goes through
/// `CSVTable.field`, so names that start like a formula are safe in a spreadsheet and read back
/// unchanged.
public enum ExpertRatingsWriter {
    public static func csv(_ ratings: [ExpertRating]) -> String {
        var out = "system,encounter,rubric,criterion,rater,verdict\n"
        for r in ratings {
            out += [r.system, r.encounter, r.rubric ?? "", r.criterion, r.rater, r.verdict.rawValue]
                .map(CSVTable.field).joined(separator: ",") + "\n"
        }
        return out
    }
}
