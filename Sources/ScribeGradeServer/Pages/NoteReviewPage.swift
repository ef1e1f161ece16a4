import Foundation
import Hummingbird
import ScribeGrade
import ScribeGradeStore

/// The note-level review mode: a clinician scores a whole note on the configured dimensions
/// (`quality`, `omission_rate`, …), one note at a time, with the note and the transcript side by
/// side and no judge's verdict or score anywhere on the page.
///
/// The dimensions and their scales are those the stored rating sources declare
/// (`noteRatingScales`), else those of `serve --review-dimension`. A note is done for a reviewer
/// once they rated it on every dimension; the rest come in a stable order spread over systems
/// and encounters. Each answer is stored at once as the reviewer's note ratings under the
/// `review-notes` source, next to every earlier review rating.
struct NoteReviewPage {
    let backend: Backend

    static let path = "/review/notes"
    /// The form field of dimension `d` is `dimension.d`.
    static let fieldPrefix = "dimension."

    func register(_ routes: RouteTable) {
        routes.get(Self.path, .review, show)
        routes.post(Self.path, .review, answer)
    }

    /// A note of a run: one system's note of one encounter, whatever rubrics graded it.
    struct NoteKey: Sendable, Hashable {
        var system: String
        var encounter: String
    }

    /// One reviewer's note-level queue over one run.
    struct Queue: Sendable {
        var run: RunRecord
        /// The dimensions asked about, by name.
        var dimensions: [(name: String, scale: NoteRatingScale)]
        /// The run's notes the reviewer has not rated on every dimension, first one first.
        var remaining: [NoteKey]
        /// Every note of the run.
        var notes: Set<NoteKey>

        var scales: [String: NoteRatingScale] { Dictionary(uniqueKeysWithValues: dimensions.map { ($0.name, $0.scale) }) }
    }

    /// The dimensions the page asks about: the stored sources' declarations, else the service's.
    static func dimensions(_ backend: Backend) async throws -> [(name: String, scale: NoteRatingScale)] {
        var scales = try await backend.store.noteRatingScales()
        if scales.isEmpty { scales = backend.configuration.reviewDimensions }
        return scales.keys.sorted().map { ($0, scales[$0]!) }
    }

    static func queue(_ backend: Backend, run id: String?, reviewer: String) async throws -> Queue {
        let run = try await backend.runOrLatest(id)
        let dimensions = try await Self.dimensions(backend)
        let notes = Set(run.notes.map { NoteKey(system: $0.system, encounter: $0.encounter) })
        var rated: [NoteKey: Set<String>] = [:]
        for rating in try await backend.store.noteRatings() where rating.rater == reviewer {
            rated[NoteKey(system: rating.system, encounter: rating.encounter), default: []].insert(rating.dimension)
        }
        let names = Set(dimensions.map(\.name))
        let remaining = notes.filter { !names.isSubset(of: rated[$0] ?? []) }.sorted { a, b in
            (ContentHasher.hex("\(a.system)\u{1F}\(a.encounter)"), a.system, a.encounter)
                < (ContentHasher.hex("\(b.system)\u{1F}\(b.encounter)"), b.system, b.encounter)
        }
        return Queue(run: run, dimensions: dimensions, remaining: remaining, notes: notes)
    }

    @Sendable func show(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let identity = try context.caller
        let queue = try await Self.queue(backend, run: request.query("run"), reviewer: identity.name)
        let run = NotePage.path(queue.run.id)
        var body = "<h1>Note review</h1>"
        body += "<p>Run <code>\(HTML.escape(queue.run.id))</code> · you have rated <strong id=rated>\(queue.notes.count - queue.remaining.count)</strong> of \(queue.notes.count) notes · <span id=remaining>\(queue.remaining.count)</span> left · <a href=\"/review?run=\(run)\" id=criterion-review>review by criterion</a></p>"
        if request.query("saved") != nil {
            body += "<p class=notice id=saved>Saved. Here is the next note.</p>"
        }
        func page(_ body: String) -> Response {
            PageLayout.response(PageLayout.page(title: "Note review", identity: identity, csrf: context.sessionCSRF, current: "/review", body: body))
        }
        guard !queue.dimensions.isEmpty else {
            body += "<p id=no-dimensions>No note-level dimensions are configured. Import ratings with declared scales (<code>scribegrade ratings import FILE --scale DIM=SCALE</code>) or start the service with <code>--review-dimension DIM=SCALE</code>.</p>"
            return page(body)
        }
        guard let note = queue.remaining.first else {
            body += "<p id=done>Every note of this run is rated. Thank you.</p>"
            return page(body)
        }
        body += "<form method=post action=\"\(Self.path)\" class=note-rating>"
        let hidden = [("csrf", context.sessionCSRF ?? ""), ("run", queue.run.id), ("system", note.system), ("encounter", note.encounter)]
        body += hidden.map { "<input type=hidden name=\($0.0) value=\"\(HTML.escape($0.1))\">" }.joined()
        for (index, dimension) in queue.dimensions.enumerated() {
            body += "<fieldset class=criterion-box><legend><strong>\(HTML.escape(dimension.name))</strong> <span class=muted>\(HTML.escape(dimension.scale.description))</span></legend>"
            body += Self.input(name: Self.fieldPrefix + dimension.name, id: "dimension-\(index)", scale: dimension.scale)
            body += "</fieldset>"
        }
        body += "<div class=answers><button type=submit id=save-rating>Save and next</button></div></form>"
        body += NoteTranscriptPanes.html(
            system: note.system, encounter: note.encounter,
            note: try await backend.gradedNote(run: queue.run.id, system: note.system, encounter: note.encounter)?.text,
            transcript: try await backend.store.storedEncounter(note.encounter))
        return page(body)
    }

    /// The input of one dimension: a radio button per value of a binary or ordinal scale, a
    /// number field bounded by an interval scale.
    static func input(name: String, id: String, scale: NoteRatingScale) -> String {
        let field = HTML.escape(name)
        switch scale {
        case .binary, .ordinal:
            let choices: [(value: String, label: String)]
            if case .ordinal(let levels) = scale { choices = levels.map { ($0, $0) } } else { choices = [("1", "yes (1)"), ("0", "no (0)")] }
            return choices.enumerated().map { offset, choice in
                "<label><input type=radio name=\"\(field)\" id=\(id)-\(offset) value=\"\(HTML.escape(choice.value))\" required> \(HTML.escape(choice.label))</label> "
            }.joined()
        case .interval(let lower, let upper):
            return "<input type=number name=\"\(field)\" id=\(id) min=\"\(RatingValue.number(lower))\" max=\"\(RatingValue.number(upper))\" step=any required>"
        }
    }

    @Sendable func answer(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, limit: 64 * 1024)
        try LoginPage.checkCSRF(form, context: context)
        let missing = ["system", "encounter"].filter { (form[$0] ?? "").isEmpty }
        guard missing.isEmpty else { throw Problem.unprocessable("the form is missing \(missing.joined(separator: ", "))") }
        let reviewer = try context.caller
        let queue = try await Self.queue(backend, run: form["run"].flatMap { $0.isEmpty ? nil : $0 }, reviewer: reviewer.name)
        let note = NoteKey(system: form["system"]!, encounter: form["encounter"]!)
        guard queue.notes.contains(note) else {
            throw Problem.unprocessable("run \(queue.run.id) graded no note of system \(note.system) for encounter \(note.encounter)")
        }
        guard !queue.dimensions.isEmpty else {
            throw Problem.conflict("no note-level dimensions are configured; import ratings with declared scales or serve with --review-dimension")
        }
        var ratings: [NoteRating] = []
        var diagnostics: [Diagnostic] = []
        for (name, scale) in queue.dimensions {
            let field = Self.fieldPrefix + name
            // Never quote what was posted: a problem names the field and the scale.
            guard let text = form[field], !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                diagnostics.append(.error("no value for '\(name)'", at: SourceLocation(file: field)))
                continue
            }
            guard let value = scale.number(text) else {
                diagnostics.append(.error("the value of '\(name)' is outside its scale: expected \(scale.expectation)", at: SourceLocation(file: field)))
                continue
            }
            ratings.append(NoteRating(
                system: note.system, encounter: note.encounter, rater: reviewer.name, dimension: name, value: value,
                source: SQLiteStore.reviewSource))
        }
        guard diagnostics.isEmpty else {
            throw Problem.unprocessable("the ratings did not validate (\(diagnostics.count) problem\(diagnostics.count == 1 ? "" : "s"))", diagnostics: diagnostics)
        }
        do {
            try await backend.store.saveReviewNoteRatings(ratings, scales: queue.scales)
        } catch let conflict as ReviewScaleConflict {
            throw Problem.conflict(conflict.description)
        }
        context.logger.info("note review stored", metadata: [
            "run": "\(queue.run.id)", "system": "\(note.system)", "encounter": "\(note.encounter)", "by": "\(reviewer.tokenID)",
        ])
        let location = "\(Self.path)?run=\(NotePage.path(queue.run.id))&saved=1"
        return Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }
}
