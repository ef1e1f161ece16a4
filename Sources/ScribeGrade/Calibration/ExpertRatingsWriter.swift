/// Writes expert ratings in the CSV format `ExpertRatingsParser` reads; every cell goes through
/// `CSVTable.field`, so names that start like a formula are safe in a spreadsheet and read back
/// unchanged.
public enum ExpertRatingsWriter {
    /// The `inclusion_probability` column is written when some rating carries one.
    public static func csv(_ ratings: [ExpertRating]) -> String {
        let probabilities = ratings.contains { $0.inclusionProbability != nil }
        var out = "system,encounter,rubric,criterion,rater,verdict" + (probabilities ? ",inclusion_probability\n" : "\n")
        for r in ratings {
            var fields = [r.system, r.encounter, r.rubric ?? "", r.criterion, r.rater, r.verdict.rawValue]
            if probabilities { fields.append(r.inclusionProbability.map { "\($0)" } ?? "") }
            out += fields.map(CSVTable.field).joined(separator: ",") + "\n"
        }
        return out
    }
}
