import Foundation
import Testing

/// `serve --review-dimension DIM=SCALE`: the dimensions the note-level review page asks about
/// when no stored ratings declare any, checked before the service starts.
@Suite struct ServeReviewDimensionTests {
    @Test func aBadDeclarationStopsServeWithAnErrorNamingTheOptionAndTheDimension() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let store = directory.appendingPathComponent("runs.sqlite").path
        for declaration in ["quality=ordinal:1", "quality", "omission_rate=interval:1:0"] {
            // Beyond loopback with no token: were the option not checked first, serve would
            // refuse to start for that reason instead of listening for ever.
            let result = try CLIRunner.run(["serve", "--host", "0.0.0.0", "--port", "0", "--store", store, "--review-dimension", declaration])
            #expect(result.status == 2, "\(declaration): \(result.stderr)")
            #expect(result.stderr.contains("--review-dimension: error:"), "\(declaration): \(result.stderr)")
            #expect(!result.stderr.contains("refusing to listen"))
        }
    }

    @Test func serveHelpNamesTheOption() throws {
        let help = try CLIRunner.run(["serve", "--help"])
        #expect(help.stdout.contains("--review-dimension <DIM=SCALE>"))
        #expect(help.stdout.contains("/review/notes"))
    }
}
