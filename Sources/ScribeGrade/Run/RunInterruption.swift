import Synchronization

/// A request, from outside a run (Ctrl-C), to stop asking: the run engine starts no new
/// request once it is set, lets the requests in flight finish, commits every answer that
/// arrives and ends the run `interrupted`. Unlike cancelling the task, nothing already paid for
/// is dropped.
public final class RunInterruption: Sendable {
    private let requested = Atomic<Bool>(false)

    public init() {}

    /// Asks the run to stop; returns whether this call was the first to ask.
    @discardableResult
    public func request() -> Bool {
        !requested.exchange(true, ordering: .sequentiallyConsistent)
    }

    public var isRequested: Bool { requested.load(ordering: .sequentiallyConsistent) }
}
