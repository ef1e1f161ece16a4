import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

@Suite struct SimulateCommandTests {
    /// Starts `scribegrade simulate`, reads the URL it prints, calls it, stops it with `signal`.
    static func runServer(_ arguments: [String], stopWith signal: Int32) async throws -> (url: String, status: Int32, stderr: String, reply: Int) {
        let simulator = try SimulatorProcess(arguments)
        let url = simulator.url
        var request = URLRequest(url: URL(string: url + "/v1/chat/completions")!)
        request.httpMethod = "POST"
        request.httpBody = Data(#"{"model":"m","messages":[{"role":"user","content":"Criterion id: c1"}]}"#.utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        let (status, stderr) = simulator.stop(with: signal)
        return (url, status, stderr, (response as? HTTPURLResponse)?.statusCode ?? 0)
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func printsItsURLServesAndStopsCleanlyOnASignal(signal: Int32) async throws {
        let result = try await Self.runServer(["--latency-ms", "5"], stopWith: signal)
        #expect(result.url.hasPrefix("http://127.0.0.1:"))
        #expect(result.reply == 200)
        #expect(result.status == 0)
        #expect(result.stderr.contains("stopped on signal \(signal) after 1 requests"))
    }

    @Test func badFaultRatesExitWithStatus2AndADiagnostic() throws {
        let result = try CLIRunner.run(["simulate", "--port", "0", "--faults", "429=0.5,teapot=0.1"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("--faults: error: unknown fault 'teapot'"))
    }

    @Test func aMalformedTruthFileExitsWithStatus2NamingItsLine() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let truth = directory.appendingPathComponent("truth.csv")
        try "system,encounter,criterion,verdict\ndoctor,e1,c1,met\ndoctor,e1,c2,perhaps\n".write(to: truth, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["simulate", "--port", "0", "--truth", truth.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("truth.csv:3: error: verdict must be met or not_met"))
    }
}
