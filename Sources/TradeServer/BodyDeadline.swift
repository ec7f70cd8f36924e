import Synchronization

/// Runs `work` with a deadline, and returns `nil` when the deadline comes first, without waiting
/// for `work` to notice (it is cancelled, and its result is dropped whenever it ends).
///
/// A structured task group would wait for the body reader, and a client that trickles a byte at a
/// time keeps a read alive for as long as it likes: the point is to answer 408 *now*.
func withDeadline<Value: Sendable>(
    _ timeout: Duration, _ work: @escaping @Sendable () async throws -> Value
) async throws -> Value? {
    let race = Race<Value>()
    return try await withCheckedThrowingContinuation { continuation in
        race.start(continuation)
        let worker = Task {
            let result: Result<Value?, any Error>
            do { result = .success(try await work()) } catch { result = .failure(error) }
            race.finish(result)
        }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            guard !Task.isCancelled else { return }
            // Settle the race before cancelling: the cancelled reader throws CancellationError,
            // which must not be taken for a malformed body (400) when the answer is 408.
            race.finish(.success(nil))
            worker.cancel()
        }
        race.onFinish { timer.cancel() }
    }
}

/// The continuation of a ``withDeadline(_:_:)`` call, resumed once by whichever side ends first.
private final class Race<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value?, any Error>?
        var finished: Result<Value?, any Error>?
        var cleanup: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    func start(_ continuation: CheckedContinuation<Value?, any Error>) {
        state.withLock { $0.continuation = continuation }
    }

    /// Called once the timer exists, so a finish that came first still cancels it.
    func onFinish(_ cleanup: @escaping @Sendable () -> Void) {
        let done = state.withLock { state -> Bool in
            if state.finished != nil { return true }
            state.cleanup = cleanup
            return false
        }
        if done { cleanup() }
    }

    func finish(_ result: Result<Value?, any Error>) {
        let (continuation, cleanup) = state.withLock { state -> (CheckedContinuation<Value?, any Error>?, (@Sendable () -> Void)?) in
            guard state.finished == nil else { return (nil, nil) }
            state.finished = result
            defer { (state.continuation, state.cleanup) = (nil, nil) }
            return (state.continuation, state.cleanup)
        }
        cleanup?()
        continuation?.resume(with: result)
    }
}
