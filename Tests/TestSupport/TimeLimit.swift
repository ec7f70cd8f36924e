import Dispatch
import Foundation
import Synchronization
import Testing

/// Runs `body` on its own thread (8 MiB of stack, like a main thread) and fails the test if it takes
/// longer than `seconds`: a hang becomes a failure, not a stuck test run. Generous for a loaded
/// 2-core machine; a hang guard, not a timing assertion.
public func withinTimeLimit<Value: Sendable>(
    seconds: Double = 30, _ body: @escaping @Sendable () -> Value
) -> Value? {
    let result = Mutex<Value?>(nil)
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        let value = body()
        result.withLock { $0 = value }
        done.signal()
    }
    thread.stackSize = 8 << 20
    thread.start()
    guard done.wait(timeout: .now() + seconds) == .success else {
        Issue.record("did not finish within \(seconds) s")
        return nil
    }
    return result.withLock { $0 }
}
