import Foundation
import Yams

/// The configuration file `scribegrade.yaml`: named judges and where the prompt templates live.
///
/// ```yaml
/// prompts: Prompts            # optional; relative to this file; built-in templates otherwise
/// judges:
///   gpt-mini:
///     provider: openai        # openai | anthropic
///     model: gpt-4.1-mini
///     base_url: https://api.openai.com/v1
///     api_key_env: OPENAI_API_KEY
///     temperature: 0
///     seed: 7
///     max_tokens: 800
///     concurrency: 32
///     rpm: 500
///     tpm: 200000
///     prices: {input: 0.4, cached_input: 0.1, output: 1.6}
///     transport: asynchttpclient   # asynchttpclient | urlsession
///     mode: per-criterion          # per-criterion | batched | statement-check
///     retries: 6
///     reasks: 2
///     timeout: 60
///     api_version: 2024-10-21      # Azure OpenAI deployments only
///     anthropic_version: 2023-06-01  # Anthropic only
///     item_header: false           # send X-ScribeGrade-Item (ids) even to remote hosts?
/// ```
///
/// Every problem is reported at once, at its line and column.
public struct ScribeGradeConfig: Sendable, Hashable {
    public static let fileName = "scribegrade.yaml"

    public var path: String
    public var judges: [String: JudgeConfig]
    /// The prompt template directory, resolved against the file's directory.
    public var promptsDirectory: String?

    public init(path: String, judges: [String: JudgeConfig] = [:], promptsDirectory: String? = nil) {
        self.path = path
        self.judges = judges
        self.promptsDirectory = promptsDirectory
    }

    /// The configuration a command uses: the file named by `SCRIBEGRADE_CONFIG`, else
    /// `scribegrade.yaml` in `directory`, else none.
    ///
    /// - Throws: `InputError` when `SCRIBEGRADE_CONFIG` names a missing file or the file is invalid.
    public static func discover(in directory: String, environment: [String: String], files: any FileSource = LocalFileSource()) throws -> ScribeGradeConfig? {
        if let named = environment["SCRIBEGRADE_CONFIG"], !named.isEmpty {
            return try load(named, files: files)
        }
        let path = (directory.hasSuffix("/") ? directory : directory + "/") + fileName
        return files.exists(path) ? try load(path, files: files) : nil
    }

    /// Reads and parses the file at `path`.
    public static func load(_ path: String, files: any FileSource = LocalFileSource()) throws -> ScribeGradeConfig {
        try ScribeGradeConfig(parsing: try files.read(path), path: path)
    }

    /// Parses configuration text; `path` names it in diagnostics and anchors relative paths.
    public init(parsing text: String, path: String) throws {
        self.path = path
        self.judges = [:]
        self.promptsDirectory = nil
        var reader = Reader(path: path)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw InputError(reader.yamlError(error))
        }
        guard let root else { return }
        guard let mapping = root.mapping else {
            throw InputError([reader.error("the configuration must be a mapping with 'judges' and 'prompts'", root)])
        }
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { continue }
            switch key {
            case "prompts":
                if let directory = reader.string(value, "prompts") {
                    promptsDirectory = directory.hasPrefix("/") ? directory : Self.directory(of: path) + directory
                }
            case "judges":
                guard let judgesMapping = value.mapping else {
                    reader.diagnostics.append(reader.error("'judges' must be a mapping of judge names to settings", value))
                    continue
                }
                for (nameNode, settings) in judgesMapping {
                    guard let name = nameNode.string, !name.isEmpty else { continue }
                    if name.contains(":") || name == "baseline" {
                        reader.diagnostics.append(reader.error("judge name '\(name)' is reserved or contains ':'; choose a plain name", nameNode))
                        continue
                    }
                    if let judge = reader.judge(name, settings) { judges[name] = judge }
                }
            default:
                reader.diagnostics.append(reader.error("unknown key '\(key)'; expected 'judges' or 'prompts'", keyNode))
            }
        }
        if !reader.diagnostics.isEmpty { throw InputError(reader.diagnostics) }
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }

    /// Collects diagnostics while reading nodes.
    struct Reader {
        var path: String
        var diagnostics: [Diagnostic] = []

        init(path: String) { self.path = path }

        func location(_ node: Node) -> SourceLocation {
            SourceLocation(file: path, line: node.mark?.line, column: node.mark?.column)
        }

        func error(_ message: String, _ node: Node) -> Diagnostic {
            .error(message, at: location(node))
        }

        func yamlError(_ error: YamlError) -> [Diagnostic] {
            switch error {
            case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
                return [.error("invalid YAML: \(problem)", at: SourceLocation(file: path, line: mark.line, column: mark.column))]
            case let .duplicatedKeysInMapping(duplicates, context):
                return [.error("duplicate keys \(duplicates.joined(separator: ", "))", at: SourceLocation(file: path, line: context.mark.line, column: context.mark.column))]
            default:
                return [.error("invalid YAML", at: SourceLocation(file: path))]
            }
        }

        mutating func string(_ node: Node, _ field: String) -> String? {
            guard case .scalar = node, let text = node.string, !text.isEmpty else {
                diagnostics.append(error("'\(field)' must be a non-empty string", node))
                return nil
            }
            return text
        }

        mutating func number(_ node: Node, _ field: String, min: Double, max: Double) -> Double? {
            guard case .scalar = node, let value = node.float ?? node.int.map(Double.init), value.isFinite else {
                diagnostics.append(error("'\(field)' must be a number", node))
                return nil
            }
            guard value >= min, value <= max else {
                diagnostics.append(error("'\(field)' must be in [\(Self.format(min)), \(Self.format(max))]", node))
                return nil
            }
            return value
        }

        mutating func integer(_ node: Node, _ field: String, min: Int) -> Int? {
            guard case .scalar = node, let value = node.int else {
                diagnostics.append(error("'\(field)' must be a whole number", node))
                return nil
            }
            guard value >= min else {
                diagnostics.append(error("'\(field)' must be at least \(min)", node))
                return nil
            }
            return value
        }

        mutating func choice<T: RawRepresentable>(_ node: Node, _ field: String, _ type: T.Type) -> T? where T.RawValue == String, T: CaseIterable {
            guard let text = string(node, field) else { return nil }
            guard let value = T(rawValue: text) else {
                diagnostics.append(error("'\(field)' must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'", node))
                return nil
            }
            return value
        }

        static func format(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        }

        static let judgeKeys: Set<String> = [
            "provider", "model", "base_url", "api_key_env", "api_key", "temperature", "seed", "max_tokens",
            "concurrency", "rpm", "tpm", "prices", "transport", "mode", "retries", "reasks", "timeout",
            "anthropic_version", "api_version", "item_header", "batch",
        ]

        mutating func judge(_ name: String, _ node: Node) -> JudgeConfig? {
            guard let mapping = node.mapping else {
                diagnostics.append(error("judge '\(name)' must be a mapping of settings", node))
                return nil
            }
            var fields: [String: (Node, Node)] = [:]
            for (key, value) in mapping {
                guard let text = key.string else { continue }
                guard Self.judgeKeys.contains(text) else {
                    diagnostics.append(error("unknown key '\(text)' in judge '\(name)'; expected one of \(Self.judgeKeys.sorted().joined(separator: ", "))", key))
                    continue
                }
                fields[text] = (key, value)
            }
            let errorsBefore = diagnostics.count
            var provider: LLMProvider?
            if let (_, value) = fields["provider"] { provider = choice(value, "provider", LLMProvider.self) }
            else { diagnostics.append(error("judge '\(name)' needs 'provider' (openai or anthropic)", node)) }
            var model: String?
            if let (_, value) = fields["model"] { model = string(value, "model") }
            else { diagnostics.append(error("judge '\(name)' needs 'model'", node)) }
            var judge = JudgeConfig(name: name, provider: provider ?? .openAI, model: model ?? "", location: location(node))
            if let (_, value) = fields["base_url"], let url = string(value, "base_url") {
                if url.hasPrefix("http://") || url.hasPrefix("https://") { judge.baseURL = url }
                else { diagnostics.append(error("'base_url' must start with http:// or https://", value)) }
            }
            if let (_, value) = fields["api_key_env"] { judge.apiKeyEnv = string(value, "api_key_env") }
            if let (_, value) = fields["api_key"] { judge.apiKey = string(value, "api_key") }
            if let (_, value) = fields["temperature"] { judge.temperature = number(value, "temperature", min: 0, max: 2) }
            if let (_, value) = fields["seed"] { judge.seed = integer(value, "seed", min: Int.min) }
            if let (_, value) = fields["max_tokens"] { judge.maxTokens = integer(value, "max_tokens", min: 1) }
            if let (_, value) = fields["concurrency"] { judge.concurrency = integer(value, "concurrency", min: 1) }
            if let (_, value) = fields["rpm"] { judge.rpm = integer(value, "rpm", min: 1) }
            if let (_, value) = fields["tpm"] { judge.tpm = integer(value, "tpm", min: 1) }
            if let (_, value) = fields["transport"] { judge.transport = choice(value, "transport", TransportKind.self) }
            if let (_, value) = fields["mode"] {
                judge.mode = choice(value, "mode", PromptKind.self)
                if judge.mode == .scribe {  // a model writing notes is named by `generate --model`, not a judge's mode
                    diagnostics.append(error("'mode' of a judge must be per-criterion, batched or statement-check, not 'scribe'", value))
                    judge.mode = nil
                }
            }
            if let (_, value) = fields["retries"] { judge.retries = integer(value, "retries", min: 0) }
            if let (_, value) = fields["reasks"] { judge.reasks = integer(value, "reasks", min: 0) }
            if let (_, value) = fields["timeout"] { judge.timeout = number(value, "timeout", min: 0.001, max: 3600) }
            if let (_, value) = fields["anthropic_version"] { judge.anthropicVersion = string(value, "anthropic_version") }
            if let (_, value) = fields["api_version"] { judge.apiVersion = string(value, "api_version") }
            if let (_, value) = fields["item_header"] {
                if case .scalar = value, let flag = value.bool { judge.itemHeader = flag }
                else { diagnostics.append(error("'item_header' must be true or false", value)) }
            }
            if let (_, value) = fields["batch"] {
                if case .scalar = value, let flag = value.bool { judge.batch = flag }
                else { diagnostics.append(error("'batch' must be true or false", value)) }
            }
            if let (_, value) = fields["prices"] { judge.prices = prices(value) }
            return diagnostics.count == errorsBefore ? judge : nil
        }

        mutating func prices(_ node: Node) -> PriceConfig? {
            guard let mapping = node.mapping else {
                diagnostics.append(error("'prices' must be a mapping with input, cached_input, cache_write, output (dollars per million tokens)", node))
                return nil
            }
            var prices = PriceConfig()
            for (key, value) in mapping {
                guard let text = key.string else { continue }
                guard ["input", "cached_input", "cache_write", "output"].contains(text) else {
                    diagnostics.append(error("unknown key '\(text)' in prices; expected input, cached_input, cache_write or output", key))
                    continue
                }
                let amount = number(value, "prices.\(text)", min: 0, max: 1_000_000)
                switch text {
                case "input": prices.input = amount
                case "cached_input": prices.cachedInput = amount
                case "cache_write": prices.cacheWrite = amount
                default: prices.output = amount
                }
            }
            return prices
        }
    }
}
