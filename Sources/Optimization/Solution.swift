/// Why the solver stopped.
public enum Termination: String, Sendable, Hashable, Codable {
    /// The search finished: the solution is optimal, or none exists.
    case completed
    /// The time limit stopped the search.
    case timeLimit = "time-limit"
    /// The relative gap tolerance stopped the search.
    case gapLimit = "gap-limit"
    /// A caller cancelled the search.
    case cancelled
}

/// What is known about the answer, kept separate from why the search stopped.
public enum SolutionStatus: String, Sendable, Hashable, Codable {
    /// Proven optimal.
    case optimal
    /// A solution is in hand, but a limit stopped the search before it was proven optimal.
    case feasible
    /// Proven to have no solution.
    case infeasible
    /// Feasible solutions exist with arbitrarily good objective values.
    case unbounded
    /// A limit stopped the search before any solution was found.
    case noSolution = "no-solution"
}

/// The result of one solve. It holds values only when ``hasSolution`` is true.
public struct Solution: Sendable, Hashable {
    public var status: SolutionStatus
    public var termination: Termination
    /// The objective value of the solution in hand.
    public var objectiveValue: Double?
    /// The best bound proven on the objective: equal to the objective when optimal.
    public var bestBound: Double?
    /// Variable values, by ``Variable/index``; empty without a solution.
    public var values: [Double]
    /// Row activities, by ``ConstraintReference/index``; empty without a solution.
    public var activities: [Double]
    /// Row duals of an LP's optimal basis (`nil` for a MIP): the objective's change per unit of
    /// the constraint's bound.
    public var duals: [Double]?
    /// Reduced costs of an LP's optimal basis (`nil` for a MIP).
    public var reducedCosts: [Double]?
    /// The LP relaxation's objective at the root, when the solve computed it before branch and
    /// bound (a MIP solved with presolve off): how far the formulation's bound is from the optimum.
    public var relaxationBound: Double? = nil
    /// How many subproblems branch and bound created (`nil` for an LP, or when the presolver alone
    /// settled the model).
    public var searchNodes: Int? = nil

    /// Whether a solution is in hand (optimal or feasible).
    public var hasSolution: Bool { status == .optimal || status == .feasible }

    /// The relative gap between the solution and the best bound, as GLPK defines it:
    /// `|objective − bound| / (|objective| + ε)`. 0 when optimal; `nil` when unknown.
    public var relativeGap: Double? {
        if status == .optimal { return 0 }
        guard let objectiveValue, let bestBound else { return nil }
        return abs(objectiveValue - bestBound) / (abs(objectiveValue) + Double.ulpOfOne)
    }

    /// A variable's value in the solution.
    public func value(of variable: Variable) -> Double { values[variable.index] }

    /// An expression's value in the solution.
    public func value(of expression: LinearExpression) -> Double { expression.evaluate(values) }

    /// A constraint's activity (the value of its expression, without the moved constants).
    public func activity(of constraint: ConstraintReference) -> Double { activities[constraint.index] }

    /// The dual value of a constraint in an LP solution.
    public func dual(of constraint: ConstraintReference) -> Double? { duals?[constraint.index] }

    /// The reduced cost of a variable in an LP solution.
    public func reducedCost(of variable: Variable) -> Double? { reducedCosts?[variable.index] }
}
