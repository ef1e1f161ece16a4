extension RunPlan {
    /// The plan of `generate`: one scribe request per encounter, asked of `scribe`, whose
    /// answers are filed under `system`. Its id hashes the requests (model, parameters, prompt
    /// and transcripts), so the same command on unchanged inputs resumes the same run and a
    /// finished one asks nothing.
    public static func makeGeneration(encounters: [Encounter], system: String, scribe: any Judge) throws -> RunPlan {
        let pairs = encounters.sorted { $0.id < $1.id }.map { encounter in
            (Note(system: system, encounter: encounter.id, text: ""),
             Rubric(id: ScribeRequest.rubricID(encounter.id), encounter: encounter.id, criteria: [ScribeRequest.criterion]))
        }
        let byID = Dictionary(encounters.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return try make(pairs: pairs, encounters: byID, judges: [scribe], samples: 1, task: .scribe)
    }

    /// The notes a generation plan's stored judgments hold, and the encounters whose note
    /// failed or was not written, in encounter order.
    public func generatedNotes(from judgments: [String: Judgment]) -> (notes: [GeneratedNote], missing: [(encounter: String, reason: String)]) {
        var notes: [GeneratedNote] = []
        var missing: [(String, String)] = []
        for planned in requests.sorted(by: { $0.request.note.encounter < $1.request.note.encounter }) {
            let key = planned.judgmentKey(ScribeRequest.criterionID)
            guard let judgment = judgments[key] else {
                missing.append((planned.request.note.encounter, "not asked"))
                continue
            }
            guard judgment.succeeded, let text = judgment.explanation else {
                missing.append((planned.request.note.encounter, judgment.failure ?? "no note in the answer"))
                continue
            }
            notes.append(GeneratedNote(system: planned.request.note.system, encounter: planned.request.note.encounter, text: text, judgment: judgment))
        }
        return (notes, missing)
    }
}
