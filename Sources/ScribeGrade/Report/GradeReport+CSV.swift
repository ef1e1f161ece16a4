extension GradeReport {
    /// The leaderboard as CSV: `system,score,ci95_low,ci95_high,notes,critical_missed,failed,judge`.
    /// Text cells go through `CSVTable.field` (quoted, formulas neutralised); numbers are written as they are.
    /// A system none of whose notes has a score (every judgment failed) has an empty score, not 0.
    public func leaderboardCSV() -> String {
        var out = "system,score,ci95_low,ci95_high,notes,critical_missed,failed,judge\n"
        for system in systems {
            let ci = system.ci95.count == 2 ? system.ci95.map { String($0) } : ["", ""]
            out += [
                CSVTable.field(system.system), hasScore(system.system) ? String(system.score) : "", ci[0], ci[1], String(system.notes),
                String(system.criticalMissed), String(system.failed), CSVTable.field(judgeLabel),
            ].joined(separator: ",") + "\n"
        }
        return out
    }

    /// One row per note and criterion:
    /// `system,encounter,rubric,criterion,points,verdict,failure,note_score,note_score_clipped`.
    public func criteriaCSV() -> String {
        var out = "system,encounter,rubric,criterion,points,verdict,failure,note_score,note_score_clipped\n"
        for note in notes {
            for criterion in note.criteria {
                out += [
                    CSVTable.field(note.system), CSVTable.field(note.encounter), CSVTable.field(note.rubric),
                    CSVTable.field(criterion.id), RubricWriter.number(criterion.points),
                    criterion.verdict?.rawValue ?? "", CSVTable.field(criterion.failure ?? ""),
                    note.score.map { String($0) } ?? "", note.scoreClipped.map { String($0) } ?? "",
                ].joined(separator: ",") + "\n"
            }
        }
        return out
    }
}
