import Foundation
import Testing
import ScribeGrade
import ScribeGradeProviders
import ScribeGradeSimulator

@Suite(.serialized) struct LLMJudgeTests {
    @Test(arguments: [Provider.openAI, .anthropic])
    func aJudgeGetsTheTruthVerdictsWithEvidenceUsageCostAndPromptHash(provider: Provider) async throws {
        let log = Fixture.temporaryFile("requests.jsonl")
        defer { try? FileManager.default.removeItem(atPath: log) }
        try await Fixture.withSimulator(SimulatorConfiguration(truth: Fixture.truth, requestLog: log)) { server in
            let judge = Fixture.judge(provider, server: server)
            var responses: [JudgeResponse] = []
            for criterion in Fixture.criteria {
                let response = try await judge.judge(Fixture.request([criterion]))
                let result = try #require(response.results[criterion.id])
                #expect(result.verdict == (criterion.isPenalty ? .notMet : .met), "\(criterion.id)")
                #expect(result.failure == nil)
                #expect(result.evidence?.transcript.isEmpty == false)
                #expect(result.evidence?.unsupported == [], "the simulator quotes the texts verbatim")
                #expect(response.attempts == 1)
                #expect(response.promptHash == PromptTemplate.builtIn(.perCriterion).hash)
                #expect(response.cost == Prices(input: 2, cachedInput: 0.5, cacheWrite: 2.5, output: 8).cost(of: response.usage))
                #expect(response.cost > 0)
                responses.append(response)
            }
            let first = responses[0].usage
            #expect(first.input > 1024, "the transcript is long enough to be cached")
            #expect(first.cachedInput == 0)
            if provider == .anthropic { #expect(first.cacheCreation > 1024) }
            for later in responses.dropFirst().map(\.usage) {
                #expect(later.cachedInput >= 1024, "the shared prefix is served from cache")
                #expect(later.cacheCreation == 0)
                if provider == .openAI { #expect(later.cachedInput % 128 == 0) }
                if provider == .anthropic { #expect(later.cachedInput == first.cacheCreation) }
                #expect(later.input - later.cachedInput < 200, "only the criterion is billed in full")
            }
            let lines = try Fixture.logLines(log)
            #expect(lines.count == Fixture.criteria.count)
            #expect(lines.map { $0["criteria"]?.arrayValue?.first?.stringValue } == Fixture.criteria.map(\.id))
            #expect(lines.allSatisfy { $0["note"]?.stringValue == "doctor/day1_consultation01" && $0["item_source"]?.stringValue == "header" })
        }
    }

    @Test(arguments: [Provider.openAI, .anthropic])
    func batchedModeAnswersEveryCriterionOfASectionInOneCall(provider: Provider) async throws {
        try await Fixture.withSimulator(SimulatorConfiguration(truth: Fixture.truth)) { server in
            let judge = Fixture.judge(provider, server: server, mode: .batched)
            #expect(judge.batchesCriteria)
            let subjective = Fixture.criteria.filter { $0.section == .subjective }
            let response = try await judge.judge(Fixture.request(subjective))
            #expect(Set(response.results.keys) == Set(subjective.map(\.id)))
            #expect(response.results.values.allSatisfy { $0.verdict == .met })
            #expect(response.attempts == 1)
            #expect(server.engine.stats.requests == 1)
        }
    }

    @Test(arguments: [(Fault.rateLimited, "HTTP 429"), (.serverError, "HTTP 500"), (.unavailable, "HTTP 5"), (.overloaded, "HTTP 5"), (.drop, "connection error"), (.truncated, "connection error"), (.hang, "timed out")])
    func aFaultOnEveryAttemptIsRetriedUpToTheCapThenFailsWithItsReason(fault: Fault, reason: String) async throws {
        for provider in [Provider.openAI, .anthropic] {
            let log = Fixture.temporaryFile("requests.jsonl")
            defer { try? FileManager.default.removeItem(atPath: log) }
            try await Fixture.withSimulator(SimulatorConfiguration(faults: FaultRates([fault: 1]), requestLog: log, retryAfterMs: 20, hangSeconds: 5)) { server in
                let judge = Fixture.judge(provider, server: server, retries: 2, timeout: 0.4)
                await #expect {
                    _ = try await judge.judge(Fixture.request([Fixture.criteria[0]]))
                } throws: { error in
                    guard let failure = error as? JudgeFailure else { return false }
                    return failure.attempts == 3 && failure.reason.contains(reason) && failure.reason.contains("after 3 attempts")
                }
                let lines = try Fixture.logLines(log)
                #expect(lines.count == 3, "\(provider) \(fault): one first attempt and two retries")
                #expect(lines.allSatisfy { $0["fault"]?.stringValue == fault.rawValue })
            }
        }
    }

    @Test(arguments: [Provider.openAI, .anthropic])
    func aMalformedAnswerIsReaskedThenRecordedAsFailedNeverAsNotMet(provider: Provider) async throws {
        try await Fixture.withSimulator(SimulatorConfiguration(faults: FaultRates([.malformed: 1]))) { server in
            let judge = Fixture.judge(provider, server: server, reasks: 2)
            let response = try await judge.judge(Fixture.request([Fixture.criteria[0]]))
            let result = try #require(response.results[Fixture.criteria[0].id])
            #expect(result.verdict == nil)
            #expect(result.failure?.contains("no usable answer after 3 answers") == true)
            #expect(response.attempts == 3)
            #expect(server.engine.stats.requests == 3)
            #expect(response.usage.output > 0, "the tokens of the unusable answers are still accounted")
        }
    }

    @Test(arguments: [Provider.openAI, .anthropic])
    func aRefusalIsReaskedThenFailedWithTheReason(provider: Provider) async throws {
        try await Fixture.withSimulator(SimulatorConfiguration(faults: FaultRates([.refusal: 1]))) { server in
            let judge = Fixture.judge(provider, server: server, reasks: 1)
            let response = try await judge.judge(Fixture.request([Fixture.criteria[1]]))
            #expect(response.results[Fixture.criteria[1].id]?.failure?.contains("refused") == true)
            #expect(response.attempts == 2)
        }
    }

    @Test(arguments: [Provider.openAI, .anthropic])
    func intermittentFaultsEndInTheRightVerdict(provider: Provider) async throws {
        let faults = FaultRates([.rateLimited: 0.15, .serverError: 0.15, .drop: 0.1, .malformed: 0.1, .truncated: 0.05])
        try await Fixture.withSimulator(SimulatorConfiguration(faults: faults, truth: Fixture.truth, seed: 42, retryAfterMs: 10)) { server in
            let judge = Fixture.judge(provider, server: server, retries: 12, reasks: 6)
            var attempts = 0
            for criterion in Fixture.criteria {
                let response = try await judge.judge(Fixture.request([criterion]))
                #expect(response.results[criterion.id]?.verdict == (criterion.isPenalty ? .notMet : .met))
                attempts += response.attempts
            }
            #expect(attempts > Fixture.criteria.count, "some calls needed more than one attempt")
            #expect(server.engine.stats.requests == attempts)
        }
    }

    @Test func retryAfterMillisecondsIsHonouredOverTheShortBackoff() async throws {
        try await Fixture.withSimulator(SimulatorConfiguration(faults: FaultRates([.rateLimited: 0.5]), seed: 3, retryAfterMs: 300)) { server in
            let judge = Fixture.judge(.openAI, server: server, retries: 10)
            var checked = 0
            for criterion in Fixture.criteria {
                let response = try await judge.judge(Fixture.request([criterion]))
                if response.attempts > 1 {
                    // The backoff alone is at most 0.05 s a retry; only Retry-After explains 0.3 s a retry.
                    #expect(response.latency >= 0.3 * Double(response.attempts - 1) - 0.01)
                    checked += 1
                }
            }
            #expect(checked > 0)
        }
    }

    @Test func anthropicRetryAfterSecondsIsHonoured() async throws {
        try await Fixture.withSimulator(SimulatorConfiguration(faults: FaultRates([.rateLimited: 0.5]), seed: 5, retryAfterMs: 1000)) { server in
            let judge = Fixture.judge(.anthropic, server: server, retries: 10)
            var checked = 0
            for criterion in Fixture.criteria.prefix(4) {
                let response = try await judge.judge(Fixture.request([criterion]))
                if response.attempts > 1 {
                    #expect(response.latency >= 1.0 * Double(response.attempts - 1) - 0.01)
                    checked += 1
                }
            }
            #expect(checked > 0)
        }
    }

    @Test(arguments: [Provider.openAI, .anthropic])
    func theAPIKeyNeverAppearsInErrorsLogsOrDescriptions(provider: Provider) async throws {
        let key = "sk-wrong-SECRET-key-0123456789"
        let log = Fixture.temporaryFile("requests.jsonl")
        defer { try? FileManager.default.removeItem(atPath: log) }
        try await Fixture.withSimulator(SimulatorConfiguration(requestLog: log, requiredKey: "sk-right")) { server in
            let judge = Fixture.judge(provider, server: server, key: key)
            var reason = ""
            do {
                _ = try await judge.judge(Fixture.request([Fixture.criteria[0]]))
                Issue.record("a wrong key must fail")
            } catch let failure as JudgeFailure {
                reason = failure.reason
            }
            #expect(reason.contains("HTTP 401"))
            #expect(reason.contains("not retried"))
            #expect(!reason.contains(key))
            #expect(!reason.contains("SECRET"))
            #expect(!String(describing: judge).contains("SECRET"))
            #expect(!String(reflecting: judge.client).contains("SECRET"))
            #expect(!(try String(contentsOfFile: log, encoding: .utf8)).contains("SECRET"))
            #expect(server.engine.stats.requests == 1, "401 is not retried")
        }
    }

    @Test func theCacheKeyChangesWithTheNoteTheCriterionTheSampleAndTheModelButNotOtherwise() async throws {
        try await Fixture.withSimulator(SimulatorConfiguration()) { server in
            let judge = Fixture.judge(.openAI, server: server)
            let base = judge.cacheKey(for: Fixture.request([Fixture.criteria[0]]))
            #expect(judge.cacheKey(for: Fixture.request([Fixture.criteria[0]])) == base)
            #expect(judge.cacheKey(for: Fixture.request([Fixture.criteria[1]])) != base)
            #expect(judge.cacheKey(for: Fixture.request([Fixture.criteria[0]], sample: 1)) != base)
            var other = Fixture.note
            other.system = "scribeB"
            #expect(judge.cacheKey(for: Fixture.request([Fixture.criteria[0]], note: other)) != base, "same text from another system is another question")
            #expect(Fixture.judge(.anthropic, server: server).cacheKey(for: Fixture.request([Fixture.criteria[0]])) != base)
            #expect(judge.descriptor.kind == .llm && judge.descriptor.readsTranscript)
        }
    }
}

@Suite struct ItemHeaderTests {
    @Test func theItemHeaderGoesOnlyToLoopbackHostsByDefault() {
        let parameters = GenerationParameters(model: "m")
        #expect(LLMJudgeSettings(name: "a", provider: .openAI, baseURL: "http://127.0.0.1:8089/v1", parameters: parameters).sendsItemHeader)
        #expect(LLMJudgeSettings(name: "a", provider: .anthropic, baseURL: "http://localhost:9", parameters: parameters).sendsItemHeader)
        #expect(!LLMJudgeSettings(name: "a", provider: .openAI, parameters: parameters).sendsItemHeader)
        #expect(!LLMJudgeSettings(name: "a", provider: .anthropic, baseURL: "https://llm.example.test", parameters: parameters).sendsItemHeader)
    }

    @Test func withoutTheHeaderTheSimulatorReadsCriterionIdsFromThePrompt() async throws {
        let log = Fixture.temporaryFile("requests.jsonl")
        defer { try? FileManager.default.removeItem(atPath: log) }
        try await Fixture.withSimulator(SimulatorConfiguration(requestLog: log)) { server in
            var settings = Fixture.judge(.openAI, server: server).settings
            settings.sendsItemHeader = false
            let judge = LLMJudge(settings: settings, client: OpenAIChatClient(baseURL: server.baseURL + "/v1", apiKey: nil), transport: AsyncHTTPClientTransport.shared)
            let response = try await judge.judge(Fixture.request([Fixture.criteria[3]]))
            #expect(response.results[Fixture.criteria[3].id]?.verdict != nil)
            let line = try #require(try Fixture.logLines(log).first)
            #expect(line["item_source"]?.stringValue == "prompt")
            #expect(line["note"] == .null)
            #expect(line["criteria"] == [.string(Fixture.criteria[3].id)])
        }
    }
}

@Suite struct StatementCheckTests {
    @Test(arguments: [Provider.openAI, .anthropic])
    func aStatementCheckJudgeAnswersPerStatementFromTheTruthFile(provider: Provider) async throws {
        let statements = [
            Criterion(id: "note1-3", text: "Diarrhoea for three days.", points: 1),
            Criterion(id: "note1-4", text: "Blood in the stool.", points: 1),
        ]
        let truth = try TruthTable(parsing: "system,encounter,criterion,verdict\nnote1,day1_consultation01,note1-3,met\nnote1,day1_consultation01,note1-4,not_met\n", path: "t.csv")
        var note = Fixture.note
        note.system = "note1"
        try await Fixture.withSimulator(SimulatorConfiguration(truth: truth)) { server in
            let judge = Fixture.judge(provider, server: server, mode: .statementCheck)
            #expect(!judge.batchesCriteria)
            for (statement, expected) in zip(statements, [Verdict.met, .notMet]) {
                let response = try await judge.judge(Fixture.request([statement], note: note))
                #expect(response.results[statement.id]?.verdict == expected)
                #expect(response.promptHash == PromptTemplate.builtIn(.statementCheck).hash)
            }
        }
    }
}
