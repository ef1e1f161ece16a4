/// How a simulated judge model answers, beyond the injected faults: the ways a real (small,
/// local) model and server misbehave deterministically.
public enum JudgeBehaviour: String, Sendable, Hashable, CaseIterable {
    /// Answers every request in the schema asked for.
    case wellBehaved = "well-behaved"
    /// A small model at greedy decoding: at temperature 0 (or none) it repeats itself until the
    /// token cap, so the answer is cut off (`finish_reason: length`, `stop_reason: max_tokens`)
    /// with usage of exactly `max_tokens` output tokens; at a higher temperature it answers.
    case loopsWhenGreedy = "loops-when-greedy"
    /// Cut off at the token cap whatever the sampling and the prompt.
    case loops
    /// Like llama.cpp's `/v1/messages`: a forced `tool_choice` is ignored and the JSON comes in
    /// a text block after a sentence of prose, with `stop_reason: end_turn` (Anthropic only).
    case textInsteadOfTool = "text-instead-of-tool"

    /// Whether a request at this temperature is answered with a cut-off loop.
    func loops(temperature: Double?) -> Bool {
        switch self {
        case .loops: return true
        case .loopsWhenGreedy: return (temperature ?? 0) == 0
        case .wellBehaved, .textInsteadOfTool: return false
        }
    }
}
