import Foundation
import Hummingbird
import ScribeGrade

/// `/api/runs`: start a grading run of the stored notes against the stored rubrics, poll it,
/// cancel it, and read its results (the JSON contract of `grade --format json`), its
/// judgments and its calibration against the experts.
struct RunRoutes {
    let backend: Backend

    func register(_ routes: RouteTable) {
        routes.get("/api/runs", .read, list)
        routes.post("/api/runs", .run, start)
        routes.get("/api/runs/:run", .read, show)
        routes.post("/api/runs/:run/cancel", .run, cancel)
        routes.get("/api/runs/:run/results", .read, results)
        routes.get("/api/runs/:run/judgments", .read, judgments)
        routes.get("/api/runs/:run/calibration", .read, calibration)
    }

    struct StartRequest: Decodable {
        let judges: [String]
        let systems: [String]?
        let encounters: [String]?
        let samples: Int?
        let max_cost: Double?
        let concurrency: Int?
    }

    struct JudgeBody: Encodable {
        let name: String
        let kind: String
        let label: String
        let model: String?
    }

    struct Progress: Encodable {
        /// Judgments the run needs.
        let total: Int
        /// Stored with a verdict.
        let answered: Int
        /// Stored as failed.
        let failed: Int
        /// Of `answered`, found in the store when this invocation started (only while running).
        let reused: Int?
        let tokens: TokenUsage?
        let cost: Double?
    }

    struct Summary: Encodable {
        let id: String
        let status: String
        /// Whether this service is executing the run now.
        let active: Bool
        let created_at: Date
        let task: String
        let samples: Int
        let judges: [JudgeBody]
        let notes: Int
        let systems: [String]
        let encounters: Int
        let progress: Progress?
    }

    /// A run's summary. A run in flight reports its engine's progress; a finished one what is
    /// stored. Callers look the run up in the coordinator before they read the store, so a
    /// run ending in between is never reported as running with its final answers missing.
    func summary(_ record: RunRecord) async -> Summary {
        summary(record, snapshot: await backend.runs.snapshot(record.id), stored: nil)
    }

    func summary(_ record: RunRecord, snapshot: RunCoordinator.Snapshot?, stored: [String: Judgment]?) -> Summary {
        var progress: Progress?
        var status = record.status.rawValue
        if let snapshot {
            let p = snapshot.progress
            status = snapshot.cancelRequested ? "cancelling" : RunStatus.running.rawValue
            progress = Progress(
                total: p.total, answered: p.reused + p.done - p.failed, failed: p.failed, reused: p.reused,
                tokens: p.usage, cost: p.cost)
        } else if let stored {
            let judgments = record.judgmentKeys.compactMap { stored[$0] }
            progress = Progress(
                total: record.judgmentKeys.count, answered: judgments.filter(\.succeeded).count,
                failed: judgments.filter { !$0.succeeded }.count, reused: nil,
                tokens: judgments.reduce(TokenUsage.zero) { $0 + $1.usage }, cost: judgments.reduce(0) { $0 + $1.cost })
        }
        return Summary(
            id: record.id, status: status, active: snapshot != nil, created_at: record.createdAt, task: record.task.rawValue,
            samples: record.samples,
            judges: record.judges.map { JudgeBody(name: $0.name, kind: $0.kind.rawValue, label: $0.label, model: $0.model) },
            notes: record.notes.count, systems: Array(Set(record.notes.map(\.system))).sorted(),
            encounters: Set(record.notes.map(\.encounter)).count, progress: progress)
    }

    @Sendable func list(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        struct Body: Encodable { let runs: [Summary] }
        let snapshots = await backend.runs.snapshots()
        var records = try await backend.store.runs()
        for (id, snapshot) in snapshots where !records.contains(where: { $0.id == id }) { records.insert(snapshot.record, at: 0) }
        return try JSONResponse.make(Body(runs: records.map { summary($0, snapshot: snapshots[$0.id], stored: nil) }))
    }

    @Sendable func show(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let id = try context.parameter("run")
        if let snapshot = await backend.runs.snapshot(id) {
            return try JSONResponse.make(summary(snapshot.record, snapshot: snapshot, stored: nil))
        }
        let data = try await backend.runData(id)
        return try JSONResponse.make(summary(data.record, snapshot: nil, stored: data.judgments))
    }

    @Sendable func start(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(StartRequest.self, limit: backend.configuration.maxBodyBytes)
        let samples = body.samples ?? 1
        var problems: [Diagnostic] = []
        if !(1...RequestLimits.samples).contains(samples) {
            problems.append(.error(RequestLimits.range("samples", RequestLimits.samples), at: SourceLocation(file: "samples")))
        }
        if let cost = body.max_cost, !(cost >= 0 && cost.isFinite) { problems.append(.error("must be a number of dollars ≥ 0", at: SourceLocation(file: "max_cost"))) }
        if let concurrency = body.concurrency, !(1...RequestLimits.concurrency).contains(concurrency) {
            problems.append(.error(RequestLimits.range("concurrency", RequestLimits.concurrency), at: SourceLocation(file: "concurrency")))
        }
        guard problems.isEmpty else { throw InputError(problems) }
        let judges = try RunJudges(configuration: backend.configuration, transports: backend.transports).make(body.judges, caller: try context.caller)
        if let concurrency = body.concurrency, case let (bound, judge?) = RunJudges.maxConcurrency(judges), concurrency > bound {
            throw InputError([.error(
                "\(RequestLimits.range("concurrency", bound)): judge '\(judge)' is configured to run \(bound) calls at once",
                at: SourceLocation(file: "concurrency"))])
        }
        let (plan, notes) = try await plan(body, judges: judges, samples: samples)
        let started = await backend.runs.start(plan, judges: judges, concurrency: body.concurrency, maxCost: body.max_cost)
        if started {
            try await backend.store.saveRunNotes(run: plan.id, notes: notes)
            let who = try context.caller.tokenID
            context.logger.info("run requested", metadata: ["run": "\(plan.id)", "by": "\(who)"])
        }
        var headers: HTTPFields = [:]
        headers[.location] = "/api/runs/\(plan.id)"
        return try JSONResponse.make(await summary(RunRecord(plan: plan)), status: .accepted, headers: headers)
    }

    /// Every stored note (of the systems and encounters asked for) against each stored rubric
    /// of its encounter, with the notes it grades as they were read for it.
    func plan(_ body: StartRequest, judges: [any Judge], samples: Int) async throws -> (plan: RunPlan, notes: [Note]) {
        var notes = try await backend.store.storedNotes()
        var rubrics = try await backend.store.storedRubrics()
        var problems: [Diagnostic] = []
        if let systems = body.systems {
            let known = Set(notes.map(\.system))
            for (index, system) in systems.enumerated() where !known.contains(system) {
                problems.append(.error("no notes of system '\(system)' are stored", at: SourceLocation(file: "systems[\(index)]")))
            }
            notes = notes.filter { systems.contains($0.system) }
        }
        if let encounters = body.encounters {
            let known = Set(rubrics.map(\.encounter))
            for (index, encounter) in encounters.enumerated() where !known.contains(encounter) {
                problems.append(.error("no rubric for encounter '\(encounter)' is stored", at: SourceLocation(file: "encounters[\(index)]")))
            }
            notes = notes.filter { encounters.contains($0.encounter) }
            rubrics = rubrics.filter { encounters.contains($0.encounter) }
        }
        guard problems.isEmpty else { throw InputError(problems) }
        let graded = Set(rubrics.map(\.encounter))
        notes = notes.filter { graded.contains($0.encounter) }
        guard !notes.isEmpty else {
            throw Problem.unprocessable("no stored note has a stored rubric for its encounter; upload rubrics (POST /api/rubrics) and notes (POST /api/notes) first")
        }
        let encounters = Dictionary(try await backend.store.storedEncounters().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let readers = judges.filter(\.descriptor.readsTranscript).map(\.descriptor.name)
        if !readers.isEmpty {
            let missing = Set(notes.map(\.encounter)).subtracting(encounters.keys).sorted()
            guard missing.isEmpty else {
                throw InputError(missing.map {
                    .error("no transcript for encounter '\($0)', which \(readers.joined(separator: ", ")) reads; upload it with POST /api/encounters", at: SourceLocation(file: "judges"))
                })
            }
        }
        let plan = try RunPlan.make(rubrics: rubrics, notes: notes, encounters: encounters, judges: judges, samples: samples)
        let planned = Set(plan.notes.map { "\($0.system)/\($0.encounter)" })
        return (plan, notes.filter { planned.contains($0.id) })
    }

    @Sendable func cancel(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let id = try context.parameter("run")
        let record = try await backend.runRecord(id)
        guard await backend.runs.cancel(id) else {
            throw Problem.conflict("run '\(id)' is not running here (it is \(record.status.rawValue)); start it again with the same request to resume it")
        }
        let who = try context.caller.tokenID
        context.logger.info("run cancel requested", metadata: ["run": "\(id)", "by": "\(who)"])
        return try JSONResponse.make(await summary(record), status: .accepted)
    }

    @Sendable func results(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let data = try await backend.runData(try context.parameter("run"))
        let combination: VerdictCombiner.Method
        if let text = request.query("combine") {
            guard let method = VerdictCombiner.Method(rawValue: text) else { throw Problem.unprocessable("combine must be majority, unanimity or mean") }
            combination = method
        } else {
            combination = .majority
        }
        let built = GradeReport.build(run: data.record, judgments: data.judgments, bootstrap: try bootstrap(request), combination: combination)
        let (report, _) = try await backend.correctedReport(built)
        return JSONResponse.data(try report.jsonData())
    }

    /// `?bootstrap=N&seed=S`, defaulting to the service's settings.
    func bootstrap(_ request: Request) throws -> BootstrapOptions {
        var options = backend.configuration.bootstrap
        if let text = request.query("bootstrap") {
            guard let value = Int(text), (1...RequestLimits.bootstrapResamples).contains(value) else {
                throw Problem.unprocessable(RequestLimits.range("bootstrap", RequestLimits.bootstrapResamples))
            }
            options.resamples = value
        }
        if let text = request.query("seed") {
            guard let value = UInt64(text) else { throw Problem.unprocessable("seed must be a non-negative integer") }
            options.seed = value
        }
        return options
    }

    @Sendable func judgments(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        struct Item: Encodable {
            let system: String
            let encounter: String
            let rubric: String
            let rubric_version: Int
            let criterion: String
            let judge: String
            let sample: Int
            let verdict: String?
            let failure: String?
            let explanation: String?
            let evidence: Evidence?
            let model: String?
            let tokens: TokenUsage
            let cost: Double
            let latency: Double
            let attempts: Int
        }
        struct Body: Encodable {
            let run: String
            let explanations_shown: Bool
            let judgments: [Item]
        }
        let data = try await backend.runData(try context.parameter("run"))
        let system = request.query("system")
        let encounter = request.query("encounter")
        let explains = try context.caller.seesExplanations(backend.configuration)
        let items = data.record.judgmentKeys.compactMap { data.judgments[$0] }
            .filter { (system == nil || $0.system == system) && (encounter == nil || $0.encounter == encounter) }
            .map { j in
                Item(
                    system: j.system, encounter: j.encounter, rubric: j.rubric, rubric_version: j.rubricVersion, criterion: j.criterion,
                    judge: j.judge, sample: j.sample, verdict: j.verdict?.rawValue, failure: j.failure,
                    explanation: explains ? j.explanation : nil,
                    evidence: explains ? j.evidence : nil,
                    model: j.model, tokens: j.usage, cost: j.cost, latency: j.latency, attempts: j.attempts)
            }
        return try JSONResponse.make(Body(run: data.record.id, explanations_shown: explains, judgments: items))
    }

    @Sendable func calibration(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let data = try await backend.runData(try context.parameter("run"))
        let report = try await backend.calibration(data, bootstrap: try bootstrap(request))
        return JSONResponse.data(try report.jsonData())
    }
}
