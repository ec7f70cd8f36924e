import Optimization
public import TradeModel

/// Finds the optimal trade of a scenario: the spec's objective, then its tie-breaks.
///
/// ```swift
/// let loaded = try ScenarioDecoder.decode(contentsOf: url)
/// let trade = try await TradeSolver().solve(loaded, options: TradeOptions(timeLimit: .seconds(10)))
/// ```
public struct TradeSolver: Sendable {
    public init() {}

    /// Solves a decoded scenario, carrying its warnings into the trade. Blocks the calling thread.
    public func solve(_ loaded: LoadedScenario, options: TradeOptions = TradeOptions()) throws(TradeSolverError)
        -> Trade
    {
        try solve(loaded.scenario, options: options, warnings: loaded.warnings)
    }

    /// Solves a scenario built in code; it is validated first. Blocks the calling thread. The time
    /// limit counts from this call (``TradeProblem/trade()``): validating and building XL take seconds.
    public func solve(
        _ scenario: Scenario, options: TradeOptions = TradeOptions(), warnings: [Diagnostic]? = nil
    ) throws(TradeSolverError) -> Trade {
        let started = ContinuousClock.now
        let diagnostics = try Self.validated(scenario)
        return try TradeProblem(
            validated: scenario, options: options, warnings: warnings ?? diagnostics, started: started
        ).trade()
    }

    /// The scenario's diagnostics; throws its errors, if any.
    static func validated(_ scenario: Scenario) throws(TradeSolverError) -> [Diagnostic] {
        let diagnostics = scenario.validate()
        let errors = diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty { throw TradeSolverError(errors.map(\.description)) }
        return diagnostics
    }

    /// Solves off Swift's cooperative thread pool; cancelling the task stops the search and
    /// returns the best trade in hand.
    public func solve(_ loaded: LoadedScenario, options: TradeOptions = TradeOptions()) async throws(TradeSolverError)
        -> Trade
    {
        try await options.runOnSolverThread { options throws(TradeSolverError) in
            try self.solve(loaded, options: options)
        }
    }
}

extension TradeSolver {
    /// Solves a scenario already validated and formulated, offering `start` (a feasible point of
    /// the formulation's program, such as a neighbouring point's decisions completed by an LP) to
    /// the branch and bound as its first incumbent. Blocks the calling thread.
    func solve(_ formulation: Formulation, options: TradeOptions, start: Solution?) throws(TradeSolverError) -> Trade {
        let run = LexicographicRun(formulation: formulation, options: options)
        return try run.solve(warnings: [], start: start)
    }
}

/// The objective, then "smallest cost, smallest quantity, smallest discount" (the spec), then
/// fewest active programs (ours: so that every program reported active does something). Each pass
/// keeps the earlier ones at their optimum, less a tolerance of max(1e-7, 1e-9·|value|).
struct LexicographicRun {
    /// The scenario's program, without the rows the passes add.
    let formulation: Formulation
    let options: TradeOptions
    let deadline: ContinuousClock.Instant?

    init(formulation: Formulation, options: TradeOptions) {
        self.formulation = formulation
        self.options = options
        deadline = SizeStrategy.searchDeadline(options.stopTime(), for: formulation.searchModel)
    }

    /// Whether the run's deadline (the options', less a large program's finishing reserve) has passed.
    var isOutOfTime: Bool { deadline.map { ContinuousClock.now >= $0 } ?? false }

    /// The values with every integer variable rounded to its nearest integer.
    private func rounded(_ values: [Double]) -> [Double] {
        zip(values, formulation.searchModel.variables).map { $1.kind == .continuous ? $0 : $0.rounded() }
    }

    /// A start (the previous pass's trade, feasible for the next) is offered as the first incumbent,
    /// which needs the presolver off.
    private func solveOptions(start: Solution?, presolve: Bool, strategy: SearchStrategy? = nil) -> SolveOptions {
        SizeStrategy.adjusted(
            SolveOptions(
                timeLimit: deadline.map { Swift.max(ContinuousClock.now.duration(to: $0), .milliseconds(1)) },
                relativeGap: options.relativeGap, integralityTolerance: 1e-9, presolve: presolve,
                start: presolve ? nil : start.map { rounded($0.values) },
                strategy: strategy ?? SizeStrategy.strategy(options.strategy, for: formulation.searchModel),
                cancellation: options.cancellation),
            for: formulation)
    }

    static func tolerance(_ value: Double) -> Double { Swift.max(1e-7, 1e-9 * abs(value)) }

    /// The spec's trade. `start`, a feasible point of the formulation's program, is offered as the
    /// first incumbent; without one, the options' starting decisions are completed into one.
    ///
    /// Every pass runs on one GLPK problem (a ``WarmSession``): each adds its row and objective and
    /// starts from the last pass's basis and trade, rather than building the program again. If the
    /// session fails, the passes go on solving the same program built from scratch.
    func solve(warnings: [Diagnostic], start: Solution? = nil) throws(TradeSolverError) -> Trade {
        let incumbent: Solution?
        if let start { incumbent = start } else { incumbent = try self.start() }
        let session = warmSession(holding: formulation.searchModel)
        defer { session?.close() }
        var warm = session
        let first = try run(formulation.searchModel, in: &warm, startingFrom: incumbent)
        if first.status == .unbounded {
            // Every variable of the formulation is bounded, so this would be a bug, not an answer.
            throw TradeSolverError(["the solver reported an unbounded trade, which a valid scenario cannot have"])
        }
        guard first.status == .optimal else {
            return TradeReader(formulation: formulation, warnings: warnings).trade(
                first.hasSolution ? Self.outcome(of: first, polished: try polish(first, in: &warm)) : first,
                termination: first.termination, gap: first.relativeGap,
                tieBreaksComplete: false)
        }
        var best = first
        var complete = true
        var keep = formulation.searchModel.objective
        var kept = keep.evaluate(rounded(first.values))
        var keepAtLeast = formulation.searchModel.sense == .maximize
        let passes: [(String, LinearExpression)] = [
            ("cost", formulation.totalCost), ("quantity", formulation.totalQuantity),
            ("discount", LinearExpression(formulation.discount)), ("programs", formulation.activePrograms),
        ]
        var previous = "objective"
        var rows: [(name: String, relation: LinearRelation)] = []
        var sessionRows: [ConstraintReference] = []
        for (name, expression) in passes where options.breaksTies && !expression.coefficients.isEmpty {
            let tolerance = Self.tolerance(kept)
            let relation =
                keepAtLeast
                ? keep >= LinearExpression(constant: kept - tolerance)
                : keep <= LinearExpression(constant: kept + tolerance)
            rows.append(("pass:\(previous)", relation))
            do {
                if let row = try warm?.addConstraint("pass:\(previous)", relation) { sessionRows.append(row) }
                try warm?.setObjective(.minimize, expression)
            } catch {
                warm = nil
            }
            let candidate = try run(searchModel(adding: rows, minimizing: expression), in: &warm, startingFrom: best)
            guard candidate.hasSolution else {
                complete = false
                break
            }
            best = candidate
            guard candidate.status == .optimal else {
                complete = false
                break
            }
            // Measured at the rounded trade: an integer at 4.99999996 must not make "at most 26"
            // read as "at most 25.9999998", which would cut the true optimum off.
            (keep, kept, keepAtLeast, previous) = (
                expression, expression.evaluate(rounded(candidate.values)), false, name
            )
        }
        return TradeReader(formulation: formulation, warnings: warnings).trade(
            try polish(best, in: &warm, freeing: sessionRows), termination: best.termination, gap: nil,
            tieBreaksComplete: complete)
    }

    /// The search program with the passes' rows and objective: what the session holds, built only
    /// for a solve from scratch.
    private func searchModel(
        adding rows: [(name: String, relation: LinearRelation)], minimizing expression: LinearExpression
    ) -> Model {
        var model = formulation.searchModel
        for row in rows { model.addConstraint(row.name, row.relation) }
        model.setObjective(.minimize, expression)
        return model
    }

    /// The options' starting decisions completed into a feasible point (``completed(_:)``, within
    /// the deadline); without them, a large program's start from the scenario (``startForSize()``).
    /// Nil when there is none, or when it is infeasible here.
    private func start() throws(TradeSolverError) -> Solution? {
        guard let decisions = options.startingDecisions else { return startForSize() }
        return completed(TradeSolver.discreteValues(of: decisions, in: formulation))
    }

    /// Branch and bound accepts a binary within its tolerance of 0 or 1, and the passes each give
    /// up a sliver of the one before; so the continuous part is solved again with every discrete
    /// decision rounded and fixed: the LP's vertex is exact (an inactive program contributes
    /// exactly 0). First the objective, then the smallest discount that keeps it, from the first
    /// LP's basis. Falls back to the branch-and-bound values if the LP does not solve.
    ///
    /// It runs on the passes' session when there is one: their rows (`freeing`) no longer bind and
    /// the objective is the program's again, which with the integers fixed is the search program's
    /// LP. With the discrete decisions fixed, the search program and the spec's have the same
    /// feasible points (tightening only drops rows that others imply and cuts fractional points),
    /// so this is the spec's LP without building the spec's rows or a second GLPK problem.
    private func polish(
        _ solution: Solution, in session: inout WarmSession?, freeing passRows: [ConstraintReference] = []
    ) throws(TradeSolverError) -> Solution {
        if SizeStrategy.skipsPolish(formulation.searchModel, outOfTime: isOutOfTime) { return solution }
        let program = formulation.searchModel
        // Built only when no session holds the program, like the passes' programs.
        func fixed() -> Model { program.fixingIntegers(at: solution.values) }
        var opened: WarmSession?
        defer { opened?.close() }
        if session != nil {
            do {
                for row in passRows { try session?.setBounds(of: row, lower: nil, upper: nil) }
                try session?.setObjective(program.sense, program.objective)
                try session?.fixIntegers(at: solution.values)
            } catch {
                session = nil
            }
        }
        if session == nil {
            opened = warmSession(holding: fixed())
            session = opened
        }
        let best = try run(fixed(), in: &session)
        guard best.status == .optimal, let value = best.objectiveValue else { return solution }
        // No tolerance here: the LP's optimal vertex meets the row exactly, so the discount is
        // minimized without giving up any of the objective.
        let keep = program.objective >= LinearExpression(constant: value)
        let discount = LinearExpression(formulation.discount)
        do {
            try session?.addConstraint("polish:objective", keep)
            try session?.setObjective(.minimize, discount)
        } catch {
            session = nil
        }
        func leastDiscount() -> Model {
            var least = fixed()
            least.addConstraint("polish:objective", keep)
            least.setObjective(.minimize, discount)
            return least
        }
        let polished = try run(leastDiscount(), in: &session)
        return polished.status == .optimal ? polished : best
    }

    /// A GLPK problem holding `model` for a run of re-solves, unless the options ask for every
    /// solve from scratch (`model` is then not built); nil also when it cannot be built (the solves
    /// then go from scratch).
    private func warmSession(holding model: @autoclosure () -> Model) -> WarmSession? {
        guard options.keepsProblemWarm else { return nil }
        let model = model()
        return try? WarmSession(
            model: model, options: SolveOptions(presolve: false), rowScaling: SizeStrategy.rowScaling(for: model))
    }

    /// Solves `model` on `session`, which holds it, from the session's last basis; when there is
    /// no session, or it fails (it is then dropped), or its search calls the model infeasible
    /// (the presolver has the last word), as ``run(_:startingFrom:)`` does from scratch.
    private func run(
        _ model: @autoclosure () -> Model, in session: inout WarmSession?, startingFrom start: Solution? = nil
    ) throws(TradeSolverError) -> Solution {
        if let warm = session {
            do throws(ModelError) {
                let solution = try warm.resolve(solveOptions(start: start, presolve: false))
                if solution.hasSolution || solution.termination != .completed { return solution }
            } catch {
                session = nil
            }
        }
        return try run(model(), startingFrom: start)
    }

    /// Solves without GLPK's MIP presolver, which on these models has been seen to return a
    /// suboptimal point as optimal (brute-force seed 2042 of the tests); if that search calls a
    /// model infeasible, which it has done for a pass whose start satisfies it, the presolver has
    /// the last word.
    private func run(_ model: Model, startingFrom start: Solution? = nil) throws(TradeSolverError) -> Solution {
        do {
            let solution = try model.solve(solveOptions(start: start, presolve: false))
            guard !solution.hasSolution, solution.termination == .completed, model.isMixedInteger else {
                return solution
            }
            let second = try model.solve(solveOptions(start: nil, presolve: true))
            return second.hasSolution ? second : solution
        } catch {
            // GLPK's primal simplex can trip an internal assertion (`teta_lim >= 0.0`, caught by the
            // guard) without the presolver, for particular numbers (found by `trade sweep` on
            // Contoso's strategic-incentive cap 609,375). The same solve with the presolver works.
            // Pseudo-cost branching can trip `dx != 0.0` (brute-force seed 30), so the retry also
            // goes back to GLPK's default branching.
            guard error.code == .fatalSolverError || error.code == .solverFailure else {
                throw TradeSolverError(["the solver could not run: \(error)"])
            }
        }
        do {
            return try model.solve(solveOptions(start: nil, presolve: true, strategy: .glpkDefault))
        } catch {
            throw TradeSolverError(["the solver could not run: \(error)"])
        }
    }
}
