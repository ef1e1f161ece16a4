/// A judge as named on the command line: `openai:MODEL[@BASE_URL]`, `anthropic:MODEL[@BASE_URL]`,
/// `baseline`, `replay:FILE`, or the name of a judge in `scribegrade.yaml`.
public enum JudgeSpec: Sendable, Hashable, CustomStringConvertible {
    case openAI(model: String, baseURL: String?)
    case anthropic(model: String, baseURL: String?)
    case baseline
    case replay(path: String)
    case named(String)

    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        func modelAndURL(_ rest: Substring) throws -> (String, String?) {
            let parts = rest.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
            let model = String(parts[0])
            guard !model.isEmpty else { throw InputError("judge '\(trimmed)' names no model; write PROVIDER:MODEL[@BASE_URL]", at: SourceLocation(file: "--judge")) }
            let url = parts.count > 1 ? String(parts[1]) : nil
            if let url, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
                throw InputError("judge '\(trimmed)': base URL must start with http:// or https://", at: SourceLocation(file: "--judge"))
            }
            return (model, url)
        }
        if trimmed == "baseline" {
            self = .baseline
        } else if trimmed.hasPrefix("openai:") {
            let (model, url) = try modelAndURL(trimmed.dropFirst("openai:".count))
            self = .openAI(model: model, baseURL: url)
        } else if trimmed.hasPrefix("anthropic:") {
            let (model, url) = try modelAndURL(trimmed.dropFirst("anthropic:".count))
            self = .anthropic(model: model, baseURL: url)
        } else if trimmed.hasPrefix("replay:") {
            let path = String(trimmed.dropFirst("replay:".count))
            guard !path.isEmpty else { throw InputError("judge 'replay:' names no file; write replay:FILE", at: SourceLocation(file: "--judge")) }
            self = .replay(path: path)
        } else if !trimmed.isEmpty, !trimmed.contains(":") {
            self = .named(trimmed)
        } else {
            throw InputError(
                "unknown judge '\(trimmed)'; expected openai:MODEL[@URL], anthropic:MODEL[@URL], baseline, replay:FILE or a judge named in scribegrade.yaml",
                at: SourceLocation(file: "--judge"))
        }
    }

    public var description: String {
        switch self {
        case let .openAI(model, url): return "openai:\(model)" + (url.map { "@\($0)" } ?? "")
        case let .anthropic(model, url): return "anthropic:\(model)" + (url.map { "@\($0)" } ?? "")
        case .baseline: return "baseline"
        case let .replay(path): return "replay:\(path)"
        case let .named(name): return name
        }
    }
}
