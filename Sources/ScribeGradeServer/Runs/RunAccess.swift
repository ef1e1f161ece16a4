import Foundation
import ScribeGrade
import ScribeGradeStore

/// A stored run with the judgments it needs: what reports, calibration, note pages and the
/// review queue are built from.
struct RunData: Sendable {
    var record: RunRecord
    var judgments: [String: Judgment]
}

extension Backend {
    /// The run's record, from the store or, for a run just started, from the coordinator.
    func runRecord(_ id: String) async throws -> RunRecord {
        if let record = try await store.run(id) { return record }
        if let snapshot = await runs.snapshot(id) { return snapshot.record }
        throw Problem.notFound("no run '\(id)'")
    }

    func runData(_ id: String) async throws -> RunData {
        try await runData(runRecord(id))
    }

    func runData(_ record: RunRecord) async throws -> RunData {
        RunData(record: record, judgments: try await store.judgments(forKeys: record.judgmentKeys))
    }

    /// The newest run of rubric criteria, for pages that show "the latest" run.
    func latestCriterionRun() async throws -> RunRecord? {
        try await store.runs().first { $0.task == .criterion }
    }

    /// The run named by `id`, else the latest run of rubric criteria; 404 when there is none.
    func runOrLatest(_ id: String?) async throws -> RunRecord {
        if let id { return try await runRecord(id) }
        guard let latest = try await latestCriterionRun() else { throw Problem.notFound("no runs yet; start one with POST /api/runs") }
        return latest
    }

    /// The note a run graded: its kept copy, else the stored note.
    func gradedNote(run: String, system: String, encounter: String) async throws -> Note? {
        if let kept = try await store.runNote(run: run, system: system, encounter: encounter) { return kept }
        return try await store.storedNote(system: system, encounter: encounter)
    }

    /// The calibration of a run against every expert rating stored, review answers included
    /// (`ratings`, when the caller has just read them), and against every stored note-level
    /// rating: what the API returns and the calibration page draws.
    func calibration(_ data: RunData, ratings: [ExpertRating]? = nil, bootstrap: BootstrapOptions? = nil) async throws -> CalibrationReport {
        let all: [ExpertRating]
        if let ratings { all = ratings } else { all = try await store.ratings() }
        let options = bootstrap ?? configuration.bootstrap
        var report = Calibrator.calibrate(run: data.record, judgments: data.judgments, ratings: all, bootstrap: options)
        let noteRatings = try await store.noteRatings()
        if !noteRatings.isEmpty {
            report.noteLevel = NoteLevelAgreement.compute(
                run: data.record, judgments: data.judgments, ratings: noteRatings,
                scales: try await store.noteRatingScales(), bootstrap: options)
        }
        return report
    }
}
