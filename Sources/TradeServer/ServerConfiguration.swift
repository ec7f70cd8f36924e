public import Foundation

/// The limits and address of the HTTP service; every limit has a `trade serve` flag.
public struct TradeServerConfiguration: Sendable, Hashable {
    /// The address to listen on; `127.0.0.1` keeps the service on this machine.
    public var host: String
    /// The TCP port; 0 lets the system pick a free one (the bound port is reported when the server starts).
    public var port: Int
    /// The largest request body accepted; a larger one gets 413.
    public var maxBodyBytes: Int
    /// The longest time limit one solve may have: a larger `timeLimit` is clamped to it, and a
    /// request without one gets it.
    public var maxTimeLimit: Duration
    /// How many solves run at once.
    public var maxConcurrentSolves: Int
    /// How many solves may wait for a free slot; one more gets 503 with `Retry-After`.
    public var queueDepth: Int
    /// The `Retry-After` value, in seconds, sent with 503.
    public var retryAfterSeconds: Int
    /// How long a request body may take to arrive once its handler reads it; slower gets 408.
    public var bodyTimeout: Duration
    /// A connection with nothing read or written for this long is closed (Hummingbird's HTTP/1
    /// idle timeout): a client that stalls before or inside its headers or body, or keeps an idle
    /// keep-alive connection. A request whose body is in and whose answer is being computed is
    /// never cut by it.
    public var idleTimeout: Duration

    /// The defaults: loopback, port 8080, 1 MiB bodies, 10 s per solve, one solve per core, 16
    /// waiting, 10 s to send a body, 30 s idle.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 1 << 20, maxTimeLimit: Duration = .seconds(10),
        maxConcurrentSolves: Int = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount), queueDepth: Int = 16,
        retryAfterSeconds: Int = 1, bodyTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(30)
    ) {
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.maxTimeLimit = maxTimeLimit
        self.maxConcurrentSolves = maxConcurrentSolves
        self.queueDepth = queueDepth
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// Each setting that cannot work, in words; empty when the configuration is usable.
    public var problems: [String] {
        var problems: [String] = []
        if !(0...65535).contains(port) { problems.append("the port must be between 0 and 65535") }
        if maxBodyBytes < 1 { problems.append("the maximum body size must be at least 1 byte") }
        if maxTimeLimit <= .zero { problems.append("the maximum time limit must be positive") }
        if maxConcurrentSolves < 1 { problems.append("at least one solve must be allowed to run") }
        if queueDepth < 0 { problems.append("the queue depth cannot be negative") }
        if retryAfterSeconds < 0 { problems.append("Retry-After cannot be negative") }
        if bodyTimeout <= .zero { problems.append("the body timeout must be positive") }
        if idleTimeout <= .zero { problems.append("the idle timeout must be positive") }
        return problems
    }
}
