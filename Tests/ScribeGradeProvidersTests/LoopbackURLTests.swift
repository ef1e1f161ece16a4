import Foundation
import Testing
import ScribeGrade
import ScribeGradeProviders

/// The loopback rule parses addresses and resolves names: a name that merely starts with
/// `127.` or `localhost` is not loopback, and a judge on such a host needs an API key.
@Suite struct LoopbackURLTests {
    @Test(arguments: ["127.0.0.1.nip.io", "127.evil.com", "localhost.evil", "0.0.0.0", "10.0.0.1", "::", "::ffff:10.0.0.1", "[::2]", "", "evil.example"])
    func namesAndAddressesBeyondThisMachineAreNotLoopback(_ host: String) {
        #expect(!LoopbackURL.isLoopbackHost(host), "\(host)")
    }

    @Test(arguments: ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "::ffff:127.0.0.1", "[::ffff:127.0.0.1]", "localhost", "LOCALHOST"])
    func loopbackAddressesAndLocalhostAreLoopback(_ host: String) {
        #expect(LoopbackURL.isLoopbackHost(host), "\(host)")
    }

    @Test func aJudgeOnANameThatLooksLikeLoopbackNeedsAnAPIKey() throws {
        let factory = JudgeFactory(environment: [:])
        for url in ["http://127.0.0.1.nip.io:8089/v1", "http://127.evil.com/v1", "http://localhost.evil/v1"] {
            #expect(!LoopbackURL.isLoopback(url), "\(url)")
            #expect(throws: InputError.self, "\(url)") { try factory.makeLLMJudge(.openAI(model: "m", baseURL: url)) }
        }
        #expect(try factory.makeLLMJudge(.openAI(model: "m", baseURL: "http://[::1]:8089/v1")) != nil)
        #expect(try factory.makeLLMJudge(.openAI(model: "m", baseURL: "http://127.1.2.3:8089/v1")) != nil)
    }
}
