import Foundation

/// The simulator's processing slots, as llama-server's `--parallel`: at most `capacity`
/// requests are processed at once and the rest wait in arrival order. A waiting request whose
/// client went away (it timed out or disconnected) leaves the queue without being processed.
final class SlotQueue: @unchecked Sendable {
    let capacity: Int
    private let lock = NSLock()
    private var busy = 0
    private var waiting: [(ticket: Int, start: @Sendable () -> Void)] = []
    private var issued = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Runs `start` once a slot is free, at once when one is, and returns the request's ticket.
    /// Whoever `start` runs for holds a slot until it calls `release()`.
    func enter(_ start: @escaping @Sendable () -> Void) -> Int {
        let (ticket, startsNow) = lock.withLock { () -> (Int, Bool) in
            issued += 1
            guard busy >= capacity else {
                busy += 1
                return (issued, true)
            }
            waiting.append((issued, start))
            return (issued, false)
        }
        if startsNow { start() }
        return ticket
    }

    /// Takes a waiting request out of the queue; false when it is not waiting (it holds a slot).
    func leave(_ ticket: Int) -> Bool {
        lock.withLock {
            guard let index = waiting.firstIndex(where: { $0.ticket == ticket }) else { return false }
            waiting.remove(at: index)
            return true
        }
    }

    /// Frees a slot: the first waiting request gets it.
    func release() {
        let next = lock.withLock { () -> (@Sendable () -> Void)? in
            guard !waiting.isEmpty else {
                busy -= 1
                return nil
            }
            return waiting.removeFirst().start
        }
        next?()
    }
}
