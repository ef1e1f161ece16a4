import Foundation
import Testing

/// `grade --batch` whose provider cannot be reached: it exits 4 with the batch step that failed
/// and the command that resumes, and asks nothing one by one.
@Suite struct BatchUnreachableTests {
    @Test func batchGradeAgainstNoServerExitsUnreachableWithTheResumeCommand() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let store = directory.appendingPathComponent("runs.sqlite")
        // The client keeps trying to connect until an exchange's timeout: 2 s here.
        let config = directory.appendingPathComponent("scribegrade.yaml")
        try "judges:\n  dead:\n    provider: openai\n    model: gpt-sim\n    base_url: http://127.0.0.1:9/v1\n    timeout: 2\n"
            .write(to: config, atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(
            ["grade", "--rubrics", "Rubrics/primock57/day1_consultation01_clinician_1.yaml", "--notes", "Examples/primock57/notes",
             "--transcripts", "Examples/primock57/transcripts", "--judge", "dead", "--config", config.path,
             "--store", store.path, "--batch"])
        #expect(result.status == 4, "\(result.stderr)")
        #expect(result.stderr.contains("batch upload failed"))
        #expect(result.stderr.contains("Run the same command again to poll the stored batches"))
        #expect(try StoreFile.judgmentCount(store) == 0, "nothing asked one by one, nothing stored as failed")
        #expect(try StoreFile.runStatuses(store).values.allSatisfy { $0 == "incomplete" })
    }
}
