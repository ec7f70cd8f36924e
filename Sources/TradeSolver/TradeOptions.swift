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
    /// How branch and bound explores (branching, backtracking, cuts). Nil, the default, lets the
    /// solver choose by the program's size: ``smallProgramStrategy`` below
    /// ``smallProgramColumns`` columns, ``defaultStrategy`` from there on; both were chosen by
    /// measurement (docs/performance.md, "Formulation quality" and "Branching by size").
    public var strategy: SearchStrategy?
    /// Whether the search solves the tightened program (``Formulation/searchModel``) rather than the
    /// spec's rows as written. Both have the same integer optimum; off only to measure the difference.
    public var tightens: Bool = true
    /// Whether the tie-break passes re-solve one live GLPK problem (a `WarmSession`: each pass adds
    /// its row and objective and starts from the last basis) rather than building each pass's
    /// program from scratch. Both give the spec's trade; off to measure the difference, and to test
    /// the path a failed session falls back to.
    public var keepsProblemWarm: Bool = true

    /// The strategy the trade solver uses unless told otherwise: GLPK's hybrid pseudo-cost
    /// branching with its default best-local-bound backtracking and no cuts. On generated
    /// 200-lever scenarios it took 217 and 477 nodes where GLPK's defaults took 775 and 705, and
    /// the bound-first backtracking keeps an honest gap when a time limit stops the search
    /// (docs/performance.md, "Formulation quality").
    public static let defaultStrategy = SearchStrategy(branching: .pseudoCost, backtracking: .bestLocalBound)

    /// The strategy for programs under ``smallProgramColumns`` columns (every bundled model, and
    /// generated scenarios up to about 120 levers): Driebeck and Tomlin's branching, GLPK's own
    /// default. Pseudo-cost branching first solves LPs for each fractional column to learn its
    /// costs; on trees of a few nodes that is most of the work (132 simplex calls for one default
    /// `trade solve` against 70, with the same nodes and trade).
    public static let smallProgramStrategy = SearchStrategy.glpkDefault

    /// Programs with fewer columns get ``smallProgramStrategy`` unless a strategy is set. On
    /// generated scenarios Driebeck–Tomlin won every case up to 152 columns and most up to 250;
    /// from about 320 it lost more often, and on M (496) it ran two of three into a 60 s limit
    /// that pseudo-cost branching met in 3 s (docs/performance.md, "Branching by size").
    public static let smallProgramColumns = 300

    /// The strategy the solver uses for a program of `columns` columns when none is set. Large
    /// programs (XL) get further changes of their own (docs/performance.md, "XL within 60 s").
    public static func defaultStrategy(columns: Int) -> SearchStrategy {
        columns < smallProgramColumns ? smallProgramStrategy : defaultStrategy
    }

    /// Discrete decisions to try first, such as a neighbouring solve's. When they are within the
    /// levers' bounds and the continuous part with them held is feasible, that point is offered to
    /// the branch and bound as its first incumbent (a MIP start); otherwise it is ignored. It
    /// changes how fast the optimum is found, never which value is optimal.
    public var startingDecisions: TradeDecisions?

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

extension TradeOptions {
    /// Runs `work` with these options on a solver thread, off Swift's cooperative pool. The options
    /// get a cancellation flag (their own, or a new one) that cancelling the calling task raises, so
    /// the solves inside stop and report what they had found.
    public func runOnSolverThread<Value: Sendable, Failure: Error>(
        _ work: @escaping @Sendable (TradeOptions) throws(Failure) -> Value
    ) async throws(Failure) -> Value {
        var options = self
        let cancellation = options.cancellation ?? SolveCancellation()
        options.cancellation = cancellation
        let frozen = options
        return try await SolverThread.run(cancellation: cancellation) { () throws(Failure) in try work(frozen) }
    }
}
