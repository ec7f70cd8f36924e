import Foundation

/// A named set of limits that a conflict search may drop together: sides of rows and bounds on variables.
///
/// The model itself carries each variable's *natural* bounds, the widest it may take (say 0...∞);
/// a group's ``BoundLimit`` narrows them while the group is active. A row side claimed by a group is
/// enforced only while the group is active, and free when it is dropped. Rows and bounds no group
/// claims always hold. Hard groups are never dropped: they are the facts, the soft ones the terms.
public struct ConflictGroup: Sendable, Hashable {
    /// Which side of a row a group claims.
    public enum Side: String, Sendable, Hashable {
        /// The row's lower bound (`expression ≥ lower`).
        case lower
        /// The row's upper bound (`expression ≤ upper`).
        case upper
        /// Both bounds, such as an equation.
        case both
    }

    /// One side (or both) of one row.
    public struct RowLimit: Sendable, Hashable {
        /// The row.
        public var constraint: ConstraintReference
        /// The side or sides the group claims.
        public var side: Side
        /// A row side claimed by a group.
        public init(_ constraint: ConstraintReference, _ side: Side = .both) {
            self.constraint = constraint
            self.side = side
        }
    }

    /// Bounds a group imposes on a variable, within the model's own (natural) bounds; `nil` adds none.
    public struct BoundLimit: Sendable, Hashable {
        /// The variable.
        public var variable: Variable
        /// The lower bound while the group is active.
        public var lower: Double?
        /// The upper bound while the group is active.
        public var upper: Double?
        /// Bounds imposed on `variable` while the group is active.
        public init(_ variable: Variable, lower: Double? = nil, upper: Double? = nil) {
            self.variable = variable
            self.lower = lower
            self.upper = upper
        }
    }

    /// The caller's name for the group, unique among the groups of one search.
    public var name: String
    /// The row sides the group claims.
    public var rows: [RowLimit]
    /// The bounds the group imposes.
    public var bounds: [BoundLimit]
    /// Whether the group may never be dropped or relaxed.
    public var isHard: Bool

    /// A group of whole rows (`constraints`), row sides (`rows`) and bounds.
    public init(
        _ name: String, constraints: [ConstraintReference] = [], rows: [RowLimit] = [], bounds: [BoundLimit] = [],
        isHard: Bool = false
    ) {
        self.name = name
        self.rows = constraints.map { RowLimit($0, .both) } + rows
        self.bounds = bounds
        self.isHard = isHard
    }
}

/// How a conflict search or a minimal relaxation runs.
public struct ConflictOptions: Sendable {
    /// How each feasibility solve runs; its time limit is ignored in favour of ``timeLimit``.
    public var solve: SolveOptions
    /// Wall-clock limit for the whole search.
    public var timeLimit: Duration?
    /// Whether an elastic pass shrinks the candidates before the deletion filter.
    public var elasticFilter: Bool
    /// Cost per unit of slack of each soft group in the elastic pass, by name (1 when absent).
    public var weights: [String: Double]

    /// Options with tight integrality (big-M rows leak less) and the presolver on.
    public init(
        solve: SolveOptions = SolveOptions(integralityTolerance: 1e-9), timeLimit: Duration? = nil,
        elasticFilter: Bool = true, weights: [String: Double] = [:]
    ) {
        self.solve = solve
        self.timeLimit = timeLimit
        self.elasticFilter = elasticFilter
        self.weights = weights
    }
}

/// An irreducible infeasible set: the soft groups that cannot all hold together with the hard groups
/// listed; dropping any one soft group makes the rest feasible.
public struct Conflict: Sendable, Hashable {
    /// The soft groups of the conflict, in the order they were given.
    public var softGroups: [String]
    /// The hard groups the conflict needs (each one is needed: without it the rest is feasible).
    public var hardGroups: [String]
    /// Whether every solve settled its question; when false the set is infeasible but may not be irreducible.
    public var isIrreducible: Bool
    /// How many solves the search used.
    public var solves: Int

    /// Whether the hard groups conflict on their own, so that no soft group can help.
    public var hardOnly: Bool { softGroups.isEmpty }
}

/// The least weighted change to the soft limits that makes the model feasible.
public struct Relaxation: Sendable, Hashable {
    /// A limit that is relaxed.
    public enum Limit: Sendable, Hashable {
        /// A row's lower bound moves down.
        case rowLower(ConstraintReference)
        /// A row's upper bound moves up.
        case rowUpper(ConstraintReference)
        /// A group's lower bound on a variable moves down.
        case variableLower(Variable)
        /// A group's upper bound on a variable moves up.
        case variableUpper(Variable)
    }

    /// One limit's move.
    public struct Move: Sendable, Hashable {
        /// The group the limit belongs to.
        public var group: String
        /// Which limit.
        public var limit: Limit
        /// Its value now.
        public var current: Double
        /// Its value after the move.
        public var relaxed: Double
        /// How far it moves (positive).
        public var amount: Double
    }

    /// The limits that move, in group order.
    public var moves: [Move]
    /// `Σ weight × amount` over the moves.
    public var cost: Double
    /// Whether the cost is proven least (false when a limit stopped the search).
    public var isOptimal: Bool
    /// Variable values of the relaxed model's solution, by ``Variable/index``.
    public var values: [Double]
}

extension Model {
    /// An irreducible set of soft groups that conflicts with the hard ones, or `nil` when every group
    /// can hold at once. Works for mixed-integer models: every question is settled by a MIP solve.
    ///
    /// First a solve with every group (feasible: `nil`). Then, if ``ConflictOptions/elasticFilter``,
    /// an elastic pass: each soft limit gets a non-negative slack, the weighted slack is minimized, and
    /// the groups that need slack are enforced, until the enforced set is infeasible on its own. Then a
    /// deletion filter drops one candidate at a time for good while the rest stays infeasible. Finally
    /// the hard groups go through the same two filters, so only those the conflict needs are named. When
    /// the hard groups conflict on their own, the conflict has no soft group.
    public func conflict(
        groups: [ConflictGroup], options: ConflictOptions = ConflictOptions()
    ) throws(ModelError) -> Conflict? {
        var search = try LimitSearch(model: self, groups: groups, options: options)
        return try search.conflict()
    }

    /// The least `Σ weight × slack` over the soft groups' limits that makes the model feasible, or
    /// `nil` when the hard groups alone admit no solution. `weights` are per unit of each limit, by
    /// group name (1 when absent); they must be positive.
    public func minimalRelaxation(
        groups: [ConflictGroup], weights: [String: Double] = [:], options: ConflictOptions = ConflictOptions()
    ) throws(ModelError) -> Relaxation? {
        var search = try LimitSearch(model: self, groups: groups, options: options)
        return try search.relaxation(weights: weights)
    }
}

/// The conflict search and the relaxation over one model and its groups.
struct LimitSearch {
    enum Mode: Equatable {
        case enforced, dropped, elastic
    }

    let model: Model
    let groups: [ConflictGroup]
    let options: ConflictOptions
    let deadline: ContinuousClock.Instant?
    /// The group claiming each row's lower and upper side.
    private var lowerOwner: [Int: Int] = [:]
    private var upperOwner: [Int: Int] = [:]
    private(set) var solves = 0
    private(set) var undecided = false

    init(model: Model, groups: [ConflictGroup], options: ConflictOptions) throws(ModelError) {
        self.model = model
        self.groups = groups
        self.options = options
        deadline = options.timeLimit.map { ContinuousClock.now + $0 }
        var problems: [String] = []
        var names: Set<String> = []
        for (index, group) in groups.enumerated() {
            if !names.insert(group.name).inserted { problems.append("conflict group '\(group.name)' is named twice") }
            for row in group.rows {
                let i = row.constraint.index
                guard i >= 0 && i < model.constraints.count else {
                    problems.append("conflict group '\(group.name)' names a constraint that is not in this model")
                    continue
                }
                let rowName = model.constraints[i].name
                if row.side != .upper {
                    if let other = lowerOwner[i], other != index {
                        problems.append(
                            "the lower side of '\(rowName)' belongs to '\(groups[other].name)' and '\(group.name)'")
                    }
                    lowerOwner[i] = index
                }
                if row.side != .lower {
                    if let other = upperOwner[i], other != index {
                        problems.append(
                            "the upper side of '\(rowName)' belongs to '\(groups[other].name)' and '\(group.name)'")
                    }
                    upperOwner[i] = index
                }
            }
            for bound in group.bounds {
                if bound.variable.index < 0 || bound.variable.index >= model.variables.count {
                    problems.append("conflict group '\(group.name)' names a variable that is not in this model")
                }
                for value in [bound.lower, bound.upper] {
                    if let value, !value.isFinite {
                        problems.append("conflict group '\(group.name)' has a bound \(value); bounds must be finite")
                    }
                }
            }
        }
        if !problems.isEmpty { throw ModelError(.invalidModel, problems) }
    }

    // MARK: Building models

    /// The model with each group in its mode and a zero objective, or the weighted slack objective when
    /// some group is elastic; `nil` when the bounds alone contradict each other (infeasible). Also the
    /// slack variables with what they relax.
    func build(_ modes: [Mode], weights: [String: Double]) -> (
        Model, [(group: Int, limit: Relaxation.Limit, slack: Variable, bound: Double)]
    )? {
        var result = model
        result.objective = LinearExpression()
        result.sense = .minimize
        var slacks: [(group: Int, limit: Relaxation.Limit, slack: Variable, bound: Double)] = []
        var taken = Set(model.variables.map(\.name) + model.constraints.map(\.name))
        func fresh(_ base: String) -> String {
            var name = base
            while taken.contains(name) { name = "~" + name }
            taken.insert(name)
            return name
        }
        var objective = LinearExpression()
        for index in model.constraints.indices {
            let relation = model.constraints[index].relation
            if let owner = lowerOwner[index], let lower = relation.lowerBound, modes[owner] != .enforced {
                result.constraints[index].relation.lowerBound = nil
                if modes[owner] == .elastic {
                    let s = result.addVariable(fresh("~slack:\(index):lo"), lowerBound: 0)
                    result.addConstraint(
                        fresh("~elastic:\(index):lo"),
                        LinearRelation(relation.expression + LinearExpression(s), lowerBound: lower, upperBound: nil))
                    slacks.append((owner, .rowLower(ConstraintReference(index: index)), s, lower))
                    objective.add(weights[groups[owner].name] ?? 1, s)
                }
            }
            if let owner = upperOwner[index], let upper = relation.upperBound, modes[owner] != .enforced {
                result.constraints[index].relation.upperBound = nil
                if modes[owner] == .elastic {
                    let s = result.addVariable(fresh("~slack:\(index):up"), lowerBound: 0)
                    result.addConstraint(
                        fresh("~elastic:\(index):up"),
                        LinearRelation(relation.expression - LinearExpression(s), lowerBound: nil, upperBound: upper))
                    slacks.append((owner, .rowUpper(ConstraintReference(index: index)), s, upper))
                    objective.add(weights[groups[owner].name] ?? 1, s)
                }
            }
        }
        for (groupIndex, group) in groups.enumerated() {
            for (k, bound) in group.bounds.enumerated() {
                let v = bound.variable
                switch modes[groupIndex] {
                case .dropped:
                    continue
                case .enforced:
                    if let lower = bound.lower {
                        result.variables[v.index].lowerBound = Swift.max(
                            result.variables[v.index].lowerBound ?? -.infinity, lower)
                    }
                    if let upper = bound.upper {
                        result.variables[v.index].upperBound = Swift.min(
                            result.variables[v.index].upperBound ?? .infinity, upper)
                    }
                case .elastic:
                    if let lower = bound.lower {
                        let s = result.addVariable(fresh("~slack:b\(groupIndex):\(k):lo"), lowerBound: 0)
                        result.addConstraint(
                            fresh("~elastic:b\(groupIndex):\(k):lo"),
                            LinearRelation(
                                LinearExpression(v) + LinearExpression(s), lowerBound: lower, upperBound: nil))
                        slacks.append((groupIndex, .variableLower(v), s, lower))
                        objective.add(weights[group.name] ?? 1, s)
                    }
                    if let upper = bound.upper {
                        let s = result.addVariable(fresh("~slack:b\(groupIndex):\(k):up"), lowerBound: 0)
                        result.addConstraint(
                            fresh("~elastic:b\(groupIndex):\(k):up"),
                            LinearRelation(
                                LinearExpression(v) - LinearExpression(s), lowerBound: nil, upperBound: upper))
                        slacks.append((groupIndex, .variableUpper(v), s, upper))
                        objective.add(weights[group.name] ?? 1, s)
                    }
                }
            }
        }
        // Bounds that contradict each other make the model infeasible before any solve.
        for (index, variable) in result.variables.enumerated() {
            guard let lower = variable.lowerBound, let upper = variable.upperBound else { continue }
            if lower > upper { return nil }
            if variable.kind != .continuous, (lower - 1e-9).rounded(.up) > (upper + 1e-9).rounded(.down) { return nil }
            // A binary narrowed to one value stays integer with those bounds.
            if variable.kind == .binary, lower > 0 || upper < 1 { result.variables[index].kind = .integer }
        }
        result.objective = objective
        return (result, slacks)
    }

    private var remaining: Duration? {
        deadline.map { Swift.max(ContinuousClock.now.duration(to: $0), .milliseconds(1)) }
    }

    private mutating func run(_ model: Model) throws(ModelError) -> Solution {
        var solveOptions = options.solve
        solveOptions.timeLimit = remaining
        solves += 1
        return try model.solve(solveOptions)
    }

    /// Whether the model is feasible with the groups in these modes (none elastic); `nil` when a limit
    /// stopped the solve before it could tell.
    mutating func isFeasible(_ modes: [Mode]) throws(ModelError) -> Bool? {
        guard let (built, _) = build(modes, weights: [:]) else { return false }
        let solution = try run(built)
        switch solution.status {
        case .optimal, .feasible, .unbounded: return true
        case .infeasible: return false
        case .noSolution:
            undecided = true
            return nil
        }
    }

    // MARK: The conflict

    mutating func conflict() throws(ModelError) -> Conflict? {
        let all = [Mode](repeating: .enforced, count: groups.count)
        switch try isFeasible(all) {
        case true?: return nil
        case nil:
            throw ModelError(
                .solverFailure, "a limit stopped the solve before it could tell whether the model is feasible")
        case false?: break
        }
        let soft = groups.indices.filter { !groups[$0].isHard }
        let hard = groups.indices.filter { groups[$0].isHard }
        var modes = groups.map { $0.isHard ? Mode.enforced : Mode.dropped }
        var candidates: [Int]
        if try isFeasible(modes) == false {
            // The hard groups conflict on their own.
            candidates = []
        } else if options.elasticFilter {
            candidates = try elasticCandidates(pool: soft, base: modes)
        } else {
            candidates = soft
        }
        // Deletion filter over the soft candidates, everything else soft dropped.
        modes = groups.map { $0.isHard ? Mode.enforced : Mode.dropped }
        for index in candidates { modes[index] = .enforced }
        var kept: [Int] = []
        for index in candidates {
            modes[index] = .dropped
            if try isFeasible(modes) == false { continue }  // still infeasible without it: leave it out
            modes[index] = .enforced  // feasible without it (or undecided): it belongs to the conflict
            kept.append(index)
        }
        // Then the hard groups, the same way: name only those the conflict needs.
        var hardCandidates = hard
        if options.elasticFilter && !hard.isEmpty {
            hardCandidates = try elasticCandidates(pool: hard, base: modes).sorted()
            for index in hard where !hardCandidates.contains(index) { modes[index] = .dropped }
        }
        var neededHard: [Int] = []
        for index in hardCandidates {
            modes[index] = .dropped
            if try isFeasible(modes) == false { continue }
            modes[index] = .enforced
            neededHard.append(index)
        }
        return Conflict(
            softGroups: kept.sorted().map { groups[$0].name }, hardGroups: neededHard.map { groups[$0].name },
            isIrreducible: !undecided, solves: solves)
    }

    /// Chinneck's elastic filter over `pool`, the other groups as in `base`: enforce the pool's groups
    /// that need slack until the enforced ones are infeasible with the rest. Any solution works; the
    /// least weighted slack keeps the set small. Returns a subset of `pool` that is infeasible with
    /// `base` (all of `pool` when a limit stopped a solve).
    private mutating func elasticCandidates(pool: [Int], base: [Mode]) throws(ModelError) -> [Int] {
        var modes = base
        for index in pool { modes[index] = .elastic }
        var enforced: [Int] = []
        while true {
            guard let (built, slacks) = build(modes, weights: options.weights) else { return enforced }
            let solution = try run(built)
            guard solution.hasSolution else {
                if solution.status == .noSolution {
                    undecided = true
                    return pool
                }
                return enforced  // infeasible: the enforced groups conflict with the rest
            }
            var added = false
            for entry in slacks where modes[entry.group] == .elastic {
                let value = solution.value(of: entry.slack)
                if value > 1e-9 * Swift.max(1, abs(entry.bound)) {
                    modes[entry.group] = .enforced
                    enforced.append(entry.group)
                    added = true
                }
            }
            if !added { return pool }  // no slack needed: the tolerance hid the conflict; filter everything
        }
    }

    // MARK: The relaxation

    mutating func relaxation(weights: [String: Double]) throws(ModelError) -> Relaxation? {
        for (name, weight) in weights where !(weight > 0 && weight.isFinite) {
            throw ModelError(.invalidModel, "the weight of '\(name)' is \(weight); weights must be positive and finite")
        }
        let modes = groups.map { $0.isHard ? Mode.enforced : Mode.elastic }
        guard let (built, slacks) = build(modes, weights: weights) else { return nil }
        let solution = try run(built)
        guard solution.hasSolution else {
            if solution.status == .infeasible { return nil }
            throw ModelError(.solverFailure, "a limit stopped the relaxation before it found any")
        }
        var moves: [Relaxation.Move] = []
        var cost = 0.0
        for entry in slacks {
            let amount = solution.value(of: entry.slack)
            guard amount > 1e-9 * Swift.max(1, abs(entry.bound)) else { continue }
            let relaxed: Double
            switch entry.limit {
            case .rowLower, .variableLower: relaxed = entry.bound - amount
            case .rowUpper, .variableUpper: relaxed = entry.bound + amount
            }
            let name = groups[entry.group].name
            cost += (weights[name] ?? 1) * amount
            moves.append(
                Relaxation.Move(group: name, limit: entry.limit, current: entry.bound, relaxed: relaxed, amount: amount)
            )
        }
        let order = Dictionary(uniqueKeysWithValues: groups.enumerated().map { ($1.name, $0) })
        moves = moves.enumerated().sorted {
            (order[$0.element.group]!, $0.offset) < (order[$1.element.group]!, $1.offset)
        }
        .map(\.element)
        return Relaxation(
            moves: moves, cost: cost, isOptimal: solution.status == .optimal,
            values: Array(solution.values.prefix(model.variables.count)))
    }
}
