/// One call the run will make: a judge asked about some criteria of one note.
public struct PlannedRequest: Sendable, Hashable {
    /// Index into the plan's judges.
    public var judge: Int
    public var request: JudgeRequest
    /// The judge's cache key for the request.
    public var key: String

    public init(judge: Int, request: JudgeRequest, key: String) {
        self.judge = judge
        self.request = request
        self.key = key
    }

    /// The key of the judgment for one of the request's criteria.
    public func judgmentKey(_ criterion: String) -> String { "\(key):\(criterion)" }

    public var judgmentKeys: [String] { request.criteria.map { judgmentKey($0.id) } }
}

/// A note matched with a rubric of its encounter: one row of the results.
public struct PlannedNote: Sendable, Hashable, Codable {
    public var system: String
    public var encounter: String
    public var rubric: String

    public init(system: String, encounter: String, rubric: String) {
        self.system = system
        self.encounter = encounter
        self.rubric = rubric
    }
}

/// Everything a run will ask, computed before any call: note × rubric × criterion × judge ×
/// sample. Its id is a hash of the questions, so the same command on unchanged inputs names
/// the same run and resumes it.
public struct RunPlan: Sendable {
    public var id: String
    public var judges: [JudgeDescriptor]
    public var samples: Int
    public var rubrics: [Rubric]
    public var notes: [PlannedNote]
    public var requests: [PlannedRequest]
    /// Notes whose encounter has no rubric; they are reported and not graded.
    public var unmatchedNotes: [Note]

    /// Every judgment key the run needs.
    public var judgmentKeys: [String] { requests.flatMap(\.judgmentKeys) }

    /// Builds the plan. In batched mode a judge that batches gets one request per note, rubric
    /// and section; otherwise one request per criterion.
    ///
    /// - Throws: `InputError` when a judge that reads transcripts has no transcript for an
    ///   encounter it must grade.
    public static func make(
        rubrics: [Rubric], notes: [Note], encounters: [String: Encounter], judges: [any Judge],
        samples: Int = 1
    ) throws -> RunPlan {
        let rubricsByEncounter = Dictionary(grouping: rubrics, by: \.encounter)
        var planned: [PlannedNote] = []
        var requests: [PlannedRequest] = []
        var unmatched: [Note] = []
        var missingTranscripts: Set<String> = []
        let sortedNotes = notes.sorted { ($0.system, $0.encounter) < ($1.system, $1.encounter) }
        for note in sortedNotes {
            guard let noteRubrics = rubricsByEncounter[note.encounter] else {
                unmatched.append(note)
                continue
            }
            for rubric in noteRubrics.sorted(by: { $0.id < $1.id }) {
                planned.append(PlannedNote(system: note.system, encounter: note.encounter, rubric: rubric.id))
                for (judgeIndex, judge) in judges.enumerated() {
                    let encounter = judge.descriptor.readsTranscript ? encounters[note.encounter] : nil
                    if judge.descriptor.readsTranscript, encounter == nil {
                        missingTranscripts.insert(note.encounter)
                        continue
                    }
                    let groups: [[Criterion]] = judge.batchesCriteria
                        ? Dictionary(grouping: rubric.criteria, by: \.section).sorted { $0.key < $1.key }.map(\.value)
                        : rubric.criteria.map { [$0] }
                    for sample in 0..<max(samples, 1) {
                        for criteria in groups {
                            let request = JudgeRequest(
                                rubricID: rubric.id, rubricVersion: rubric.version, criteria: criteria,
                                note: note, encounter: encounter, sample: sample)
                            requests.append(PlannedRequest(judge: judgeIndex, request: request, key: judge.cacheKey(for: request)))
                        }
                    }
                }
            }
        }
        if !missingTranscripts.isEmpty {
            let names = judges.filter(\.descriptor.readsTranscript).map(\.descriptor.name).joined(separator: ", ")
            throw InputError(missingTranscripts.sorted().map {
                Diagnostic.error("no transcript for encounter '\($0)', which judge \(names) needs; pass --transcripts DIR holding \($0).txt, .json or a TextGrid", at: SourceLocation(file: "--transcripts"))
            })
        }
        var hasher = ContentHasher()
        for judge in judges {
            hasher.add(judge.descriptor.name)
            hasher.add(judge.descriptor.fingerprint)
        }
        hasher.add(String(samples))
        for request in requests { hasher.add(request.key) }
        return RunPlan(
            id: "run-" + String(hasher.hexDigest().prefix(12)), judges: judges.map(\.descriptor),
            samples: max(samples, 1), rubrics: rubrics.filter { r in planned.contains { $0.rubric == r.id } },
            notes: planned, requests: requests, unmatchedNotes: unmatched)
    }
}
