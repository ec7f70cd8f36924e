public import Foundation
public import Optimization

/// What a trade solve may do, and the "what if" questions a buyer can ask of it.
public struct TradeOptions: Sendable {
    /// Wall-clock limit for the whole solve, every pass included, counted from the solve's start.
    public var timeLimit: Duration?
    /// A point in time every solve with these options must stop by, whenever it starts: a
    /// command's whole run shares one, so each phase (the passes, the polish LP, the near misses,
    /// the diagnosis) gets only what is left. The earlier of this and `timeLimit` wins.
    public var deadline: ContinuousClock.Instant?
    /// Relative MIP gap at which the search may stop; 0 proves optimality.
    public var relativeGap: Double
    /// Levers held at a given quantity (`--fix LEVER=QUANTITY`).
    public var fixedQuantities: [String: Decimal]
    /// Programs that must be active (`--force PROGRAM`).
    public var forcedPrograms: Set<String>
    /// Programs that must stay off (`--forbid PROGRAM`).
    public var forbiddenPrograms: Set<String>
    /// An approval tier the trade must reach (`--tier TIER`), to ask what reaching it takes.
    public var forcedTier: String?
    /// Stops a running solve from another task or thread.
    public var cancellation: SolveCancellation?
    /// Whether the tie-break passes run after the objective (the default). Turning them off keeps
    /// the optimal objective value but not the spec's choice among optimal trades: for callers that
    /// need only the value, such as the global effects of a sensitivity report.
    public var breaksTies: Bool = true

    public init(
        timeLimit: Duration? = nil, relativeGap: Double = 0, fixedQuantities: [String: Decimal] = [:],
        forcedPrograms: Set<String> = [], forbiddenPrograms: Set<String> = [], forcedTier: String? = nil,
        cancellation: SolveCancellation? = nil
    ) {
        self.forcedTier = forcedTier
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.fixedQuantities = fixedQuantities
        self.forcedPrograms = forcedPrograms
        self.forbiddenPrograms = forbiddenPrograms
        self.cancellation = cancellation
    }

    /// When a solve starting at `start` must stop: `timeLimit` from then, or `deadline` if earlier.
    public func stopTime(startingAt start: ContinuousClock.Instant = .now) -> ContinuousClock.Instant? {
        let own = timeLimit.map { start + $0 }
        guard let deadline else { return own }
        return own.map { Swift.min($0, deadline) } ?? deadline
    }

    /// The time a solve starting now may take: at least 1 ms, as GLPK takes 0 to mean no limit.
    public var remainingTime: Duration? {
        stopTime().map { Swift.max(ContinuousClock.now.duration(to: $0), .milliseconds(1)) }
    }

    /// Whether the deadline (or the time limit counted from `start`) has passed.
    public func isOutOfTime(startedAt start: ContinuousClock.Instant = .now) -> Bool {
        stopTime(startingAt: start).map { ContinuousClock.now >= $0 } ?? false
    }
}

/// Why a trade solve could not run at all. An infeasible scenario is not an error: it is a
/// ``Trade`` with status ``TradeStatus/infeasible``.
public struct TradeSolverError: Error, Sendable, CustomStringConvertible {
    /// Each problem with the request, such as an unknown lever in `fixedQuantities`.
    public var messages: [String]

    public init(_ messages: [String]) { self.messages = messages }

    public var description: String { messages.joined(separator: "\n") }
}
