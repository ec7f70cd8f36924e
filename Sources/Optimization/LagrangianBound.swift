/// A bound on a model's objective from any row multipliers: weak duality, computed in Swift rather
/// than taken from the solver.
///
/// For a maximization `max cᵀx` over `L ≤ Ax ≤ U`, `l ≤ x ≤ u`, every vector `y` gives
/// `cᵀx = (c − Aᵀy)ᵀx + yᵀAx ≤ Σⱼ max over [lⱼ, uⱼ] of (c − Aᵀy)ⱼ·xⱼ + Σᵢ max over [Lᵢ, Uᵢ] of yᵢ·rᵢ`
/// for every feasible `x`, integral or not. So an LP stopped by its time limit, whose duals are not
/// yet optimal, still yields an honest bound on the integer optimum: a weaker one the further the
/// simplex was from the end, and the LP's optimum at an optimal basis.
///
/// Two steps keep the bound finite without giving up validity: a variable without a bound of its
/// own gets the one its rows imply (one pass of row-by-row propagation, as a presolver does: every
/// feasible point satisfies it), and multipliers that would push a still unbounded variable the
/// wrong way are shrunk towards 0. Any multipliers give a valid bound, so changing them is safe.
extension Model {
    /// The bound for `rowMultipliers` (one per constraint, GLPK's row duals as ``Solution/duals``
    /// reports them); `nil` when it stays infinite or the multipliers are not finite.
    ///
    /// Reduced costs within rounding of 0 (relative 1e-9 of the terms that make them) count as 0,
    /// or an optimal basis, whose basic columns have reduced cost 0 only up to rounding, could give
    /// an infinite bound: the result is a bound up to that rounding, as GLPK's own bounds are.
    public func lagrangianBound(rowMultipliers: [Double]) -> Double? {
        guard rowMultipliers.count == constraints.count, rowMultipliers.allSatisfy(\.isFinite) else { return nil }
        // Work in "maximize s·objective": GLPK's duals of a minimization have the other sign.
        let sense: Double = self.sense == .maximize ? 1 : -1
        let rows = constraints.map { RowRange($0.relation) }
        let (lower, upper) = impliedColumnBounds(rows)
        var multipliers = zip(rows, rowMultipliers).map { row, dual in row.usable(sense * dual) }
        var columns = [[(row: Int, coefficient: Double)]](repeating: [], count: variables.count)
        for (index, constraint) in constraints.enumerated() {
            for (variable, coefficient) in constraint.relation.expression.coefficients {
                columns[variable.index].append((index, coefficient))
            }
        }
        var cost = [Double](repeating: 0, count: variables.count)
        for (variable, coefficient) in objective.coefficients { cost[variable.index] = sense * coefficient }

        func reducedCost(_ column: Int) -> Double {
            var value = cost[column]
            var scale = abs(cost[column])
            for (row, coefficient) in columns[column] {
                value -= multipliers[row] * coefficient
                scale += abs(multipliers[row] * coefficient)
            }
            return abs(value) <= 1e-9 * scale ? 0 : value
        }
        // Repair: for an unbounded variable pushed the wrong way, scale down the multipliers that
        // push it until its reduced cost is 0. Other variables' reduced costs move too, so a few
        // passes; what is still wrong after them makes the bound infinite.
        for _ in 0..<3 {
            var repaired = false
            for column in variables.indices {
                let value = reducedCost(column)
                let open = value > 0 ? upper[column] == nil : value < 0 ? lower[column] == nil : false
                guard open else { continue }
                // Terms -y·a with the sign of the reduced cost are the ones pushing it.
                let pushing = columns[column].filter { (-multipliers[$0.row] * $0.coefficient).sign == value.sign }
                let push = pushing.reduce(0) { $0 + abs(multipliers[$1.row] * $1.coefficient) }
                guard push > 0 else { continue }
                let factor = Swift.max(0, 1 - abs(value) / push)
                for (row, _) in pushing { multipliers[row] *= factor }
                repaired = true
            }
            if !repaired { break }
        }
        var total = sense * objective.constant
        for (row, multiplier) in zip(rows, multipliers) where multiplier != 0 {
            total += multiplier * (multiplier > 0 ? row.upper! : row.lower!)
        }
        for column in variables.indices {
            let value = reducedCost(column)
            if value == 0 { continue }
            guard let end = value > 0 ? upper[column] : lower[column] else { return nil }
            total += value * end
        }
        guard total.isFinite else { return nil }
        return sense * total
    }

    /// The best of the bounds from several sets of multipliers (each valid, so the tightest is).
    /// The trade solver tries a stopped simplex's duals and zero: part-way through the primal
    /// simplex, the duals are often worse than none (XL, "XL within 60 s").
    public func lagrangianBound(trying candidates: [[Double]]) -> Double? {
        let bounds = candidates.compactMap { lagrangianBound(rowMultipliers: $0) }
        return sense == .maximize ? bounds.min() : bounds.max()
    }

    /// Each variable's own bounds, a missing one filled in with the tightest that a single row
    /// implies given the other variables' bounds (`a·x + rest ≤ U` gives `x ≤ (U − min rest)/a`
    /// for a > 0), as a presolver's first pass does.
    private func impliedColumnBounds(_ rows: [RowRange]) -> (lower: [Double?], upper: [Double?]) {
        var lower = variables.map(\.lowerBound)
        var upper = variables.map(\.upperBound)
        let openBelow = lower.map { $0 == nil }
        let openAbove = upper.map { $0 == nil }
        for (constraint, row) in zip(constraints, rows) {
            let terms = constraint.relation.expression.coefficients.map { ($0.key.index, $0.value) }
            guard terms.contains(where: { openBelow[$0.0] || openAbove[$0.0] }) else { continue }
            // The least and greatest activity of the row, with how many terms are unbounded.
            var least = 0.0, leastOpen = 0, most = 0.0, mostOpen = 0
            for (column, a) in terms {
                if let end = a > 0 ? lower[column] : upper[column] { least += a * end } else { leastOpen += 1 }
                if let end = a > 0 ? upper[column] : lower[column] { most += a * end } else { mostOpen += 1 }
            }
            func tighten(_ column: Int, _ a: Double, _ limit: Double, fromAbove: Bool) {
                // a·x ≤ limit or a·x ≥ limit, by the sign of a.
                let value = limit / a
                if fromAbove == (a > 0) {
                    if openAbove[column] { upper[column] = Swift.min(upper[column] ?? .infinity, value) }
                } else {
                    if openBelow[column] { lower[column] = Swift.max(lower[column] ?? -.infinity, value) }
                }
            }
            for (column, a) in terms where openBelow[column] || openAbove[column] {
                let own = (a > 0 ? lower[column] : upper[column]).map { a * $0 }
                let ownMost = (a > 0 ? upper[column] : lower[column]).map { a * $0 }
                // a·x ≤ U − (least of the others)
                if let rowUpper = row.upper, leastOpen - (own == nil ? 1 : 0) == 0 {
                    tighten(column, a, rowUpper - (least - (own ?? 0)), fromAbove: true)
                }
                // a·x ≥ L − (most of the others)
                if let rowLower = row.lower, mostOpen - (ownMost == nil ? 1 : 0) == 0 {
                    tighten(column, a, rowLower - (most - (ownMost ?? 0)), fromAbove: false)
                }
            }
        }
        return (lower, upper)
    }
}

/// A row's range for its terms alone (the expression's constant moved to the bounds).
private struct RowRange {
    let lower: Double?
    let upper: Double?

    init(_ relation: LinearRelation) {
        lower = relation.lowerBound.map { $0 - relation.expression.constant }
        upper = relation.upperBound.map { $0 - relation.expression.constant }
    }

    /// The multiplier, or 0 where the side it would price is infinite.
    func usable(_ multiplier: Double) -> Double {
        if multiplier > 0 { return upper == nil ? 0 : multiplier }
        if multiplier < 0 { return lower == nil ? 0 : multiplier }
        return 0
    }
}
