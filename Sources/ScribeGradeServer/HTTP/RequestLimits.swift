/// What one request may make the service do. Each bound is checked before any work starts,
/// answered with a 422 problem naming the parameter and the bound, and stated in the OpenAPI
/// document (`maximum`, `maxItems`) from these same constants.
enum RequestLimits {
    /// Bootstrap resamples of `?bootstrap=` (results, calibration); the probe measured 0.36 s
    /// a call at 10,000.
    static let bootstrapResamples = 2_000
    /// Answers asked per question (`samples` of a run).
    static let samples = 5
    /// Calls in flight for a run (`concurrency`); also at most each judge's configured
    /// concurrency.
    static let concurrency = 64
    /// Judges of one run.
    static let judges = 8
    /// Notes of one batch upload.
    static let notesPerBatch = 500

    /// `name must be an integer from 1 to max`: how a bound is stated.
    static func range(_ name: String, _ max: Int) -> String {
        "\(name) must be an integer from 1 to \(max)"
    }
}
