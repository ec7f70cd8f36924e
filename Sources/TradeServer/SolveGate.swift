import Synchronization

/// Admission control for solves: at most `capacity` run at once, at most `queueDepth` wait in
/// arrival order, and any more are refused at once rather than left to slow everyone down.
final class SolveGate: Sendable {
    /// Thrown by ``enter()`` when every slot is busy and the queue is full.
    struct Full: Error {}

    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var running = 0
        var waiting: [Waiter] = []
        var nextID: UInt64 = 0
        /// Waiters whose task was cancelled before they joined the queue.
        var cancelledEarly: Set<UInt64> = []
    }

    let capacity: Int
    let queueDepth: Int
    private let state = Mutex(State())

    init(capacity: Int, queueDepth: Int) {
        self.capacity = capacity
        self.queueDepth = queueDepth
    }

    /// Solves running now, and solves waiting for a slot.
    var load: (running: Int, waiting: Int) { state.withLock { ($0.running, $0.waiting.count) } }

    /// Takes a slot, waiting in line when all are busy; throws ``Full`` when the line is full too,
    /// and `CancellationError` when the task is cancelled while it waits. Pair with ``leave()``.
    func enter() async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Decision { case run, wait, full, cancelled }
                let decision = state.withLock { state -> Decision in
                    if state.cancelledEarly.remove(id) != nil { return .cancelled }
                    if state.running < capacity {
                        state.running += 1
                        return .run
                    }
                    guard state.waiting.count < queueDepth else { return .full }
                    state.waiting.append(Waiter(id: id, continuation: continuation))
                    return .wait
                }
                switch decision {
                case .run: continuation.resume()
                case .wait: break
                case .full: continuation.resume(throwing: Full())
                case .cancelled: continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiting.firstIndex(where: { $0.id == id }) else {
                    state.cancelledEarly.insert(id)
                    return nil
                }
                return state.waiting.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
        // A task cancelled after it got its slot leaves a stale entry; drop it.
        _ = state.withLock { $0.cancelledEarly.remove(id) }
    }

    /// Gives the slot to the first waiter, or frees it.
    func leave() {
        let next = state.withLock { state -> Waiter? in
            if state.waiting.isEmpty {
                state.running -= 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.continuation.resume()
    }
}
