public import TradeModel

/// A scenario validated and built into its integer program once, for the trade and then the near
/// misses around it: each near miss re-solves the same program with one more program or tier
/// required, so it needs neither validation nor a build of its own.
///
/// ```swift
/// let problem = try TradeProblem(loaded, options: options)
/// let trade = try problem.trade()
/// let misses = try problem.nearMisses(of: trade)
/// ```
public struct TradeProblem: Sendable {
    public let scenario: Scenario
    public let options: TradeOptions
    /// The scenario's warnings, carried into the trade.
    public let warnings: [Diagnostic]
    let formulation: Formulation
    /// When building began: the trade's time limit counts from here, so that validating and
    /// building a large scenario (seconds on XL) is not added on top of it.
    let started: ContinuousClock.Instant

    /// Validates and builds a decoded scenario; throws its errors, or the options' (an unknown
    /// program in `forcedPrograms`, say).
    public init(_ loaded: LoadedScenario, options: TradeOptions = TradeOptions()) throws(TradeSolverError) {
        let started = ContinuousClock.now
        _ = try TradeSolver.validated(loaded.scenario)
        try self.init(validated: loaded.scenario, options: options, warnings: loaded.warnings, started: started)
    }

    /// Validates and builds a scenario made in code; its warnings are its validation's.
    public init(_ scenario: Scenario, options: TradeOptions = TradeOptions()) throws(TradeSolverError) {
        let started = ContinuousClock.now
        let diagnostics = try TradeSolver.validated(scenario)
        try self.init(validated: scenario, options: options, warnings: diagnostics, started: started)
    }

    init(
        validated scenario: Scenario, options: TradeOptions, warnings: [Diagnostic], started: ContinuousClock.Instant
    ) throws(TradeSolverError) {
        self.scenario = scenario
        self.options = options
        self.warnings = warnings
        self.started = started
        formulation = try Formulation(scenario, options: options)
    }

    /// The optimal trade (the spec's objective, then its tie-breaks), within the options' time
    /// limit counted from when this problem began to be built. Blocks the calling thread.
    public func trade() throws(TradeSolverError) -> Trade {
        var options = options
        options.deadline = options.stopTime(startingAt: started)
        let run = LexicographicRun(formulation: formulation, options: options)
        return try run.solve(warnings: warnings)
    }
}
