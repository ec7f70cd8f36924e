internal import CGLPK
internal import CGLPKGuard

/// Where a row or column sits in an optimal basis.
public enum BasisStatus: String, Sendable, Hashable, Codable {
    /// In the basis (`GLP_BS`): strictly between its bounds, or at one by degeneracy.
    case basic
    /// Non-basic at its lower bound (`GLP_NL`).
    case atLower = "at-lower"
    /// Non-basic at its upper bound (`GLP_NU`).
    case atUpper = "at-upper"
    /// Non-basic and free (`GLP_NF`).
    case free
    /// Non-basic and fixed, lower = upper (`GLP_NS`).
    case fixed

    init(glpk status: Int32) {
        switch status {
        case GLP_BS: self = .basic
        case GLP_NL: self = .atLower
        case GLP_NU: self = .atUpper
        case GLP_NF: self = .free
        default: self = .fixed
        }
    }
}

/// LP sensitivity at an optimal basis: duals, reduced costs and the ranges over which they hold.
///
/// Sign conventions (the same for `maximize` and `minimize`): a row's ``RowRanging/dual`` is the
/// change of the objective per unit increase of the row's bound, so in a maximization a binding
/// `≤` row has a dual ≥ 0 and a binding `≥` row a dual ≤ 0. A column's
/// ``ColumnRanging/reducedCost`` is the change of the objective per unit increase of the column's
/// value (its active bound, for a non-basic column). Each figure holds exactly while its bound or
/// coefficient stays within the stated range: beyond it the optimal basis changes. A MIP has no
/// duals; fix its integers first with ``Model/fixingIntegers(at:)``, and the figures then hold
/// only while the discrete decisions stay as they are.
public struct Sensitivity: Sendable, Hashable {
    /// One row: its activity, dual, basis status and the ranges of its bounds.
    public struct RowRanging: Sendable, Hashable {
        /// The constraint's name.
        public var name: String
        /// The value of the row's expression (constants moved into the bounds).
        public var activity: Double
        /// Objective change per unit increase of the row's bound (0 for a basic row).
        public var dual: Double
        /// Where the row sits in the basis.
        public var status: BasisStatus
        /// Where the lower bound may move with the dual and the basis unchanged (`nil`: no lower bound).
        /// Non-basic at its lower bound (or fixed): GLPK's `glp_analyze_bound`. Otherwise the bound
        /// is slack and may move up to the activity: `(−∞, activity]` (only the activity itself for
        /// a basic equality row, which is degenerate).
        public var lowerBoundRange: ClosedRange<Double>?
        /// Where the upper bound may move with the dual and the basis unchanged (`nil`: no upper bound).
        /// Non-basic at its upper bound (or fixed): `glp_analyze_bound`; otherwise `[activity, +∞)`.
        public var upperBoundRange: ClosedRange<Double>?

        /// Whether the row is basic (its dual is then 0).
        public var isBasic: Bool { status == .basic }

        /// The range of the bound the row sits at, or for a basic row of its nearer bound.
        public var activeBoundRange: ClosedRange<Double>? {
            switch status {
            case .atLower: lowerBoundRange
            case .atUpper, .fixed: upperBoundRange
            case .free: nil
            case .basic: upperBoundRange ?? lowerBoundRange
            }
        }
    }

    /// One column: its value, reduced cost, basis status and ranges.
    public struct ColumnRanging: Sendable, Hashable {
        /// The variable's name.
        public var name: String
        /// The variable's value.
        public var value: Double
        /// Objective change per unit increase of the variable's value (0 for a basic column).
        public var reducedCost: Double
        /// Where the column sits in the basis.
        public var status: BasisStatus
        /// The column's objective coefficient.
        public var objectiveCoefficient: Double
        /// Where the objective coefficient may move with the solution unchanged: GLPK's
        /// `glp_analyze_coef` for a basic column; for a non-basic one, up to the point where its
        /// reduced cost changes sign (`c − d` on the side that would make the column enter).
        public var costRange: ClosedRange<Double>
        /// For a non-basic column, where its active bound may move with the basis unchanged
        /// (`glp_analyze_bound`); `nil` for a basic column, whose bounds are slack.
        public var boundRange: ClosedRange<Double>?

        /// Whether the column is basic.
        public var isBasic: Bool { status == .basic }
    }

    /// The objective's direction.
    public var sense: Model.Sense
    /// The optimal objective value.
    public var objectiveValue: Double
    /// Per constraint, by ``ConstraintReference/index``.
    public var rows: [RowRanging]
    /// Per variable, by ``Variable/index``.
    public var columns: [ColumnRanging]

    /// The ranging of a constraint.
    public subscript(constraint: ConstraintReference) -> RowRanging { rows[constraint.index] }

    /// The ranging of a variable.
    public subscript(variable: Variable) -> ColumnRanging { columns[variable.index] }
}

/// One GLPK problem kept alive across several warm-started re-solves, on one thread.
///
/// Only ``Model/withWarmSession(_:_:)`` makes one for callers outside this package, and it lives
/// for that call: GLPK problems belong to the thread that created them, so a session is neither
/// `Sendable` nor usable after its closure returns. After a change (bounds, an added constraint,
/// a new objective, integers fixed), ``resolve()`` starts from the last basis instead of
/// building the problem again: for an LP the dual simplex, which typically takes a handful of
/// iterations after a bound change; for a MIP the simplex from that basis, then branch and bound
/// (with a MIP start, if the options carry one). The presolver never runs: it would discard the basis.
public final class WarmSession {
    /// The model as the session holds it now, every change included.
    public private(set) var model: Model
    private let problem: GLPKProblem
    private let options: SolveOptions
    private var isOpen = true
    /// The last optimal LP solution; `nil` once anything changed, since GLPK never marks its solution stale.
    private var current: Solution?
    /// Whether rows were added since GLPK last scaled the problem.
    private var needsScaling = false
    private let rowScaling: RowScaling

    /// How rows added to a session are scaled.
    package enum RowScaling: Sendable {
        /// The whole problem is scaled again before the next solve, as a cold build would be: on
        /// generated 200-lever programs scaling the new row alone cost branch and bound 15% more nodes.
        case wholeProblem
        /// The new row alone, from the columns' factors: on a program of a few dozen columns, scaling
        /// it all again costs more than the re-solve it serves.
        case addedRowAlone
    }

    package init(model: Model, options: SolveOptions, rowScaling: RowScaling = .wholeProblem) throws(ModelError) {
        try model.validate()
        self.model = model
        self.options = options
        self.rowScaling = rowScaling
        problem = try GLPKProblem()
        try problem.load(model.integralized, rowNames: model.rowNames, columnNames: model.columnNames)
        try problem.scale()
    }

    /// Closes the session now rather than when the last reference goes; any use after throws.
    package func close() { isOpen = false }

    private func checkOpen() throws(ModelError) {
        guard isOpen else { throw ModelError(.staleProblem, "the warm session was used after its closure returned") }
    }

    /// Simplex iterations done so far in this session, all re-solves included.
    public var iterations: Int {
        get throws(ModelError) {
            try checkOpen()
            return try problem.iterationCount()
        }
    }

    /// Changes a constraint's bounds; the next ``resolve()`` starts from the current basis.
    public func setBounds(of constraint: ConstraintReference, lower: Double?, upper: Double?) throws(ModelError) {
        try checkOpen()
        guard model.constraints.indices.contains(constraint.index) else {
            throw ModelError(.invalidModel, "constraint #\(constraint.index + 1) is not in this model")
        }
        let problems = model.problems(bounding: constraint, lower: lower, upper: upper)
        if !problems.isEmpty { throw ModelError(.invalidModel, problems) }
        try problem.setRowBounds(constraint.index + 1, lower: lower, upper: upper)
        model.setBounds(of: constraint, lower: lower, upper: upper)
        current = nil
    }

    /// Changes a variable's bounds (a binary variable becomes integer with them); the next
    /// ``resolve()`` starts from the current basis.
    public func setBounds(of variable: Variable, lower: Double?, upper: Double?) throws(ModelError) {
        try checkOpen()
        guard model.variables.indices.contains(variable.index) else {
            throw ModelError(.invalidModel, "variable #\(variable.index + 1) is not in this model")
        }
        let problems = model.problems(bounding: variable, lower: lower, upper: upper)
        if !problems.isEmpty { throw ModelError(.invalidModel, problems) }
        var changed = model
        changed.setBounds(of: variable, lower: lower, upper: upper)
        let glpk = changed[variable].integralized
        try problem.setColumnBounds(variable.index + 1, lower: glpk.lowerBound, upper: glpk.upperBound)
        model = changed
        current = nil
    }

    /// Adds a constraint; the next ``resolve()`` starts from the current basis, the new row basic.
    @discardableResult
    public func addConstraint(_ name: String, _ relation: LinearRelation) throws(ModelError) -> ConstraintReference {
        try checkOpen()
        let definition = ConstraintDefinition(name: name, relation: relation)
        let problems = model.problems(adding: definition)
        if !problems.isEmpty { throw ModelError(.invalidModel, problems) }
        let glpkName = name.isEmpty ? "r\(model.constraints.count + 1)" : name
        try problem.addRow(name: glpkName, relation, scalingAlone: rowScaling == .addedRowAlone)
        if rowScaling == .wholeProblem { needsScaling = true }
        current = nil
        return model.addConstraint(name, relation)
    }

    /// Replaces the objective; the next ``resolve()`` starts from the current basis.
    public func setObjective(_ sense: Model.Sense, _ expression: LinearExpression) throws(ModelError) {
        try checkOpen()
        let problems = model.problems(ofObjective: expression)
        if !problems.isEmpty { throw ModelError(.invalidModel, problems) }
        try problem.setObjective(sense, expression, columns: model.variables.count)
        model.setObjective(sense, expression)
        current = nil
    }

    /// Fixes every integer and binary variable at its value in `values`, rounded, and makes it
    /// continuous, as ``Model/fixingIntegers(at:)`` does: the LP left has duals and ranges. The
    /// next ``resolve()`` starts from GLPK's standard basis, every column out of it: a fixed
    /// column left basic would be read back only to within the simplex's feasibility tolerance.
    public func fixIntegers(at values: [Double]) throws(ModelError) {
        try checkOpen()
        guard values.count == model.variables.count, !values.contains(where: { !$0.isFinite }) else {
            throw ModelError(.invalidModel, "fixing the integers needs one finite value per variable (\(model.variables.count))")
        }
        let fixed = model.fixingIntegers(at: values)
        for (index, variable) in fixed.variables.enumerated() where model.variables[index].kind != .continuous {
            try problem.setColumnKind(index + 1, .continuous)
            try problem.setColumnBounds(index + 1, lower: variable.lowerBound, upper: variable.upperBound)
        }
        try problem.useStandardBasis()
        model = fixed
        current = nil
    }

    /// Solves again from the stored basis (the standard basis the first time), with the options
    /// the session was opened with.
    public func resolve() throws(ModelError) -> Solution { try resolve(options) }

    /// Solves again from the stored basis with other options: their time limit, and for a MIP
    /// their gap, strategy, start and cancellation. `presolve` is ignored (always off).
    public func resolve(_ options: SolveOptions) throws(ModelError) -> Solution {
        try checkOpen()
        try options.check(for: model)
        if needsScaling {
            try problem.scale()
            needsScaling = false
        }
        var options = options
        options.presolve = false
        if model.isMixedInteger {
            current = nil
            let run = SolveRun(model: model, options: options)
            return try options.capturingSolverLog { () throws(ModelError) in try run.solve(loaded: problem) }
        }
        let parameters = rtg_params(
            presolve: 0, time_limit_ms: options.timeLimit?.glpkMilliseconds ?? Int32.max, mip_gap: 0, integrality: 0,
            verbose: options.solverLog == nil ? 0 : 1, branching: 0, backtracking: 0, cuts: 0, simplex_method: 0,
            initial_basis: 0, heuristics: 0)
        let code = try options.capturingSolverLog { () throws(ModelError) in try problem.warmSimplex(parameters) }
        let rows = model.constraints.count
        let columns = model.variables.count
        let basic = try problem.basicSolution(rows: rows, columns: columns)
        let solution: Solution
        switch code {
        case 0:
            switch basic.status {
            case GLP_OPT: solution = Self.solution(.optimal, .completed, basic, duals: true)
            case GLP_NOFEAS: solution = Solution.empty(.infeasible, .completed)
            case GLP_UNBND: solution = Solution.empty(.unbounded, .completed)
            default: throw ModelError(.solverFailure, "the simplex method ended with status \(basic.status)")
            }
        case GLP_ETMLIM, GLP_EITLIM:
            solution =
                basic.status == GLP_FEAS
                ? Self.solution(.feasible, .timeLimit, basic, duals: false) : Solution.empty(.noSolution, .timeLimit)
        default:
            throw ModelError(.solverFailure, "the warm-started simplex method failed with GLPK return code \(code)")
        }
        current = solution.status == .optimal ? solution : nil
        return solution
    }

    /// Duals, reduced costs and ranges at the last optimal basis. Throws
    /// ``ModelError/Code/sensitivityUnavailable`` unless the model is an LP (fix the integers first
    /// with ``fixIntegers(at:)``), the last ``resolve()`` was optimal and nothing changed since.
    public func sensitivity() throws(ModelError) -> Sensitivity {
        try checkOpen()
        guard !model.isMixedInteger else {
            throw ModelError.integersNotFixed
        }
        guard let current, let objective = current.objectiveValue, let duals = current.duals,
            let reducedCosts = current.reducedCosts
        else {
            throw ModelError(
                .sensitivityUnavailable, "sensitivity needs an optimal basic solution, re-solved after the last change")
        }
        let m = model.constraints.count
        let (rowStatus, columnStatus) = try problem.basisStatuses(rows: m, columns: model.variables.count)
        if try problem.factorize() != 0 {
            throw ModelError(.sensitivityUnavailable, "the optimal basis could not be factorized")
        }
        var rows: [Sensitivity.RowRanging] = []
        for (index, row) in model.constraints.enumerated() {
            let status = BasisStatus(glpk: rowStatus[index + 1])
            let activity = current.activities[index]
            let lower = row.relation.lowerBound
            let upper = row.relation.upperBound
            var lowerRange: ClosedRange<Double>? = lower.map { _ in -Double.infinity...activity }
            var upperRange: ClosedRange<Double>? = upper.map { _ in activity...Double.infinity }
            if let lower, lower == upper {
                // A basic equality row is degenerate: any move of its value leaves the basis infeasible.
                (lowerRange, upperRange) = (activity...activity, activity...activity)
            }
            switch status {
            case .atLower: lowerRange = try problem.analyzeBound(index + 1)
            case .atUpper: upperRange = try problem.analyzeBound(index + 1)
            case .fixed:
                let range = try problem.analyzeBound(index + 1)
                (lowerRange, upperRange) = (range, range)
            case .basic, .free: break
            }
            rows.append(
                Sensitivity.RowRanging(
                    name: row.name, activity: activity, dual: status == .basic ? 0 : duals[index], status: status,
                    lowerBoundRange: lowerRange, upperBoundRange: upperRange))
        }
        var columns: [Sensitivity.ColumnRanging] = []
        for (index, variable) in model.variables.enumerated() {
            let status = BasisStatus(glpk: columnStatus[index + 1])
            let k = m + index + 1
            let coefficient = model.objective.coefficients[Variable(index: index)] ?? 0
            let reducedCost = status == .basic ? 0 : reducedCosts[index]
            let costRange: ClosedRange<Double>
            var boundRange: ClosedRange<Double>?
            if status == .basic {
                costRange = try problem.analyzeCoefficient(k)
            } else {
                boundRange = try problem.analyzeBound(k)
                costRange = Self.costRange(coefficient, reducedCost, status, model.sense)
            }
            columns.append(
                Sensitivity.ColumnRanging(
                    name: variable.name, value: current.values[index], reducedCost: reducedCost, status: status,
                    objectiveCoefficient: coefficient, costRange: costRange, boundRange: boundRange))
        }
        return Sensitivity(sense: model.sense, objectiveValue: objective, rows: rows, columns: columns)
    }

    /// A non-basic column stays out of the basis while its reduced cost keeps its sign: in a
    /// maximization a column at its lower bound has `d ≤ 0`, so its cost may rise to `c − d`; at its
    /// upper bound `d ≥ 0`, so it may fall to `c − d`. Minimization mirrors this. A fixed column
    /// never moves, whatever its cost.
    static func costRange(
        _ cost: Double, _ reducedCost: Double, _ status: BasisStatus, _ sense: Model.Sense
    ) -> ClosedRange<Double> {
        let limit = cost - reducedCost
        let raisesUpTo = (status == .atLower) == (sense == .maximize)
        switch status {
        case .fixed: return -Double.infinity...Double.infinity
        case .free, .basic: return limit...limit
        case .atLower, .atUpper: return raisesUpTo ? -Double.infinity...limit : limit...Double.infinity
        }
    }

    private static func solution(
        _ status: SolutionStatus, _ termination: Termination, _ raw: BasicSolution, duals: Bool
    ) -> Solution {
        Solution(
            status: status, termination: termination, objectiveValue: raw.objective,
            bestBound: status == .optimal ? raw.objective : nil, values: Array(raw.columnValues.dropFirst()),
            activities: Array(raw.rowValues.dropFirst()), duals: duals ? Array(raw.rowDuals.dropFirst()) : nil,
            reducedCosts: duals ? Array(raw.columnDuals.dropFirst()) : nil)
    }

}

@available(*, unavailable, message: "a warm session's GLPK problem belongs to the thread that created it")
extension WarmSession: Sendable {}

extension Model {
    /// Runs `body` synchronously with one GLPK problem of this LP kept alive across re-solves.
    ///
    /// The problem is created, used and freed on the calling thread within this call; the session
    /// refuses any use after `body` returns. Presolve is always off, so the basis survives.
    ///
    /// ```swift
    /// let values = try model.withWarmSession { session in
    ///     _ = try session.resolve()
    ///     try session.setBounds(of: row, lower: nil, upper: 20)
    ///     return try session.resolve().objectiveValue
    /// }
    /// ```
    public func withWarmSession<Result>(
        _ options: SolveOptions = SolveOptions(), _ body: (WarmSession) throws(ModelError) -> Result
    ) throws(ModelError) -> Result {
        let session = try WarmSession(model: self, options: options)
        defer { session.close() }
        return try body(session)
    }

    /// Solves this LP and returns its optimal solution with duals, reduced costs and ranging.
    ///
    /// Throws ``ModelError/Code/sensitivityUnavailable`` when there is no optimal basis to analyse:
    /// the model has integer variables (fix them first with ``fixingIntegers(at:)``), or it is
    /// infeasible or unbounded, or a limit stopped the simplex method.
    public func solveWithSensitivity(_ options: SolveOptions = SolveOptions()) throws(ModelError) -> (
        Solution, Sensitivity
    ) {
        guard !isMixedInteger else {
            throw ModelError.integersNotFixed
        }
        return try withWarmSession(options) { session throws(ModelError) in
            let solution = try session.resolve()
            guard solution.status == .optimal else {
                throw ModelError(
                    .sensitivityUnavailable,
                    "the LP is \(solution.status.rawValue): there is no optimal basis to analyse")
            }
            return (solution, try session.sensitivity())
        }
    }
}

extension ModelError {
    /// Sensitivity asked of a model that still has integer variables.
    static var integersNotFixed: ModelError {
        ModelError(
            .sensitivityUnavailable,
            "a model with integer variables has no LP basis to analyse; fix them first with fixingIntegers(at:)")
    }
}
