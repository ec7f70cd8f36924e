import Foundation
import Optimization
import TradeModel

/// What the trade solver does differently for large programs, where GLPK's root LP relaxation
/// alone can outlast a time limit (XL: 41,343 rows × 47,338 columns, 38–46 s on a quiet machine;
/// docs/performance.md, "XL within 60 s"). Small and medium programs are solved exactly as before.
///
/// A large program gets, when the caller offered no starting decisions, a start built from the
/// scenario itself (see ``candidateDecisions(_:)``) and completed by an LP that keeps the deadline:
/// if the time limit then stops the root LP before branch and bound begins, the solve still has a
/// trade, with an honest bound from the duals where the simplex stopped
/// (``Optimization/Model/lagrangianBound(rowMultipliers:)``).
enum SizeStrategy {
    /// Programs with at least this many columns count as large: XL (47,338) does; L (4,738), M
    /// (496) and every test and bundled model are far below it.
    static let largeColumns = 20_000

    static func isLarge(_ model: Model) -> Bool { model.variables.count >= largeColumns }

    /// Branch and bound is not begun on a large program with less than this left after the root
    /// LP: begun about a second before a 60 s limit, GLPK's first step on XL ran 9 s past it, and
    /// in the runs where it had more time it improved neither the trade nor the bound (the rounded
    /// relaxation and the root bound were the answer).
    static let minimumSearchTime: Duration = .seconds(10)

    /// The strategy for `model`: unchanged below the size; for a large program, GLPK's LP
    /// presolver on its LPs, the rounded root relaxation as a start, and cheap branching. The LP that polishes a trade (every integer fixed) is then solved in
    /// about a second instead of minutes (without it, XL's start never finished: "XL within 60 s");
    /// on the root relaxation the presolver removes 26% of the rows.
    static func adjusted(_ strategy: SearchStrategy, for model: Model) -> SearchStrategy {
        guard isLarge(model) else { return strategy }
        var strategy = strategy
        strategy.presolvesRelaxation = true
        strategy.roundsRelaxation = true
        // Pseudo-cost branching first solves an LP per fractional column at the root (about 1,000
        // on XL) and checks the time limit only between them: several seconds past it on XL.
        if strategy.branching == .pseudoCost { strategy.branching = .mostFractional }
        return strategy
    }

    /// What a large program keeps of its time limit for after the search: on XL, GLPK's last step
    /// and reading back 47,338 columns ran 0.38–0.41 s past a 60 s limit (docs/performance.md).
    static let finishingReserve: Duration = .seconds(1)

    /// The deadline the searches of `model` stop by: the caller's, or for a large program the
    /// finishing reserve before it, so that the trade is back within the caller's limit.
    static func searchDeadline(_ deadline: ContinuousClock.Instant?, for model: Model) -> ContinuousClock.Instant? {
        guard isLarge(model) else { return deadline }
        return deadline.map { $0 - finishingReserve }
    }

    /// Programs with fewer columns scale a pass's row alone rather than the whole program again
    /// (every bundled model; generated scenarios up to about 40 levers). On the default scenario
    /// GLPK's whole-program scaling was 5.5% of a service request's CPU; per-row scaling cut the
    /// request's CPU by about 7% with the same trade. From about 150 columns the changed scaling
    /// moved search times both ways by up to 2×, as tree shapes do, so larger programs keep the
    /// cold build's (docs/performance.md, "Scaling a pass's row").
    static let rowScalingColumns = 120

    /// How `model`'s warm sessions scale their added rows.
    static func rowScaling(for model: Model) -> WarmSession.RowScaling {
        model.variables.count < rowScalingColumns ? .addedRowAlone : .wholeProblem
    }

    /// The strategy for `model`: the caller's, else the trade solver's default for the program's
    /// size. The solve options' `adjusted(_:for:)` then adjusts either for a large program.
    static func strategy(_ chosen: SearchStrategy?, for model: Model) -> SearchStrategy {
        chosen ?? TradeOptions.defaultStrategy(columns: model.variables.count)
    }

    /// `options` for a solve of `formulation`'s programs: the strategy adjusted by size, and for a
    /// large program, the root relaxation rounded the way a buyer would read it (quantities rounded
    /// up, then down; then every program and the widest tier those quantities qualify for).
    static func adjusted(_ options: SolveOptions, for formulation: Formulation) -> SolveOptions {
        var options = options
        options.strategy = adjusted(options.strategy, for: formulation.searchModel)
        guard isLarge(formulation.searchModel) else { return options }
        options.roundRelaxation = { relaxed in roundings(of: relaxed, formulation) }
        options.minimumSearchTime = minimumSearchTime
        return options
    }

    /// Discrete points near the relaxation's `relaxed`: lever steps rounded up (more commitment
    /// meets more conditions and the hurdle), then to the nearest; no program and the first tier,
    /// then those each quantities qualify for (``withQualifyingPrograms(_:_:)``).
    static func roundings(of relaxed: [Double], _ formulation: Formulation) -> [[Double]] {
        let model = formulation.model
        var candidates: [[Double]] = []
        for rule: FloatingPointRoundingRule in [.up, .toNearestOrAwayFromZero] {
            var values = [Double](repeating: 0, count: relaxed.count)
            for n in formulation.steps.values {
                // Within the column's bounds: rounding up a value at its bound by rounding error must not leave them.
                var value = (relaxed[n.index] - 1e-6).rounded(rule == .up ? .up : .toNearestOrAwayFromZero)
                if let upper = model[n].upperBound { value = Swift.min(value, upper) }
                if let lower = model[n].lowerBound { value = Swift.max(value, lower) }
                values[n.index] = value
            }
            let scenario = formulation.index.scenario
            if let first = scenario.envelope.tiers.first, let z = formulation.tiers[first.id] { values[z.index] = 1 }
            candidates.append(withQualifyingPrograms(values, formulation))
        }
        return candidates
    }

    /// Whether to return a large program's trade unpolished: once the deadline has passed, even a
    /// 1 ms LP costs loading and scaling the whole program in GLPK (seconds on XL).
    static func skipsPolish(_ model: Model, outOfTime: Bool) -> Bool { outOfTime && isLarge(model) }

    /// Starting points to try, in order, as values of the formulation's discrete variables: every
    /// lever at the most it can commit at no cost to the buyer (the top of a free first cost
    /// segment, else its minimum) with every program and the widest tier whose conditions those
    /// commitments already meet; the same commitments with no program and the first tier; then the
    /// plain renewal (every lever at its minimum, no program, the first tier). Committing what
    /// costs nothing only adds to Microsoft's gain, so where buyer constraints allow it, it is the
    /// likelier to meet Microsoft's hurdle.
    static func candidateDecisions(_ formulation: Formulation) -> [[Double]] {
        let scenario = formulation.index.scenario
        func values(_ quantity: (Lever) -> Decimal) -> [Double] {
            var values = [Double](repeating: 0, count: formulation.model.variables.count)
            for lever in scenario.levers {
                guard let n = formulation.steps[lever.id] else { continue }
                values[n.index] = (quantity(lever) / lever.step).double
            }
            if let first = scenario.envelope.tiers.first, let z = formulation.tiers[first.id] { values[z.index] = 1 }
            return values
        }
        let free = values(freeQuantity)
        let plain = values { $0.type == .binary ? 0 : $0.min }
        var candidates = [withQualifyingPrograms(free, formulation), free, plain]
        // Drop repeats, keeping the order.
        candidates = candidates.enumerated().filter { index, values in !candidates[..<index].contains(values) }.map(\.1)
        return candidates
    }

    /// `values` with every program switched on whose rows over discrete decisions alone (its
    /// conditions, exclusive groups) hold at those values, in scenario order, and the tier of the
    /// largest share whose conditions hold. Rows with continuous variables are left to the LP that
    /// completes the start (a contribution can always be 0). Cheap: one look at each switch's rows.
    static func withQualifyingPrograms(_ values: [Double], _ formulation: Formulation) -> [Double] {
        let model = formulation.model
        var values = values
        var rows = [[Int]](repeating: [], count: model.variables.count)
        let discreteOnly = model.constraints.map { constraint in
            constraint.relation.expression.coefficients.keys.allSatisfy { model[$0].kind != .continuous }
        }
        for (index, constraint) in model.constraints.enumerated() where discreteOnly[index] {
            for variable in constraint.relation.expression.coefficients.keys { rows[variable.index].append(index) }
        }
        func holds(_ variable: Variable) -> Bool {
            rows[variable.index].allSatisfy { index in
                let relation = model.constraints[index].relation
                let activity = relation.expression.evaluate(values)
                let slack = 1e-9 * Swift.max(1, abs(activity))
                return (relation.lowerBound.map { activity >= $0 - slack } ?? true)
                    && (relation.upperBound.map { activity <= $0 + slack } ?? true)
            }
        }
        for program in formulation.index.scenario.programs {
            guard let y = formulation.active[program.id], model[y].upperBound ?? 1 >= 1, values[y.index] == 0 else {
                continue
            }
            values[y.index] = 1
            if !holds(y) { values[y.index] = 0 }
        }
        let tiers = formulation.index.scenario.envelope.tiers.compactMap { tier in
            formulation.tiers[tier.id].map { (tier.maxPct, $0) }
        }
        let chosen = tiers.firstIndex { values[$0.1.index] == 1 }
        for (_, z) in tiers.sorted(by: { $0.0 > $1.0 }) {
            for (_, other) in tiers { values[other.index] = 0 }
            values[z.index] = 1
            if holds(z) && model[z].upperBound ?? 1 >= 1 { return values }
        }
        for (_, other) in tiers { values[other.index] = 0 }
        if let chosen { values[tiers[chosen].1.index] = 1 }
        return values
    }

    /// The largest whole number of steps the buyer can commit before its cost starts to grow.
    static func freeQuantity(_ lever: Lever) -> Decimal {
        let top = lever.type == .binary ? lever.step : lever.max
        let bottom = lever.type == .binary ? 0 : lever.min
        guard let first = lever.cost.first else { return top }
        guard first.perUnit == 0 else { return bottom }
        let freeUntil = lever.cost.count > 1 ? Swift.min(lever.cost[1].from, top) : top
        guard freeUntil > bottom else { return bottom }
        // Whole steps from zero, as the formulation counts them (q = step × n).
        return Swift.max(bottom, (freeUntil / lever.step).roundedWhole(.down) * lever.step)
    }
}

extension LexicographicRun {
    /// Discrete values completed into a point of the program: the LP left when they are held, with
    /// GLPK's LP presolver (most of it is fixed columns; without the presolver XL's took minutes)
    /// and the run's deadline. Nil when that LP is infeasible or out of time. Held, a value beyond
    /// its column's bounds is not seen; such a point is no start, and the solver ignores it as one.
    func completed(_ discrete: [Double], share: Double = 1) -> Solution? {
        let held = formulation.model.fixingIntegers(at: discrete)
        let limit = deadline.map { Swift.max(ContinuousClock.now.duration(to: $0) * share, .milliseconds(1)) }
        let solution = try? held.solve(
            SolveOptions(timeLimit: limit, presolve: true, cancellation: options.cancellation))
        guard let solution, solution.status == .optimal else { return nil }
        return solution
    }

    /// A start for a large program when the caller offered none: the first of
    /// ``SizeStrategy/candidateDecisions(_:)`` that completes. Nil for programs below the size.
    func startForSize() -> Solution? {
        guard SizeStrategy.isLarge(formulation.searchModel) else { return nil }
        // Each try gets at most a fifth of what is left: an infeasible one must not use it all.
        for candidate in SizeStrategy.candidateDecisions(formulation) {
            if let solution = completed(candidate, share: 0.2) { return solution }
            if isOutOfTime { break }
        }
        return nil
    }
}

extension LexicographicRun {
    /// A search's answer with the polished values: polishing re-solves only the continuous part
    /// (an LP, "optimal" in its own right), so what the search proved stands. Without this a first
    /// pass stopped by a limit read as optimal whenever its polish LP had time to run (seen on XL,
    /// where the root bound now leaves seconds for it; also `--gap`).
    static func outcome(of search: Solution, polished: Solution) -> Solution {
        var result = polished
        result.status = search.status
        result.termination = search.termination
        result.bestBound = search.bestBound
        result.relaxationBound = search.relaxationBound
        result.searchNodes = search.searchNodes
        return result
    }
}
