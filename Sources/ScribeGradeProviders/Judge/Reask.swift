import ScribeGrade

/// What a re-ask changes so that it can get a different answer. At temperature 0 a model
/// decodes greedily and ignores the seed: asking the identical request again repeats the
/// identical answer, a loop to the token cap included. So a re-ask says what was wrong with
/// the previous answer and asks for a brief one (a nudge after the whole prompt, so the shared
/// prefix and the provider's prompt cache are unchanged), samples at a bounded temperature,
/// and bounds evidence lists and explanations in the schema where the provider enforces them
/// without the schema being part of the cached prompt (OpenAI-compatible servers that compile
/// the schema to a grammar, as llama.cpp, vLLM and Ollama do).
public struct Reask: Sendable, Hashable {
    /// The text appended after the prompt; names criterion ids only, never note text.
    public var nudge: String
    /// Whether the schema carries the re-ask's bounds where the client sends them; cleared
    /// when a server refuses them (HTTP 400), and the re-ask is sent again without.
    public var bounded = true

    /// The temperature a re-ask uses when the judge asks below it (0: greedy decoding).
    /// An unset temperature is the provider's default, which already samples.
    public static let temperature = 0.5

    /// - Parameters:
    ///   - answer: the previous answer.
    ///   - missing: the criteria still without a verdict.
    ///   - answeredSome: whether the previous answers gave any verdict.
    ///   - schema: the schema asked for; a note is not asked to be brief like a verdict.
    ///   - maxTokens: the token cap the answer was cut off at.
    public init(after answer: ProviderAnswer, missing: [String], answeredSome: Bool, schema: VerdictSchema, maxTokens: Int) {
        let wrong: String
        switch answer {
        case .cutOff:
            wrong = "Your previous answer was cut off at the token limit (\(maxTokens) tokens) before the JSON was complete."
        case .refusal:
            wrong = "Your previous answer gave no verdict."
        case .text, .json, .unusable:
            wrong = answeredSome
                ? "Your previous answer gave no usable verdict for: \(missing.joined(separator: ", "))."
                : "Your previous answer was not valid JSON in the required schema."
        }
        let again = schema == .soapNote
            ? "Answer again as JSON in the required schema, keeping each section concise."
            : "Answer again, briefly: an explanation of one or two sentences and at most \(VerdictSchema.Bounds.reask.evidenceItems ?? 3) "
                + "short quotes per evidence list, as JSON in the required schema."
        nudge = "\n\n" + wrong + " " + again
    }

    /// A re-ask's sampling: the judge's, with the temperature raised to `Reask.temperature`
    /// when it was lower, and the seed moved on.
    public static func parameters(_ parameters: GenerationParameters, reask number: Int) -> GenerationParameters {
        var parameters = parameters
        if let temperature = parameters.temperature, temperature < Self.temperature { parameters.temperature = Self.temperature }
        if let seed = parameters.seed { parameters.seed = seed + number }
        return parameters
    }
}
