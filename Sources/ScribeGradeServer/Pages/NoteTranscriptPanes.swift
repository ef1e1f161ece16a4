import Foundation
import ScribeGrade

/// The note and its encounter's transcript side by side, every text escaped: what a reviewer
/// reads before answering, on the review pages.
enum NoteTranscriptPanes {
    /// The two panes of `system`'s note of `encounter`; `note` or `transcript` is `nil` when the
    /// service does not hold it, which the pane says.
    static func html(system: String, encounter: String, note: String?, transcript: Encounter?) -> String {
        var html = "<div class=columns><div class=pane id=note><h3>Note (\(HTML.escape(system)) · \(HTML.escape(encounter)))</h3>"
        html += note.map(HTML.escape) ?? "<p class=muted>The note's text is not stored in the service.</p>"
        html += "</div><div class=pane id=transcript><h3>Transcript</h3>"
        if let transcript {
            html += transcript.turns.map { "<span class=spk>\(HTML.escape($0.speaker)):</span> \(HTML.escape($0.text))" }.joined(separator: "\n")
        } else {
            html += "<p class=muted>No transcript of this encounter is stored in the service.</p>"
        }
        return html + "</div></div>"
    }
}
