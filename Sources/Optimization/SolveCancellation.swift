internal import CGLPKGuard

/// A flag that stops a running search from any thread or task.
///
/// The solver's search callback, in C, reads the flag atomically at every node; cancelling keeps
/// the best solution found so far and reports ``Termination/cancelled``.
public final class SolveCancellation: @unchecked Sendable {
    // Written and read only through C atomics, never by Swift directly.
    let flag: UnsafeMutablePointer<Int32>

    public init() {
        flag = .allocate(capacity: 1)
        flag.initialize(to: 0)
    }

    deinit { flag.deallocate() }

    /// Asks every solve that uses this flag to stop as soon as it can.
    public func cancel() { rtg_flag_raise(flag) }

    /// Whether ``cancel()`` has been called.
    public var isCancelled: Bool { rtg_flag_is_raised(flag) != 0 }
}
