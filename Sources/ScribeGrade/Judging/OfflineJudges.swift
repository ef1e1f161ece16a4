/// Builds the judges that need no network from their specs: `baseline` and `replay:FILE`.
public enum OfflineJudges {
    /// The judge for `spec`, or `nil` when the spec names an LLM (built by `ScribeGradeProviders`).
    /// Throws `InputError` for an unreadable or malformed replay file.
    public static func make(_ spec: JudgeSpec, files: any FileSource = LocalFileSource()) throws -> (any Judge)? {
        switch spec {
        case .baseline:
            return BaselineJudge()
        case let .replay(path):
            return try ReplayJudge(path: path, text: files.read(path))
        case .openAI, .anthropic, .named:
            return nil
        }
    }
}
