import Foundation
import Testing

/// `simulate --batch-faults` and `--batch-delay`: a bad value stops the simulator before it
/// serves, with status 2 and a diagnostic naming the option.
@Suite struct SimulateBatchOptionsTests {
    @Test(arguments: [
        (["--batch-faults", "expired=0.1,late=0.2"], "--batch-faults: error: unknown batch fault 'late'"),
        (["--batch-faults", "expired=0.7,truncated=0.7"], "--batch-faults: error: rates of expired, cancelled and truncated add up to more than 1"),
        (["--batch-delay=-1"], "--batch-delay: error: batch delay must be a number of seconds >= 0"),
    ])
    func badBatchOptionsExitWithStatus2NamingTheOption(arguments: [String], diagnostic: String) throws {
        let result = try CLIRunner.run(["simulate", "--port", "0"] + arguments)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix(diagnostic), "\(result.stderr)")
    }
}
