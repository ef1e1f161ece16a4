import Foundation
import Testing
@testable import ScribeGrade

@Suite struct ScribeGradeConfigTests {
    @Test func aFullJudgeDecodesEveryField() throws {
        let config = try ScribeGradeConfig(parsing: """
            prompts: my-prompts
            judges:
              mini:
                provider: openai
                model: gpt-4.1-mini
                base_url: http://127.0.0.1:8089/v1
                api_key_env: MY_KEY
                temperature: 0.2
                seed: 7
                max_tokens: 800
                concurrency: 64
                rpm: 500
                tpm: 200000
                prices: {input: 0.4, cached_input: 0.1, output: 1.6}
                transport: urlsession
                mode: batched
                retries: 3
                reasks: 1
                timeout: 12.5
              sonnet:
                provider: anthropic
                model: claude-sonnet-4-6
                prices: {input: 3, cache_write: 3.75, cached_input: 0.3, output: 15}
            """, path: "conf/scribegrade.yaml")
        #expect(config.promptsDirectory == "conf/my-prompts")
        let mini = try #require(config.judges["mini"])
        #expect(mini.provider == .openAI)
        #expect(mini.model == "gpt-4.1-mini")
        #expect(mini.baseURL == "http://127.0.0.1:8089/v1")
        #expect(mini.apiKeyEnv == "MY_KEY")
        #expect(mini.temperature == 0.2)
        #expect(mini.seed == 7)
        #expect(mini.maxTokens == 800)
        #expect(mini.concurrency == 64)
        #expect(mini.rpm == 500)
        #expect(mini.tpm == 200000)
        #expect(mini.prices == PriceConfig(input: 0.4, cachedInput: 0.1, output: 1.6))
        #expect(mini.transport == .urlSession)
        #expect(mini.mode == .batched)
        #expect(mini.retries == 3)
        #expect(mini.reasks == 1)
        #expect(mini.timeout == 12.5)
        #expect(mini.location == SourceLocation(file: "conf/scribegrade.yaml", line: 4, column: 5))
        #expect(config.judges["sonnet"]?.prices?.cacheWrite == 3.75)
    }

    @Test func everyProblemIsReportedAtItsLineAndColumn() {
        let text = """
            judges:
              a:
                provider: gemini
                model: x
                temperature: hot
                colour: blue
              b:
                model: y
                max_tokens: 0
                prices: {input: -1, dinner: 3}
            extra: 1
            """
        #expect {
            try ScribeGradeConfig(parsing: text, path: "s.yaml")
        } throws: { error in
            let lines = (error as? InputError)?.diagnostics.map(\.description) ?? []
            let expected = [
                "s.yaml:3:15: error: 'provider' must be one of openai, anthropic, not 'gemini'",
                "s.yaml:5:18: error: 'temperature' must be a number",
                "s.yaml:6:5: error: unknown key 'colour' in judge 'a'",
                "s.yaml:8:5: error: judge 'b' needs 'provider' (openai or anthropic)",
                "s.yaml:9:17: error: 'max_tokens' must be at least 1",
                "s.yaml:10:21: error: 'prices.input' must be in [0, 1000000]",
                "s.yaml:10:25: error: unknown key 'dinner' in prices",
                "s.yaml:11:1: error: unknown key 'extra'",
            ]
            return expected.allSatisfy { want in lines.contains { $0.hasPrefix(want) } } && lines.count == expected.count
        }
    }

    @Test func invalidYAMLIsReportedWithItsPosition() {
        #expect {
            try ScribeGradeConfig(parsing: "judges:\n  a: [unclosed\n", path: "bad.yaml")
        } throws: { error in
            String(describing: error).hasPrefix("bad.yaml:3:1: error: invalid YAML")
        }
    }

    @Test func reservedJudgeNamesAreRejected() {
        #expect(throws: InputError.self) {
            try ScribeGradeConfig(parsing: "judges:\n  baseline:\n    provider: openai\n    model: m\n", path: "c.yaml")
        }
    }
}

@Suite struct ExampleConfigTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    @Test func theExampleConfigurationParses() throws {
        let config = try ScribeGradeConfig.load(Self.root + "/Examples/scribegrade.yaml")
        #expect(config.judges.keys.sorted() == ["azure-mini", "gpt-mini", "local-vllm", "simulated", "sonnet"])
        #expect(config.judges["sonnet"]?.provider == .anthropic)
        #expect(config.judges["simulated"]?.baseURL == "http://127.0.0.1:8089/v1")
        #expect(config.judges["azure-mini"]?.apiVersion == "2024-10-21")
    }

    @Test func discoveryPrefersTheEnvironmentThenTheDirectory() throws {
        let example = Self.root + "/Examples/scribegrade.yaml"
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect(try ScribeGradeConfig.discover(in: Self.root + "/Examples", environment: [:])?.path == example)
        #expect(try ScribeGradeConfig.discover(in: empty, environment: [:]) == nil)
        #expect(try ScribeGradeConfig.discover(in: empty, environment: ["SCRIBEGRADE_CONFIG": example])?.judges.count == 5)
        #expect(throws: InputError.self) { try ScribeGradeConfig.discover(in: empty, environment: ["SCRIBEGRADE_CONFIG": empty + "/missing.yaml"]) }
    }
}
