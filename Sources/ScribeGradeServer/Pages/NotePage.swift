import Foundation
import Hummingbird
import ScribeGrade

/// One note of a run: the note and the transcript side by side, and every criterion of its
/// rubrics with the verdict, the judges' explanations and their evidence quotes, the quotes
/// marked in both texts. Following a criterion's link (or one of its marks) highlights all its
/// marks, by CSS `:target`, without script.
struct NotePage {
    let backend: Backend

    func register(_ routes: RouteTable) {
        routes.get("/runs/:run/notes/:system/:encounter", .read, show)
    }

    /// A criterion of the page, numbered page-wide so its marks can refer to it.
    struct Row {
        var key: Int
        var rubric: Rubric
        var criterion: Criterion
        var combined: VerdictCombiner.Combined
        var judgments: [Judgment]

        var verdictClass: String { combined.verdict?.rawValue ?? "failed" }
    }

    @Sendable func show(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let identity = try context.caller
        let data = try await backend.runData(try context.parameter("run"))
        let system = try context.parameter("system")
        let encounter = try context.parameter("encounter")
        let planned = data.record.notes.filter { $0.system == system && $0.encounter == encounter }
        guard !planned.isEmpty else { throw Problem.notFound("run \(data.record.id) graded no note of system '\(system)' for encounter '\(encounter)'") }
        let note = try await backend.gradedNote(run: data.record.id, system: system, encounter: encounter)
        let transcript = try await backend.store.storedEncounter(encounter)
        let explains = identity.seesExplanations(backend.configuration)

        var single = data.record
        single.notes = planned
        let scores = GradeReport.build(run: single, judgments: data.judgments, bootstrap: BootstrapOptions(resamples: 1)).notes
        let judgeOrder = Dictionary(data.record.judges.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        var byCriterion: [String: [Judgment]] = [:]
        for key in data.record.judgmentKeys {
            guard let j = data.judgments[key], j.system == system, j.encounter == encounter else { continue }
            byCriterion["\(j.rubric)/\(j.criterion)", default: []].append(j)
        }
        var rows: [Row] = []
        for plannedNote in planned {
            guard let rubric = data.record.rubrics.first(where: { $0.id == plannedNote.rubric }) else { continue }
            for criterion in rubric.criteria {
                let list = (byCriterion["\(rubric.id)/\(criterion.id)"] ?? []).sorted {
                    (judgeOrder[$0.judge] ?? 0, $0.sample) < (judgeOrder[$1.judge] ?? 0, $1.sample)
                }
                rows.append(Row(key: rows.count, rubric: rubric, criterion: criterion, combined: VerdictCombiner.majority(list), judgments: list))
            }
        }

        let noteText = note?.text ?? ""
        let transcriptText = transcript?.text ?? ""
        let noteHighlighter = TextHighlighter(noteText)
        let transcriptHighlighter = TextHighlighter(transcriptText)
        var noteMarks: [TextHighlighter.Mark] = []
        var transcriptMarks: [TextHighlighter.Mark] = []
        var found: [Int: (note: Int, transcript: Int)] = [:]
        if explains {
            for row in rows {
                for judgment in row.judgments {
                    for quote in judgment.evidence?.note ?? [] {
                        let ranges = noteHighlighter.ranges(of: quote)
                        noteMarks += ranges.map { .init(range: $0, key: row.key, verdict: row.verdictClass) }
                        found[row.key, default: (0, 0)].note += ranges.isEmpty ? 0 : 1
                    }
                    for quote in judgment.evidence?.transcript ?? [] {
                        let ranges = transcriptHighlighter.ranges(of: quote)
                        transcriptMarks += ranges.map { .init(range: $0, key: row.key, verdict: row.verdictClass) }
                        found[row.key, default: (0, 0)].transcript += ranges.isEmpty ? 0 : 1
                    }
                }
            }
        }

        var body = "<h1>\(HTML.escape(system)) · \(HTML.escape(encounter))</h1>"
        body += "<p>Run <a href=\"/runs/\(Self.path(data.record.id))\"><code>\(HTML.escape(data.record.id))</code></a> · judges: \(HTML.escape(data.record.judges.map(\.label).joined(separator: " + ")))"
        if data.record.judges.contains(where: { $0.kind == .lexicalBaseline }) { body += " <span class=\"badge warn\">lexical baseline — not an LLM</span>" }
        body += "</p><table id=scores><thead><tr><th>Rubric</th><th class=num>Score</th><th class=num>Points</th><th class=num>Critical missed</th><th class=num>Failed</th></tr></thead><tbody>"
        for score in scores {
            body += "<tr><td><code>\(HTML.escape(score.rubric))</code></td><td class=num>\(PageLayout.number(score.score))</td><td class=num>\(PageLayout.points(score.pointsMet))/\(PageLayout.points(score.pointsPossible))</td><td class=num>\(score.criticalMissed.count)</td><td class=num>\(score.failed)</td></tr>"
        }
        body += "</tbody></table>"
        if !explains {
            body += "<p class=muted>Judges' explanations and evidence are not shown to viewers on this service.</p>"
        }

        body += "<div class=columns><div class=pane id=note><h3>Note (\(HTML.escape(system)))</h3>"
        body += note == nil ? "<p class=muted>This note's text is not stored in the service (the run was made from files).</p>" : noteHighlighter.html(marks: noteMarks, anchorPrefix: "n")
        body += "</div><div class=pane id=transcript><h3>Transcript</h3>"
        if let transcript {
            var labels: [Range<Int>] = []
            var offset = 0
            for turn in transcript.turns {
                labels.append(offset..<(offset + turn.speaker.count + 1))
                offset += turn.speaker.count + 2 + turn.text.count + 1
            }
            body += transcriptHighlighter.html(marks: transcriptMarks, labels: labels, anchorPrefix: "t")
        } else {
            body += "<p class=muted>No transcript of this encounter is stored in the service.</p>"
        }
        body += "</div></div>"

        body += "<h2>Criteria</h2><table id=criteria><thead><tr><th>Criterion</th><th class=num>Points</th><th>Verdict</th><th>Judges</th>\(explains ? "<th>Explanation and evidence</th>" : "")</tr></thead><tbody>"
        for row in rows {
            let c = row.criterion
            body += "<tr id=k\(row.key) class=criterion data-criterion=\"\(HTML.escape(c.id))\"><td><a href=\"#k\(row.key)\"><code>\(HTML.escape(c.id))</code></a>"
            if c.critical { body += " <span class=badge>critical</span>" }
            body += "<br>\(HTML.escape(c.text))<br><span class=muted>\(c.section.rawValue) · rubric \(HTML.escape(row.rubric.id))</span></td>"
            body += "<td class=num>\(PageLayout.points(c.points))</td>"
            let verdictText = row.combined.verdict?.rawValue ?? "failed"
            body += "<td class=\"verdict \(row.verdictClass)\">\(verdictText)\(row.combined.tie ? " <span class=badge>tie</span>" : "")</td><td>"
            body += row.judgments.map { j in
                "<span class=\"\(j.verdict?.rawValue ?? "failed")\">\(HTML.escape(j.judge))\(data.record.samples > 1 ? " #\(j.sample + 1)" : ""): \(j.verdict?.rawValue ?? "failed")</span>"
            }.joined(separator: "<br>")
            body += "</td>"
            if explains {
                body += "<td>"
                for j in row.judgments {
                    if let explanation = j.explanation { body += "<div><strong>\(HTML.escape(j.judge))</strong>: \(HTML.escape(explanation))</div>" }
                    if let failure = j.failure { body += "<div class=failed>\(HTML.escape(j.judge)) failed: \(HTML.escape(failure))</div>" }
                    let evidence = j.evidence ?? Evidence()
                    let quotes = evidence.note.map { ("note", $0) } + evidence.transcript.map { ("transcript", $0) }
                    if !quotes.isEmpty {
                        body += "<ul class=quotes>" + quotes.map { source, quote in
                            let flagged = evidence.unsupported.contains(quote)
                            return "<li\(flagged ? " class=unsupported" : "")>\(source): “\(HTML.escape(quote))”\(flagged ? " — not found in the text" : "")</li>"
                        }.joined() + "</ul>"
                    }
                }
                let counts = found[row.key] ?? (0, 0)
                var links: [String] = []
                if counts.note > 0 { links.append("<a href=\"#n\(row.key)\">in the note</a>") }
                if counts.transcript > 0 { links.append("<a href=\"#t\(row.key)\">in the transcript</a>") }
                if !links.isEmpty { body += "<div class=muted>Show evidence: \(links.joined(separator: " · "))</div>" }
                body += "</td>"
            }
            body += "</tr>"
        }
        body += "</tbody></table>"

        // Targeting a criterion (its row, or its first mark in either text) highlights all its marks.
        let style = rows.filter { found[$0.key] != nil }.map { row in
            "body:has(#k\(row.key):target,#n\(row.key):target,#t\(row.key):target) mark[data-k~=\"\(row.key)\"]{background:#ffd54f;outline:2px solid #e65100}"
        }.joined()
        let html = PageLayout.page(
            title: "\(system) · \(encounter)", identity: identity, csrf: context.sessionCSRF, current: "/", body: body,
            extraStyle: style + "tr.criterion:target{background:#fff8e1}")
        return PageLayout.response(html)
    }

    /// A path segment, percent-encoded.
    static func path(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? segment
    }
}
