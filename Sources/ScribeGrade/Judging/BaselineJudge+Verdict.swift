extension BaselineJudge {
    /// The lexical baseline's verdict on one criterion of a note, computed at once (the
    /// simulator's `lexical` verdicts use it to grade simulated scribes' notes).
    public func verdict(on criterion: Criterion, note: String) -> Verdict {
        decide(criterion, passages: Self.passages(of: note)).verdict ?? .notMet
    }
}
