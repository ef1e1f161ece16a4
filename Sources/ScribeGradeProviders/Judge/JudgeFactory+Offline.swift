import Foundation
import ScribeGrade

extension JudgeFactory {
    /// A factory that builds every kind of judge: LLM judges from specs and the configuration,
    /// and the core's offline judges (`baseline`, `replay:FILE`, read through `files`).
    ///
    /// The CLI and the grading service both build their judges here, so a spec means the same
    /// judge wherever it is given.
    public static func withOfflineJudges(
        config: ScribeGradeConfig?, environment: [String: String] = ProcessInfo.processInfo.environment,
        transports: TransportPool = TransportPool(), files: any FileSource = LocalFileSource()
    ) -> JudgeFactory {
        JudgeFactory(config: config, environment: environment, transports: transports) { spec in
            guard let judge = try OfflineJudges.make(spec, files: files) else {
                throw InputError("judge '\(spec)' is not an offline judge", at: SourceLocation(file: "--judge"))
            }
            return judge
        }
    }
}
