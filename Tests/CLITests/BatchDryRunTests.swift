import Foundation
import Testing

/// `grade --dry-run` prices a judge asked in batches (`--batch`, or `batch: true` in its
/// configuration) at batch prices: half the synchronous estimate.
@Suite struct BatchDryRunTests {
    static func estimatedTotal(_ output: String) -> Double? {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("Estimated total: $") }) else { return nil }
        return Double(line.dropFirst("Estimated total: $".count).prefix { $0 != " " })
    }

    @Test func dryRunEstimatesBatchedJudgesAtHalfPrice() throws {
        let directory = try CLIRunner.temporaryDirectory()
        func config(batch: Bool) throws -> String {
            let path = directory.appendingPathComponent("batch-\(batch).yaml").path
            try """
                judges:
                  priced:
                    provider: openai
                    model: gpt-4.1-mini
                    base_url: http://127.0.0.1:9/v1
                    batch: \(batch)
                    prices: {input: 0.4, cached_input: 0.1, output: 1.6}
                """.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        func total(_ extra: [String], batch: Bool) throws -> Double {
            let result = try CLIRunner.run(
                ["grade", "--rubrics", "Rubrics/primock57/day1_consultation01_clinician_1.yaml", "--notes", "Examples/primock57/notes",
                 "--transcripts", "Examples/primock57/transcripts", "--judge", "priced", "--config", try config(batch: batch),
                 "--store", directory.appendingPathComponent("none.sqlite").path, "--dry-run"] + extra)
            #expect(result.status == 0, "\(result.stderr)")
            return try #require(Self.estimatedTotal(result.stdout), "\(result.stdout)")
        }
        let synchronous = try total([], batch: false)
        #expect(synchronous > 0)
        #expect(abs(try total(["--batch"], batch: false) - synchronous / 2) < 2e-4, "printed to 4 decimals")
        #expect(abs(try total([], batch: true) - synchronous / 2) < 2e-4, "printed to 4 decimals")
    }
}
