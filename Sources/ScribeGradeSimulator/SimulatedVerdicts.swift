import Foundation
import ScribeGrade

/// How the simulator decides criteria that its truth table does not hold.
public enum SimulatedVerdicts: String, Sendable, Hashable, CaseIterable {
    /// By hash: met or not met with equal chance, deterministic per seed (the default).
    case hash
    /// By the lexical baseline's rule on the note block and the criterion text of the prompt,
    /// so a note that holds more of the transcript meets more criteria (for ranking simulated
    /// scribes); criteria whose text the prompt does not show are decided by hash.
    case lexical

    /// The lexical verdict on `criterion` of the request, or nil when its text is not in the prompt.
    static func lexical(_ criterion: String, request: SimulatedRequest) -> Verdict? {
        guard let note = request.block("note"), let (text, penalty) = criterionText(criterion, in: request.userText) else { return nil }
        return BaselineJudge().verdict(on: Criterion(id: criterion, text: text, points: penalty ? -1 : 1), note: note)
    }

    /// The `Criterion: …` line following `Criterion id: ID` in a ScribeGrade prompt, and whether
    /// the penalty line sits between them.
    static func criterionText(_ id: String, in text: String) -> (text: String, penalty: Bool)? {
        var found = false
        var penalty = false
        for raw in text.split(separator: "\n") {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("- ") { line = String(line.dropFirst(2)) }
            if line.hasPrefix("Criterion id: ") {
                if found { return nil }
                found = line.dropFirst("Criterion id: ".count).trimmingCharacters(in: .whitespaces) == id
            } else if found, line.hasPrefix("This criterion is a penalty") {
                penalty = true
            } else if found, line.hasPrefix("Criterion: ") {
                return (String(line.dropFirst("Criterion: ".count)), penalty)
            }
        }
        return nil
    }
}
