import Foundation
public import Optimization
public import TradeModel

/// The integer program of a scenario, exactly as the spec defines it, with a handle for every
/// element so a solution can be read back in the scenario's terms.
///
/// Every row and column is named after the element it comes from: `n:azure-commit` (whole steps
/// of a lever), `cost:azure-commit` and its rows `cost:azure-commit:1`, `y:reference-credits`,
/// `c:reference-credits`, `cap:reference-credits`, `rate:reference-credits`,
/// `cond:migration-funding:0`, `z:area-lead`, `tier:area-lead:0`, `one-tier`, `discount`,
/// `envelope`, `participation`, `constraint:engineering-capacity`, `exclusive:0`.
public struct Formulation: Sendable {
    public let scenario: Scenario
    public private(set) var model: Model
    /// Whole steps of each lever (`q = step × n`), by lever id.
    public let steps: [String: Variable]
    /// The epigraph variable `k` of each lever with a cost.
    public let costs: [String: Variable]
    public let active: [String: Variable]
    public let contributions: [String: Variable]
    public let tiers: [String: Variable]
    public let discount: Variable
    /// Rows of the buyer's constraints, by id.
    public let constraintRows: [String: ConstraintReference]
    /// `Σ c + d − Σ k`.
    public let buyerValue: LinearExpression
    /// `Σ value·q − Σ c − d`.
    public let microsoftNet: LinearExpression
    /// `Σ k`, `Σ q`, `Σ y`: what the tie-break passes minimize.
    public let totalCost: LinearExpression
    public let totalQuantity: LinearExpression
    public let activePrograms: LinearExpression

    /// Builds the program. The scenario must have passed validation.
    public init(_ scenario: Scenario, options: TradeOptions = TradeOptions()) throws(TradeSolverError) {
        try self.init(scenario, options: options, diagnosis: false)
    }

    /// Conditions that can never hold, by row-name prefix and index (`cond:P`, 0), when built for a
    /// diagnosis: their switch is then left free for a hard conflict group to fix at 0.
    private(set) var neverHolds: [(prefix: String, index: Int, switch: Variable)] = []

    /// `diagnosis`: leave switches of never-holding conditions free (see ``neverHolds``), and write
    /// rate rows so that a base that goes negative beyond the scenario's own bounds binds only an
    /// active program.
    init(_ scenario: Scenario, options: TradeOptions, diagnosis: Bool) throws(TradeSolverError) {
        var builder = Builder(scenario: scenario)
        builder.diagnosis = diagnosis
        try builder.build(options)
        neverHolds = builder.neverHolds
        self.scenario = scenario
        model = builder.model
        steps = builder.steps
        costs = builder.costs
        active = builder.active
        contributions = builder.contributions
        tiers = builder.tierVariables
        discount = builder.discount!
        constraintRows = builder.constraintRows
        buyerValue = builder.buyerValue
        microsoftNet = builder.microsoftNet
        totalCost = LinearExpression.sum(builder.costs.values.sorted().map(LinearExpression.init))
        totalQuantity = builder.totalQuantity
        activePrograms = LinearExpression.sum(builder.active.values.sorted().map(LinearExpression.init))
    }

    /// A copy of the model with one more constraint, as the tie-break passes need.
    func adding(_ name: String, _ relation: LinearRelation) -> Formulation {
        var copy = self
        copy.model.addConstraint(name, relation)
        return copy
    }

    /// A copy of the model with another objective.
    func objective(_ sense: Model.Sense, _ expression: LinearExpression) -> Formulation {
        var copy = self
        copy.model.setObjective(sense, expression)
        return copy
    }
}

extension Decimal {
    /// The nearest `Double`; money becomes floating point only here, where the solver needs it.
    var double: Double { NSDecimalNumber(decimal: self).doubleValue }
}

private struct Builder {
    let scenario: Scenario
    var model: Model
    var steps: [String: Variable] = [:]
    var costs: [String: Variable] = [:]
    var active: [String: Variable] = [:]
    var contributions: [String: Variable] = [:]
    var tierVariables: [String: Variable] = [:]
    var discount: Variable?
    var constraintRows: [String: ConstraintReference] = [:]
    var buyerValue = LinearExpression()
    var microsoftNet = LinearExpression()
    var totalQuantity = LinearExpression()
    var diagnosis = false
    var neverHolds: [(prefix: String, index: Int, switch: Variable)] = []

    init(scenario: Scenario) {
        self.scenario = scenario
        model = Model(name: Self.modelName(scenario.name))
    }

    /// GLPK names may not hold spaces or control characters.
    static func modelName(_ name: String) -> String {
        let cleaned = String(name.map { $0.isWhitespace || $0.isNewline ? "-" : $0 }.prefix(200))
        return cleaned.isEmpty ? "scenario" : cleaned
    }

    mutating func build(_ options: TradeOptions) throws(TradeSolverError) {
        try checkOptions(options)
        addLevers(options)
        addPrograms(options)
        addEnvelope()
        if let tier = options.forcedTier, let z = tierVariables[tier] { model.setBounds(of: z, lower: 1, upper: 1) }
        addParticipation()
        addBuyerConstraints()
        addExclusiveGroups()
        addObjective()
    }

    private func checkOptions(_ options: TradeOptions) throws(TradeSolverError) {
        var problems: [String] = []
        for (id, quantity) in options.fixedQuantities.sorted(by: { $0.key < $1.key }) {
            guard let lever = scenario.lever(id: id) else {
                problems.append("--fix \(id): unknown lever\(suggestion(id, scenario.levers.map(\.id)))")
                continue
            }
            if quantity < lever.min || quantity > lever.max {
                problems.append("--fix \(id)=\(quantity): outside the lever's bounds \(lever.min) to \(lever.max)")
            } else if !(quantity / lever.step).isWhole {
                problems.append("--fix \(id)=\(quantity): not a multiple of the lever's step \(lever.step)")
            }
        }
        let programIds = scenario.programs.map(\.id)
        for id in options.forcedPrograms.union(options.forbiddenPrograms).sorted() where !programIds.contains(id) {
            problems.append("program '\(id)' (in --force or --forbid) is unknown\(suggestion(id, programIds))")
        }
        let tierIds = scenario.envelope.tiers.map(\.id)
        if let tier = options.forcedTier, !tierIds.contains(tier) {
            problems.append("tier '\(tier)' (in --tier) is unknown\(suggestion(tier, tierIds))")
        }
        for id in options.forcedPrograms.intersection(options.forbiddenPrograms).sorted() {
            problems.append("program '\(id)' cannot be both forced and forbidden")
        }
        if !options.relativeGap.isFinite || options.relativeGap < 0 {
            problems.append("the relative gap must be a non-negative number, not \(options.relativeGap)")
        }
        if let limit = options.timeLimit, limit <= .zero {
            problems.append("the time limit must be positive")
        }
        if !problems.isEmpty { throw TradeSolverError(problems) }
    }

    private func suggestion(_ id: String, _ candidates: [String]) -> String {
        Suggestions.hint(for: id, among: candidates)
    }

    // MARK: Levers

    private mutating func addLevers(_ options: TradeOptions) {
        for lever in scenario.levers {
            let fixed = options.fixedQuantities[lever.id].map { ($0 / lever.step).double }
            let n = model.addVariable(
                "n:\(lever.id)", kind: .integer,
                lowerBound: fixed ?? (lever.min / lever.step).double,
                upperBound: fixed ?? (lever.max / lever.step).double)
            steps[lever.id] = n
            let quantity = lever.step.double * n
            totalQuantity += quantity
            microsoftNet += lever.value.double * quantity
            addCost(of: lever, quantity: quantity)
        }
    }

    /// The convex cost enters through its epigraph: `k ≥ sᵢ·(q − fromᵢ) + C(fromᵢ)` per segment.
    private mutating func addCost(of lever: Lever, quantity: LinearExpression) {
        guard lever.cost.contains(where: { $0.perUnit != 0 }) else { return }
        let k = model.addVariable("cost:\(lever.id)", lowerBound: 0)
        costs[lever.id] = k
        buyerValue -= LinearExpression(k)
        for (index, segment) in lever.cost.enumerated() {
            let offset = CostCurve(lever).cost(at: segment.from)
            // A flat piece at or below zero adds nothing to k ≥ 0.
            if segment.perUnit == 0 && offset <= 0 { continue }
            let line = segment.perUnit.double * quantity
                - LinearExpression(constant: (segment.perUnit * segment.from - offset).double)
            model.addConstraint("cost:\(lever.id):\(index)", LinearExpression(k) >= line)
        }
    }

    // MARK: Programs

    private mutating func addPrograms(_ options: TradeOptions) {
        for program in scenario.programs {
            let y = model.addVariable("y:\(program.id)", kind: .binary)
            active[program.id] = y
            if options.forcedPrograms.contains(program.id) { model.setBounds(of: y, lower: 1, upper: 1) }
            if options.forbiddenPrograms.contains(program.id) { model.setBounds(of: y, lower: 0, upper: 0) }
            addConditions(program.requires, switch: y, prefix: "cond:\(program.id)")
            guard let contribution = program.contribution else { continue }
            let c = model.addVariable("c:\(program.id)", lowerBound: 0)
            contributions[program.id] = c
            buyerValue += LinearExpression(c)
            microsoftNet -= LinearExpression(c)
            model.addConstraint("cap:\(program.id)", c - contribution.cap.double * y <= 0)
            if let rate = contribution.rate, let base = contribution.base, let form = scenario.linearForm(of: base) {
                let low = scenario.reachableRange(of: form).lowerBound
                if diagnosis && low < 0 {
                    // c ≤ rate·base + rate·(−L)·(1 − y): with y = 0 it always holds (c = 0 by the cap row).
                    let m = (rate * -low).double
                    model.addConstraint(
                        "rate:\(program.id)",
                        LinearExpression(c) - rate.double * expression(form) + m * y <= LinearExpression(constant: m))
                } else {
                    model.addConstraint("rate:\(program.id)", LinearExpression(c) <= rate.double * expression(form))
                }
            }
        }
    }

    /// Ties each condition to a switch `y`: when `y = 1` the condition holds. The big-M comes from
    /// the expression's reachable range, never from a fixed large constant.
    private mutating func addConditions(_ conditions: [Condition], switch y: Variable, prefix: String) {
        for (index, condition) in conditions.enumerated() {
            guard let form = scenario.linearForm(of: condition.subject.id) else { continue }
            let range = scenario.reachableRange(of: form)
            let threshold = condition.threshold
            let value = expression(form)
            switch condition.comparison {
            case .atLeast:
                if range.lowerBound >= threshold { continue }  // always holds: no row
                if range.upperBound < threshold {
                    fixOff(y, prefix: prefix, index: index)
                    continue
                }
                // expr ≥ X − (X − L)(1 − y)  ⇔  expr − (X − L)·y ≥ L
                let m = (threshold - range.lowerBound).double
                model.addConstraint(
                    "\(prefix):\(index)", value - m * y >= LinearExpression(constant: range.lowerBound.double))
            case .atMost:
                if range.upperBound <= threshold { continue }
                if range.lowerBound > threshold {
                    fixOff(y, prefix: prefix, index: index)
                    continue
                }
                // expr ≤ X + (U − X)(1 − y)  ⇔  expr + (U − X)·y ≤ U
                let m = (range.upperBound - threshold).double
                model.addConstraint(
                    "\(prefix):\(index)", value + m * y <= LinearExpression(constant: range.upperBound.double))
            }
        }
    }

    /// A condition that can never hold keeps its switch off; for a diagnosis that is left to a hard group.
    private mutating func fixOff(_ y: Variable, prefix: String, index: Int) {
        if diagnosis {
            neverHolds.append((prefix, index, y))
        } else if model[y].lowerBound == 1 {
            // A forced program whose condition can never hold: no trade, rather than a silent override.
            model.addConstraint("\(prefix):\(index)", LinearExpression(y) <= 0)
        } else {
            model.setBounds(of: y, lower: 0, upper: 0)
        }
    }

    /// A linear form over lever quantities, written over the step variables.
    private func expression(_ form: LinearForm) -> LinearExpression {
        var result = LinearExpression(constant: form.constant.double)
        for (id, coefficient) in form.coefficients.sorted(by: { $0.key < $1.key }) {
            guard let n = steps[id], let lever = scenario.lever(id: id) else { continue }
            result.add((coefficient * lever.step).double, n)
        }
        return result
    }

    // MARK: Envelope and participation

    /// `d + Σ concessions ≤ Σ z·maxPct·B + Σ y·F·B`, with exactly one tier reached.
    private mutating func addEnvelope() {
        let baseline = scenario.baseline.spend
        let d: Variable
        switch scenario.envelope.discount {
        case .unlimited: d = model.addVariable("discount", lowerBound: 0)
        case .none: d = model.addVariable("discount", lowerBound: 0, upperBound: 0)
        case .upTo(let maxPct): d = model.addVariable("discount", lowerBound: 0, upperBound: (maxPct * baseline).double)
        }
        discount = d
        buyerValue += LinearExpression(d)
        microsoftNet -= LinearExpression(d)
        var size = LinearExpression()
        var oneTier = LinearExpression()
        for tier in scenario.envelope.tiers {
            let z = model.addVariable("z:\(tier.id)", kind: .binary)
            tierVariables[tier.id] = z
            oneTier += LinearExpression(z)
            size += (tier.maxPct * baseline).double * z
            addConditions(tier.requires, switch: z, prefix: "tier:\(tier.id)")
        }
        model.addConstraint("one-tier", oneTier == 1)
        var used = LinearExpression(d)
        for program in scenario.programs {
            if let c = contributions[program.id], program.contribution?.kind == .concession { used += LinearExpression(c) }
            if let expansion = program.expandsEnvelope, let y = active[program.id] {
                size += (expansion * baseline).double * y
            }
        }
        model.addConstraint("envelope", used - size <= 0)
    }

    /// Microsoft says yes only when its net gain reaches the hurdle.
    private mutating func addParticipation() {
        model.addConstraint(
            "participation", microsoftNet >= LinearExpression(constant: scenario.microsoft.hurdle.double))
    }

    private mutating func addBuyerConstraints() {
        for constraint in scenario.constraints {
            guard let form = scenario.linearForm(of: constraint.terms) else { continue }
            let relation = LinearRelation(
                expression(form), lowerBound: constraint.atLeast?.double, upperBound: constraint.atMost?.double)
            constraintRows[constraint.id] = model.addConstraint("constraint:\(constraint.id)", relation)
        }
    }

    private mutating func addExclusiveGroups() {
        for (index, group) in scenario.exclusive.enumerated() {
            let switches = group.compactMap { active[$0] }.map(LinearExpression.init)
            model.addConstraint("exclusive:\(index)", LinearExpression.sum(switches) <= 1)
        }
    }

    // MARK: Objective

    private mutating func addObjective() {
        switch scenario.objective {
        case .buyerValue:
            model.setObjective(.maximize, buyerValue)
        case .balanced:
            // max w with w ≤ buyerValue and w ≤ microsoftNet − hurdle: the max-min split.
            let w = model.addVariable("fair-share", lowerBound: nil)
            model.addConstraint("fair:buyer", w - buyerValue <= 0)
            model.addConstraint(
                "fair:microsoft", w - microsoftNet <= LinearExpression(constant: -scenario.microsoft.hurdle.double))
            model.setObjective(.maximize, w)
        }
    }
}


extension Decimal {
    /// Whether the value is an integer.
    var isWhole: Bool {
        var value = self
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .plain)
        return rounded == self
    }
}
