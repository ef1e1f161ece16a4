import ArgumentParser

/// The exit statuses of the commands that ask judges (`grade`, `statements`), documented in
/// their `--help`.
enum ExitStatus {
    /// Every judgment the run needs is stored with a verdict.
    static let ok: Int32 = 0
    /// An error that is not the input's: the store, the network, a bug.
    static let error: Int32 = 1
    /// Bad input (rubrics, notes, transcripts, verdict files, configuration); nothing was asked.
    static let input: Int32 = 2
    /// Bad usage: an unknown option or an invalid value (ArgumentParser's `EX_USAGE`).
    static let usage: Int32 = 64
    /// Some judgments failed; the report leaves them out and the same command asks them again.
    static let judgmentsFailed: Int32 = 3
    /// A judge's provider is unreachable (connection failures or 5xx in a row); what it answered
    /// before is stored, the rest was not asked.
    static let judgeUnreachable: Int32 = 4
    /// Interrupted by Ctrl-C (SIGINT); every answer that arrived is stored and the same command
    /// resumes the run.
    static let interrupted: Int32 = 130

    /// The `--help` paragraph listing them.
    static let help = """
        Exit status: 0 every judgment stored with a verdict; 1 error (store, network, internal); \
        2 input error (rubrics, notes, transcripts, verdicts, configuration), nothing asked; \
        64 usage error (an unknown option or invalid value); 3 some judgments failed (the report leaves them \
        out; run the same command again to retry them); 4 a judge is unreachable (its provider \
        failed to connect or answered 5xx --unreachable-after times in a row; nothing more was \
        asked of it); 130 interrupted by Ctrl-C (every answer that arrived is stored; run the \
        same command again to resume; a second Ctrl-C quits at once).
        """
}
