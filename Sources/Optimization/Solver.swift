internal import CGLPK
internal import CGLPKGuard
import Dispatch
import Foundation
import Logging

extension Model {
    /// Solves the model on the calling thread: the simplex method for an LP, branch and bound for a MIP.
    ///
    /// Blocks until done. GLPK's problem object is created, used and freed within this call, so
    /// any number of threads may call it at once. Throws only when the solve cannot run; an
    /// infeasible or unbounded model is a ``Solution`` with that status.
    public func solve(_ options: SolveOptions = SolveOptions()) throws(ModelError) -> Solution {
        try validate()
        try options.check(for: self)
        return try options.capturingSolverLog { () throws(ModelError) in
            let model = integralized
            let started = ContinuousClock.now
            let solution = try SolveRun(model: model, options: options).solve()
            guard model.isMixedInteger, options.presolve, solution.hasSolution,
                !model.violations(of: solution.values).isEmpty
            else { return solution }
            // GLPK 5.0's MIP preprocessor can return a point that breaks a ranged row ("INTEGER OPTIMAL
            // SOLUTION FOUND BY MIP PREPROCESSOR" with 1010 ≤ 500a + 2.5b ≤ 1500 at 1505, where the
            // model is infeasible); the search without it is sound, so it settles the answer.
            var retry = options
            retry.presolve = false
            retry.timeLimit = options.timeLimit.map { Swift.max($0 - (ContinuousClock.now - started), .milliseconds(1)) }
            return try SolveRun(model: model, options: retry).solve()
        }
    }

    /// Solves the model off Swift's cooperative thread pool, so a caller's executors never block.
    ///
    /// Cancelling the task stops the search; the best solution found so far is returned with
    /// ``Termination/cancelled``.
    public func solve(_ options: SolveOptions = SolveOptions()) async throws(ModelError) -> Solution {
        var options = options
        let cancellation = options.cancellation ?? SolveCancellation()
        options.cancellation = cancellation
        let frozen = options
        return try await SolverThread.run(cancellation: cancellation) { () throws(ModelError) in try self.solve(frozen) }
    }
}

/// Where blocking solver work runs when called from async code.
public enum SolverThread {
    /// Dispatch's threads are not the cooperative pool, and a block runs start to end on one thread,
    /// which is what GLPK's thread-owned problem objects need.
    private static let queue = DispatchQueue(label: "renewaltrade.optimization.solver", attributes: .concurrent)

    /// Runs `work` on a solver thread; cancelling the calling task raises `cancellation`, which the
    /// work is expected to watch.
    public static func run<Value: Sendable, Failure: Error>(
        cancellation: SolveCancellation, _ work: @escaping @Sendable () throws(Failure) -> Value
    ) async throws(Failure) -> Value {
        let result: Result<Value, Failure> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                queue.async { continuation.resume(returning: Result(catching: work)) }
            }
        } onCancel: {
            cancellation.cancel()
        }
        return try result.get()
    }
}

extension Duration {
    /// The duration in GLPK's whole milliseconds, rounded up and at least 1 (a limit already
    /// passed still lets GLPK start and stop at once).
    var glpkMilliseconds: Int32 {
        let milliseconds = Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
        return Int32(clamping: Int64(Swift.max(1, Swift.min(milliseconds.rounded(.up), Double(Int32.max)))))
    }
}

extension SolveOptions {
    /// Refuses options GLPK would misread or abort on, for a solve of `model`.
    func check(for model: Model) throws(ModelError) {
        if !relativeGap.isFinite || relativeGap < 0 {
            throw ModelError(.invalidModel, "relative gap \(relativeGap) must be finite and non-negative")
        }
        if !(integralityTolerance > 0 && integralityTolerance < 0.5) {
            throw ModelError(.invalidModel, "integrality tolerance \(integralityTolerance) must lie strictly between 0 and 0.5")
        }
        if !strategy.isValid {
            throw ModelError(
                .invalidModel, "unknown cut generators or heuristics in \(strategy.cuts.rawValue), \(strategy.heuristics.rawValue)")
        }
        if let start, start.count != model.variables.count || start.contains(where: { !$0.isFinite }) {
            throw ModelError(.invalidModel, "a MIP start needs one finite value per variable (\(model.variables.count))")
        }
    }

    /// Runs `body` with GLPK's output captured for ``solverLog``, if there is one, and forwards it after.
    func capturingSolverLog<Result>(_ body: () throws(ModelError) -> Result) throws(ModelError) -> Result {
        let capture = solverLog != nil
        rtg_set_capture(capture ? 1 : 0)
        rtg_clear_output()
        defer {
            if capture, let logger = solverLog { forwardSolverOutput(to: logger) }
            rtg_set_capture(0)
        }
        return try body()
    }
}

private func forwardSolverOutput(to logger: Logger) {
    var length = 0
    let text = String(cString: rtg_output(&length))
    rtg_clear_output()
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
        logger.debug("\(line)", metadata: ["source": "glpk"])
    }
}

/// One solve from start to end: builds the GLPK problem (or takes one that holds the model), runs
/// it, and reads the answer honestly.
struct SolveRun {
    let model: Model
    let options: SolveOptions
    let deadline: ContinuousClock.Instant?

    init(model: Model, options: SolveOptions) {
        self.model = model
        self.options = options
        deadline = options.timeLimit.map { ContinuousClock.now + $0 }
    }

    /// What is left of the time limit, in GLPK's milliseconds.
    private var remainingMilliseconds: Int32 {
        deadline.map { ContinuousClock.now.duration(to: $0).glpkMilliseconds } ?? Int32.max
    }

    private func parameters(presolve: Bool) -> rtg_params {
        rtg_params(
            presolve: presolve ? 1 : 0, time_limit_ms: remainingMilliseconds, mip_gap: options.relativeGap,
            integrality: options.integralityTolerance, verbose: options.solverLog == nil ? 0 : 1,
            branching: options.strategy.branching.glpk, backtracking: options.strategy.backtracking.glpk,
            cuts: options.strategy.cuts.rawValue, simplex_method: options.strategy.simplex.glpk,
            initial_basis: options.strategy.initialBasis.glpk, heuristics: options.strategy.heuristics.rawValue)
    }

    func solve() throws(ModelError) -> Solution {
        let problem = try GLPKProblem()
        try problem.load(model, rowNames: model.rowNames, columnNames: model.columnNames)
        try problem.scale()
        return try solve(loaded: problem)
    }

    /// Solves a problem that holds `model` already, scaled, starting from its stored basis: a
    /// problem kept from an earlier solve starts warm.
    func solve(loaded problem: GLPKProblem) throws(ModelError) -> Solution {
        model.isMixedInteger ? try solveMixedInteger(problem) : try solveLinear(problem)
    }

    // MARK: LP

    private func solveLinear(_ problem: GLPKProblem) throws(ModelError) -> Solution {
        let code = try simplex(problem, presolve: options.presolve || options.strategy.presolvesRelaxation)
        let basic = try problem.basicSolution(rows: model.constraints.count, columns: model.variables.count)
        switch code {
        case 0:
            switch basic.status {
            case GLP_OPT: return solution(.optimal, .completed, basic, bound: basic.objective, duals: true)
            case GLP_NOFEAS: return Solution.empty(.infeasible, .completed)
            case GLP_UNBND: return Solution.empty(.unbounded, .completed)
            default: throw ModelError(.solverFailure, "the simplex method ended with status \(basic.status)")
            }
        case GLP_ETMLIM, GLP_EITLIM:
            if basic.status == GLP_FEAS { return solution(.feasible, .timeLimit, basic, bound: nil, duals: false) }
            return Solution.empty(.noSolution, .timeLimit)
        default:
            throw ModelError(.solverFailure, "the simplex method failed: \(describe(code))")
        }
    }

    // MARK: MIP

    private func solveMixedInteger(_ problem: GLPKProblem) throws(ModelError) -> Solution {
        var relaxationBound: Double?
        // GLPK takes a heuristic solution checking only integrality (`glp_ios_heur_sol`): a start
        // outside a bound or row would become the incumbent and cut the true optimum off.
        var start = options.start.flatMap { model.violations(of: $0).isEmpty ? $0 : nil }
        if !options.presolve {
            // Without the presolver, branch and bound needs an optimal LP basis first.
            let code = try simplex(problem, presolve: options.strategy.presolvesRelaxation)
            let basic = try problem.basicSolution(rows: model.constraints.count, columns: model.variables.count)
            let relaxation = basic.status
            if code == 0 && relaxation == GLP_OPT { relaxationBound = basic.objective }
            if code == GLP_ETMLIM || code == GLP_EITLIM {
                let duals = Array(basic.rowDuals.dropFirst())
                let bound = model.lagrangianBound(trying: [duals, [Double](repeating: 0, count: duals.count)])
                return startInHand(start, bound: bound, .timeLimit) ?? Solution.empty(.noSolution, .timeLimit)
            }
            if code != 0 { throw ModelError(.solverFailure, "the LP relaxation failed: \(describe(code))") }
            if relaxation == GLP_NOFEAS { return Solution.empty(.infeasible, .completed) }
            if relaxation == GLP_UNBND { return try unboundedOrInfeasible() }
            if options.strategy.roundsRelaxation, relaxationBound != nil {
                start = roundedRelaxation(Array(basic.columnValues.dropFirst()), better: start)
            }
            if let minimum = options.minimumSearchTime, let deadline, ContinuousClock.now.duration(to: deadline) < minimum,
                let answer = startInHand(start, bound: relaxationBound, .timeLimit)
            {
                var answer = answer
                answer.relaxationBound = relaxationBound
                return answer
            }
        }
        let usesStart = !options.presolve && start != nil
        let (code, searchBound, nodes) = try problem.branchAndBound(
            parameters(presolve: options.presolve), start: usesStart ? start : nil,
            cancellation: options.cancellation)
        let integer = try problem.integerSolution(rows: model.constraints.count, columns: model.variables.count)
        let inHand = integer.status == GLP_OPT || integer.status == GLP_FEAS
        func searched(_ solution: Solution) -> Solution {
            var solution = solution
            solution.relaxationBound = relaxationBound
            solution.searchNodes = nodes
            return solution
        }
        func stopped(_ termination: Termination) -> Solution {
            searched(
                inHand
                    ? solution(.feasible, termination, integer, bound: searchBound ?? relaxationBound, duals: false)
                    : startInHand(start, bound: searchBound ?? relaxationBound, termination)
                        ?? Solution.empty(.noSolution, termination))
        }
        switch code {
        case 0:
            switch integer.status {
            case GLP_OPT:
                return searched(solution(.optimal, .completed, integer, bound: integer.objective, duals: false))
            case GLP_NOFEAS: return Solution.empty(.infeasible, .completed)
            default: throw ModelError(.solverFailure, "branch and bound ended with status \(integer.status)")
            }
        case GLP_ENOPFS: return Solution.empty(.infeasible, .completed)
        case GLP_ENODFS: return try unboundedOrInfeasible()
        case GLP_ETMLIM: return stopped(.timeLimit)
        case GLP_EMIPGAP: return stopped(.gapLimit)
        case GLP_ESTOP: return stopped(.cancelled)
        default: throw ModelError(.solverFailure, "branch and bound failed: \(describe(code))")
        }
    }

    /// The simplex method, with GLPK's LP presolver if `presolve` (GLPK then restores an optimal
    /// basis of the whole program, which a search starts from). The presolver says "no primal" or
    /// "no dual" feasible solution without telling infeasible from unbounded, so those are solved
    /// again without it, which tells them apart.
    private func simplex(_ problem: GLPKProblem, presolve: Bool) throws(ModelError) -> Int32 {
        let code = try problem.simplex(parameters(presolve: presolve))
        guard presolve, code == GLP_ENOPFS || code == GLP_ENODFS else { return code }
        return try problem.simplex(parameters(presolve: false))
    }

    /// A limit stopped the solve before GLPK took the MIP start as its incumbent (the root LP
    /// outlasted it): the start, if one was offered, is the answer (only a feasible one gets this
    /// far), with `bound` (from the search, the relaxation, or the Lagrangian bound of the duals
    /// where the simplex stopped: ``Model/lagrangianBound(rowMultipliers:)``). Nil without a start.
    private func startInHand(_ start: [Double]?, bound: Double?, _ termination: Termination) -> Solution? {
        guard let start else { return nil }
        let objective = model.objective.evaluate(start)
        // Rounding can put a bound a hair past the point it bounds; it is never worse than the point.
        let bound = bound.map { model.sense == .maximize ? Swift.max($0, objective) : Swift.min($0, objective) }
        return Solution(
            status: .feasible, termination: termination, objectiveValue: objective, bestBound: bound, values: start,
            activities: model.constraints.map { $0.relation.expression.evaluate(start) - $0.relation.expression.constant },
            duals: nil, reducedCosts: nil)
    }

    /// The root relaxation's point with every integer rounded to the nearest, completed by the LP
    /// left when they are held (presolved, within a fifth of the time left): returned when it is
    /// feasible and better than `start`, which is returned otherwise. One LP, against the search's
    /// thousands; it pays on programs whose root alone takes most of the limit ("XL within 60 s").
    private func roundedRelaxation(_ relaxed: [Double], better start: [Double]?) -> [Double]? {
        var best = start
        var bestValue = start.map { model.objective.evaluate($0) }
        for candidate in options.roundRelaxation?(relaxed) ?? [relaxed] where candidate.count == relaxed.count {
            let held = model.fixingIntegers(at: candidate)
            var options = SolveOptions(presolve: true, cancellation: self.options.cancellation)
            options.timeLimit = deadline.map { ContinuousClock.now.duration(to: $0) * 0.2 }
            if let limit = options.timeLimit, limit <= .milliseconds(1) { break }
            guard let found = try? SolveRun(model: held, options: options).solve(), found.status == .optimal,
                let value = found.objectiveValue, model.violations(of: found.values).isEmpty
            else { continue }
            if let current = bestValue, model.sense == .maximize ? value <= current : value >= current { continue }
            (best, bestValue) = (found.values, value)
        }
        return best
    }

    /// The relaxation is unbounded: for rational data the MIP is then unbounded if it is feasible
    /// at all (Meyer, 1974), so a solve without objective settles it.
    private func unboundedOrInfeasible() throws(ModelError) -> Solution {
        var feasibility = model.integralized  // a session's model keeps its own bounds; GLPK needs integral ones
        feasibility.objective = LinearExpression()
        var options = self.options
        options.timeLimit = deadline.map { ContinuousClock.now.duration(to: $0) }
        let found = try SolveRun(model: feasibility, options: options).solve()
        switch found.status {
        case .optimal, .feasible: return Solution.empty(.unbounded, .completed)
        case .infeasible: return Solution.empty(.infeasible, .completed)
        case .unbounded, .noSolution: return Solution.empty(.noSolution, found.termination)
        }
    }

    private func solution(
        _ status: SolutionStatus, _ termination: Termination, _ raw: BasicSolution, bound: Double?, duals: Bool
    ) -> Solution {
        Solution(
            status: status, termination: termination, objectiveValue: raw.objective, bestBound: bound,
            values: Array(raw.columnValues.dropFirst()), activities: Array(raw.rowValues.dropFirst()),
            duals: duals ? Array(raw.rowDuals.dropFirst()) : nil,
            reducedCosts: duals ? Array(raw.columnDuals.dropFirst()) : nil)
    }

    private func describe(_ code: Int32) -> String {
        switch code {
        case GLP_EBADB: "invalid initial basis"
        case GLP_ESING: "singular basis matrix"
        case GLP_ECOND: "ill-conditioned basis matrix"
        case GLP_EBOUND: "inconsistent bounds"
        case GLP_EFAIL: "numerical failure"
        case GLP_EROOT: "no optimal LP basis for the root"
        default: "GLPK return code \(code)"
        }
    }
}

extension Solution {
    static func empty(_ status: SolutionStatus, _ termination: Termination) -> Solution {
        Solution(
            status: status, termination: termination, objectiveValue: nil, bestBound: nil, values: [],
            activities: [], duals: nil, reducedCosts: nil)
    }
}
