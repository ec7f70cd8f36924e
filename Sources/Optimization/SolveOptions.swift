public import Logging

/// How a solve may proceed.
public struct SolveOptions: Sendable {
    /// Wall-clock limit for the whole solve; `nil` for none.
    public var timeLimit: Duration?
    /// Relative MIP gap at which the search may stop early; 0 to prove optimality.
    public var relativeGap: Double
    /// How far from a whole number an integer variable's value may be and still count as integral.
    /// GLPK's default is 1e-5; with big-M rows such as `c ≤ cap·y` a binary at 1e-5 lets `c` leak
    /// `cap·1e-5`, so models with large coefficients want it tighter.
    public var integralityTolerance: Double
    /// Whether GLPK's presolver runs. It is faster, but it forgoes a MIP start.
    public var presolve: Bool
    /// A feasible assignment to offer the branch and bound as its first incumbent.
    /// Used only with presolve off; indexed by ``Variable/index``. One that breaks a bound or a
    /// row (``Model/violations(of:)``) is ignored: GLPK would take it as found and prune by it.
    public var start: [Double]?
    /// Branching, backtracking and cuts for branch and bound; GLPK's defaults unless set.
    public var strategy: SearchStrategy
    /// Where GLPK's terminal output goes; `nil` (the default) discards it.
    public var solverLog: Logger?
    /// Set from another thread or task to stop the search; the best trade in hand is kept.
    public var cancellation: SolveCancellation?
    /// With ``SearchStrategy/roundsRelaxation``: integer points to try near the root relaxation's
    /// values (all variables, by index), each completed by an LP with its integers held. Without
    /// it, the relaxation rounded to the nearest integers is the one point tried.
    public var roundRelaxation: (@Sendable ([Double]) -> [[Double]])? = nil
    /// With a start in hand: if less than this is left of the time limit once the root relaxation
    /// is solved, branch and bound is not begun and the start is the answer, with the relaxation's
    /// bound. GLPK's search checks its limit only between steps, and on a large program its first
    /// step can take seconds: begun just before the limit, it overran it by up to 9 s on XL.
    public var minimumSearchTime: Duration? = nil

    public init(
        timeLimit: Duration? = nil, relativeGap: Double = 0, integralityTolerance: Double = 1e-5,
        presolve: Bool = true, start: [Double]? = nil, strategy: SearchStrategy = .glpkDefault,
        solverLog: Logger? = nil, cancellation: SolveCancellation? = nil
    ) {
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.integralityTolerance = integralityTolerance
        self.presolve = presolve
        self.start = start
        self.strategy = strategy
        self.solverLog = solverLog
        self.cancellation = cancellation
    }
}
