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
    /// What the run asks: rubric criteria, or statement support.
    public var task: JudgeTask = .criterion
    /// Each planned note's length in words, by `system/encounter`.
    public var noteWords: [String: Int] = [:]
    /// The part of a split the plan grades, recorded with the run.
    public var split: SplitSelection?

    /// Every judgment key the run needs.
    public var judgmentKeys: [String] { requests.flatMap(\.judgmentKeys) }

    /// Builds the plan of a rubric run: every note against each rubric of its encounter. In
    /// batched mode a judge that batches gets one request per note, rubric and section (a
    /// section larger than the judge's `maxCriteriaPerRequest` in even parts); otherwise one
    /// request per criterion.
    ///
    /// - Throws: `InputError` when a judge that reads transcripts has no transcript for an
    ///   encounter it must grade.
    public static func make(
        rubrics: [Rubric], notes: [Note], encounters: [String: Encounter], judges: [any Judge],
        samples: Int = 1
    ) throws -> RunPlan {
        let rubricsByEncounter = Dictionary(grouping: rubrics, by: \.encounter)
        var pairs: [(Note, Rubric)] = []
        var unmatched: [Note] = []
        for note in notes.sorted(by: { ($0.system, $0.encounter) < ($1.system, $1.encounter) }) {
            guard let noteRubrics = rubricsByEncounter[note.encounter] else {
                unmatched.append(note)
                continue
            }
            for rubric in noteRubrics.sorted(by: { $0.id < $1.id }) { pairs.append((note, rubric)) }
        }
        var plan = try make(pairs: pairs, encounters: encounters, judges: judges, samples: samples, task: .criterion)
        plan.unmatchedNotes = unmatched
        return plan
    }

    /// Builds the plan of a statement check: each note's statements (carried as the criteria of
    /// its own statement set) asked against the transcript. Every judge needs the transcript.
    public static func makeStatementCheck(
        sets: [(note: Note, statements: Rubric)], encounters: [String: Encounter], judges: [any Judge],
        samples: Int = 1
    ) throws -> RunPlan {
        try make(pairs: sets.map { ($0.note, $0.statements) }, encounters: encounters, judges: judges, samples: samples, task: .statementSupport)
    }

    static func make(
        pairs: [(Note, Rubric)], encounters: [String: Encounter], judges: [any Judge], samples: Int,
        task: JudgeTask
    ) throws -> RunPlan {
        var planned: [PlannedNote] = []
        var requests: [PlannedRequest] = []
        var missingTranscripts: Set<String> = []
        var noteWords: [String: Int] = [:]
        for (note, rubric) in pairs {
            noteWords[note.id] = note.text.split(whereSeparator: { $0.isWhitespace }).count
            planned.append(PlannedNote(system: note.system, encounter: note.encounter, rubric: rubric.id))
            for (judgeIndex, judge) in judges.enumerated() {
                let needsTranscript = judge.descriptor.readsTranscript || task == .statementSupport
                let encounter = needsTranscript ? encounters[note.encounter] : nil
                if needsTranscript, encounter == nil {
                    missingTranscripts.insert(note.encounter)
                    continue
                }
                let groups: [[Criterion]] = judge.batchesCriteria && task == .criterion
                    ? Dictionary(grouping: rubric.criteria, by: \.section).sorted { $0.key < $1.key }
                        .flatMap { evenParts($0.value, atMost: judge.maxCriteriaPerRequest) }
                    : rubric.criteria.map { [$0] }
                for sample in 0..<max(samples, 1) {
                    for criteria in groups {
                        let request = JudgeRequest(
                            rubricID: rubric.id, rubricVersion: rubric.version, criteria: criteria,
                            note: note, encounter: encounter, sample: sample, task: task)
                        requests.append(PlannedRequest(judge: judgeIndex, request: request, key: judge.cacheKey(for: request)))
                    }
                }
            }
        }
        if !missingTranscripts.isEmpty {
            let readers = task == .statementSupport ? judges : judges.filter(\.descriptor.readsTranscript)
            let names = readers.map(\.descriptor.name).joined(separator: ", ")
            let why = task == .statementSupport ? "the statement check" : "judge \(names)"
            throw InputError(missingTranscripts.sorted().map {
                Diagnostic.error("no transcript for encounter '\($0)', which \(why) needs; pass --transcripts DIR holding \($0).txt, .json or a TextGrid", at: SourceLocation(file: "--transcripts"))
            })
        }
        requests = try distinct(requests, judges: judges)
        var hasher = ContentHasher()
        for judge in judges {
            hasher.add(judge.descriptor.name)
            hasher.add(judge.descriptor.fingerprint)
        }
        hasher.add(String(samples))
        hasher.add(task.rawValue)
        for request in requests { hasher.add(request.key) }
        return RunPlan(
            id: "run-" + String(hasher.hexDigest().prefix(12)), judges: judges.map(\.descriptor),
            samples: max(samples, 1), rubrics: uniqueRubrics(pairs.map(\.1)),
            notes: planned, requests: requests, unmatchedNotes: [], task: task, noteWords: noteWords)
    }

    /// The requests without repeats of one judge's question (the same rubric given twice).
    ///
    /// - Throws: `InputError` when two judges would ask identical questions (the same judge given
    ///   twice, or two names for one model, prompt and parameters): their judgments would share
    ///   keys, so one would overwrite the other.
    static func distinct(_ requests: [PlannedRequest], judges: [any Judge]) throws -> [PlannedRequest] {
        var asker: [String: Int] = [:]
        var clashes: Set<[Int]> = []
        var kept: [PlannedRequest] = []
        kept.reserveCapacity(requests.count)
        for request in requests {
            if let earlier = asker[request.key] {
                if earlier != request.judge { clashes.insert([earlier, request.judge]) }
                continue
            }
            asker[request.key] = request.judge
            kept.append(request)
        }
        guard clashes.isEmpty else {
            throw InputError(clashes.sorted { $0.lexicographicallyPrecedes($1) }.map { pair in
                let (a, b) = (judges[pair[0]].descriptor.name, judges[pair[1]].descriptor.name)
                let what = a == b ? "judge '\(a)' is given twice" : "judges '\(a)' and '\(b)' would ask identical questions (same model, prompt and parameters)"
                return Diagnostic.error("\(what); their judgments could not be told apart, so give each judge once", at: SourceLocation(file: "--judge"))
            })
        }
        return kept
    }

    /// A section's criteria in as few parts of at most `limit` as possible, their sizes
    /// differing by at most one, in order; a section within the limit stays whole (its request
    /// and keys as without a limit).
    static func evenParts(_ criteria: [Criterion], atMost limit: Int?) -> [[Criterion]] {
        guard let limit, limit >= 1, criteria.count > limit else { return [criteria] }
        let parts = (criteria.count + limit - 1) / limit
        let (size, larger) = criteria.count.quotientAndRemainder(dividingBy: parts)
        var result: [[Criterion]] = []
        var start = 0
        for part in 0..<parts {
            let end = start + size + (part < larger ? 1 : 0)
            result.append(Array(criteria[start..<end]))
            start = end
        }
        return result
    }

    static func uniqueRubrics(_ rubrics: [Rubric]) -> [Rubric] {
        var seen: Set<String> = []
        return rubrics.filter { seen.insert($0.id).inserted }
    }
}
