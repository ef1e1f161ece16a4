extension JudgmentStore {
    /// Renews `holder`'s claims every third of `lease` until the returned task is cancelled;
    /// a run cancels it when it no longer holds questions.
    func renewingClaims(of holder: String, lease: Duration) -> Task<Void, Never> {
        Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: lease / 3)
                if Task.isCancelled { return }
                try? await renewClaims(of: holder, lease: lease)
            }
        }
    }
}
