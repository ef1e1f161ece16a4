extension GradeReport {
    /// The leaderboard as CSV: `system,score,ci95_low,ci95_high,notes,critical_missed,failed,judge`.
    public func leaderboardCSV() -> String {
        var out = "system,score,ci95_low,ci95_high,notes,critical_missed,failed,judge\n"
        for system in systems {
            let ci = system.ci95.count == 2 ? system.ci95.map { String($0) } : ["", ""]
            out += [
                Self.csvField(system.system), String(system.score), ci[0], ci[1], String(system.notes),
                String(system.criticalMissed), String(system.failed), Self.csvField(judgeLabel),
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
                    Self.csvField(note.system), Self.csvField(note.encounter), Self.csvField(note.rubric),
                    Self.csvField(criterion.id), RubricWriter.number(criterion.points),
                    criterion.verdict?.rawValue ?? "", Self.csvField(criterion.failure ?? ""),
                    note.score.map { String($0) } ?? "", note.scoreClipped.map { String($0) } ?? "",
                ].joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// A CSV field, quoted when it holds a comma, quote or line break.
    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
