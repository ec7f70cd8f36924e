import Foundation
public import Optimization
import Synchronization
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
    /// The scenario's ids and metric expansions, computed once for the build and for reading trades back.
    public let index: ScenarioIndex
    /// The spec's program, row for row: what `trade export` writes and what sensitivity reads.
    /// When the search solves a tightened program, these rows are built on first use: a trade
    /// solve searches and polishes the tightened program alone.
    public var model: Model { spec.program.model }
    private var spec: SpecProgram
    /// The program the search solves: the same variables (same indices) and the same integer
    /// optimum, with tighter big-M constants, bounds implied by the rows, and dominated rows left
    /// out, so that its LP relaxation is no weaker (``Tightening``). The spec's ``model`` when
    /// ``TradeOptions/tightens`` is off.
    public private(set) var searchModel: Model
    /// What tightening did to build ``searchModel``.
    public let tightening: Tightening
    /// Whole steps of each lever (`q = step × n`), by lever id.
    public let steps: [String: Variable]
    /// The epigraph variable `k` of each lever with a cost.
    public let costs: [String: Variable]
    public let active: [String: Variable]
    public let contributions: [String: Variable]
    public let tiers: [String: Variable]
    public let discount: Variable
    /// Rows of the buyer's constraints in ``model``, by id.
    public var constraintRows: [String: ConstraintReference] { spec.program.constraintRows }
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
        let index = ScenarioIndex(scenario)
        var builder = Builder(index: index)
        builder.diagnosis = diagnosis
        try builder.checkOptions(options)
        if options.tightens && !diagnosis,
            let implied = ImpliedBounds(index, fixed: options.fixedQuantities)
        {
            // Both builds make the same columns in the same order, so the handles below, taken
            // from this build, name the spec program's columns too.
            builder.implied = implied
            builder.build(options)
            searchModel = builder.model
            tightening = Tightening(
                leverBounds: implied.tightened, rowsLeftOut: builder.rowsLeftOut,
                constantsTightened: builder.constantsTightened, reachCosts: builder.reachCosts)
            spec = SpecProgram {
                var spec = Builder(index: index)
                spec.build(options)
                return (spec.model, spec.constraintRows)
            }
        } else {
            builder.build(options)
            searchModel = builder.model
            tightening = Tightening()
            let program = (model: builder.model, constraintRows: builder.constraintRows)
            spec = SpecProgram { program }
        }
        neverHolds = builder.neverHolds
        self.scenario = scenario
        self.index = index
        steps = builder.steps
        costs = builder.costs
        active = builder.active
        contributions = builder.contributions
        tiers = builder.tierVariables
        discount = builder.discount!
        buyerValue = builder.buyerValue
        microsoftNet = builder.microsoftNet
        totalCost = LinearExpression.sum(builder.costs.values.sorted().map(LinearExpression.init))
        totalQuantity = builder.totalQuantity
        activePrograms = LinearExpression.sum(builder.active.values.sorted().map(LinearExpression.init))
    }
}

extension Formulation {
    /// A convex curve's piece starting at or beyond the quantity's reach lies below the piece
    /// before it there (they meet at its start and its slope is steeper); a piece ending before
    /// the reach's start lies below the piece after it. Either adds nothing to `k`'s rows. The
    /// second test is strict so that a reach of one breakpoint keeps the piece ending there.
    static func isDominated(piece index: Int, of cost: [CostSegment], within reach: ClosedRange<Decimal>) -> Bool {
        if index > 0 && cost[index].from >= reach.upperBound { return true }
        if index + 1 < cost.count && cost[index + 1].from < reach.lowerBound { return true }
        return false
    }
}

extension Decimal {
    /// The nearest `Double`; money becomes floating point only here, where the solver needs it.
    var double: Double { NSDecimalNumber(decimal: self).doubleValue }
}

private struct Builder {
    let scenarioIndex: ScenarioIndex
    var scenario: Scenario { scenarioIndex.scenario }
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
    /// Set to build the tightened program (``Formulation/searchModel``) from these bounds.
    var implied: ImpliedBounds?
    var rowsLeftOut = 0
    var constantsTightened = 0
    var reachCosts = 0
    /// Each lever's step by id, built once: every condition's threshold is rounded with it.
    private let stepSizes: [String: Decimal]

    /// The reachable range of a form: within the implied bounds when tightening, else the levers' own.
    private func range(of form: LinearForm) -> ClosedRange<Decimal> {
        implied?.range(of: form) ?? scenarioIndex.reachableRange(of: form)
    }

    init(index: ScenarioIndex) {
        scenarioIndex = index
        model = Model(name: Self.modelName(index.scenario.name))
        stepSizes = Dictionary(uniqueKeysWithValues: index.scenario.levers.map { ($0.id, $0.step) })
    }

    /// GLPK names may not hold spaces or control characters.
    static func modelName(_ name: String) -> String {
        let cleaned = String(name.map { $0.isWhitespace || $0.isNewline ? "-" : $0 }.prefix(200))
        return cleaned.isEmpty ? "scenario" : cleaned
    }

    /// Builds the program; ``checkOptions(_:)`` must have passed.
    mutating func build(_ options: TradeOptions) {
        addLevers(options)
        addPrograms(options)
        addEnvelope(forcedTier: options.forcedTier)
        addParticipation()
        addBuyerConstraints()
        addExclusiveGroups()
        addObjective()
    }

    func checkOptions(_ options: TradeOptions) throws(TradeSolverError) {
        var problems: [String] = []
        for (id, quantity) in options.fixedQuantities.sorted(by: { $0.key < $1.key }) {
            guard let lever = scenarioIndex.lever(id: id) else {
                problems.append("--fix \(id): unknown lever\(suggestion(id, scenario.levers.map(\.id)))")
                continue
            }
            if quantity < lever.min || quantity > lever.max {
                problems.append("--fix \(id)=\(quantity): outside the lever's bounds \(lever.min) to \(lever.max)")
            } else if !quantity.isMultiple(of: lever.step) {
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
            let fixed = options.fixedQuantities[lever.id].map { $0.dividedExactly(by: lever.step).double }
            let bounds = implied?.quantities[lever.id]
            let n = model.addVariable(
                "n:\(lever.id)", kind: .integer,
                lowerBound: fixed ?? (bounds?.lowerBound ?? lever.min).dividedExactly(by: lever.step).double,
                upperBound: fixed ?? (bounds?.upperBound ?? lever.max).dividedExactly(by: lever.step).double)
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
        let reach = implied?.quantities[lever.id]
        for (index, segment) in lever.cost.enumerated() {
            let offset = CostCurve(lever).cost(at: segment.from)
            // A flat piece at or below zero adds nothing to k ≥ 0.
            if segment.perUnit == 0 && offset <= 0 { continue }
            if let reach, Formulation.isDominated(piece: index, of: lever.cost, within: reach) {
                rowsLeftOut += 1
                continue
            }
            let line =
                segment.perUnit.double * quantity
                - LinearExpression(constant: (segment.perUnit * segment.from - offset).double)
            model.addConstraint("cost:\(lever.id):\(index)", LinearExpression(k) >= line)
        }
    }

    // MARK: Programs

    private mutating func addPrograms(_ options: TradeOptions) {
        // Scenario-wide limits on any contribution, once: per program they made formulation
        // quadratic (400 programs × 2,000 levers took seconds on a generated L scenario).
        let limits = implied == nil ? nil : ContributionLimits(gain: largestGain, envelope: largestEnvelope)
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
            let baseForm = contribution.base.flatMap { scenarioIndex.linearForm(of: $0) }
            let cap = limits.map { tightCap(contribution, base: baseForm, within: $0) } ?? contribution.cap
            if cap < contribution.cap { constantsTightened += 1 }
            model.addConstraint("cap:\(program.id)", c - cap.double * y <= 0)
            if let rate = contribution.rate, let form = baseForm {
                let low = range(of: form).lowerBound
                if implied != nil && rate * low >= cap {
                    // c ≤ cap·y ≤ rate·L ≤ rate·base: the rate never binds.
                    rowsLeftOut += 1
                } else if implied != nil && low > 0 {
                    // c ≤ rate·base − rate·L·(1 − y): the same with y = 1, and with y = 0 it is
                    // implied (c = 0 ≤ rate·(base − L)); tighter for a fractional y.
                    constantsTightened += 1
                    let m = (rate * low).double
                    model.addConstraint(
                        "rate:\(program.id)",
                        LinearExpression(c) - rate.double * expression(form) - m * y <= LinearExpression(constant: -m))
                } else if diagnosis && low < 0 {
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

    /// The smallest valid multiplier for `c ≤ M·y`: besides the cap, a contribution never exceeds
    /// `rate × base`'s largest value, Microsoft's largest net gain above its hurdle (every
    /// contribution is paid from it), nor, for a concession, the largest envelope.
    private func tightCap(_ contribution: Contribution, base: LinearForm?, within limits: ContributionLimits) -> Decimal {
        var cap = contribution.cap
        if let rate = contribution.rate, let base {
            cap = Swift.min(cap, rate * Swift.max(0, range(of: base).upperBound))
        }
        cap = Swift.min(cap, limits.gain)
        if contribution.kind == .concession { cap = Swift.min(cap, limits.envelope) }
        return cap
    }

    /// What bounds every contribution, whatever the program.
    private struct ContributionLimits {
        /// Microsoft's largest net gain above its hurdle.
        var gain: Decimal
        /// The largest envelope.
        var envelope: Decimal
    }

    /// Microsoft's largest value from the levers (within the implied bounds) above its hurdle, at least 0.
    private var largestGain: Decimal {
        let value = scenario.levers.reduce(Decimal(0)) { total, lever in
            total + lever.value * (implied?.quantities[lever.id]?.upperBound ?? lever.max)
        }
        return Swift.max(0, value - scenario.microsoft.hurdle)
    }

    /// The envelope with the widest tier and every expanding program active.
    private var largestEnvelope: Decimal {
        let widest = scenario.envelope.tiers.map(\.maxPct).max() ?? 0
        let expansions = scenario.programs.reduce(Decimal(0)) { $0 + ($1.expandsEnvelope ?? 0) }
        return (widest + expansions) * scenario.baseline.spend
    }

    /// Ties each condition to a switch `y`: when `y = 1` the condition holds. The big-M comes from
    /// the expression's reachable range, never from a fixed large constant.
    private mutating func addConditions(_ conditions: [Condition], switch y: Variable, prefix: String) {
        for (index, condition) in conditions.enumerated() {
            guard let form = scenarioIndex.linearForm(of: condition.subject.id) else { continue }
            let range = range(of: form)
            var threshold = condition.threshold
            if implied != nil {
                // Between two values the form can take, the threshold may as well sit on the next one.
                let rounded = ImpliedBounds.rounded(
                    threshold, of: form, up: condition.comparison == .atLeast, steps: stepSizes)
                if rounded != threshold { constantsTightened += 1 }
                threshold = rounded
            }
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
                if implied != nil { addReachCost(form, threshold, switch: y, name: "reach:\(prefix):\(index)") }
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

    /// `k ≥ C(X)·y` for a condition `a·q + b ≥ X` on one costed lever (a > 0): with `y = 1` the
    /// quantity reaches X's step at least, whose cost the curve (non-decreasing from `min`) never
    /// undercuts; with `y = 0` it is `k ≥ 0`. The LP relaxation can then no longer take a fraction
    /// of a program for the same fraction of its threshold at no cost, which is where most of the
    /// root gap of these models comes from (docs/performance.md).
    private mutating func addReachCost(_ form: LinearForm, _ threshold: Decimal, switch y: Variable, name: String) {
        guard form.coefficients.count == 1, let (id, a) = form.coefficients.first, a > 0, let k = costs[id],
            let lever = scenarioIndex.lever(id: id)
        else { return }
        let reach = ImpliedBounds.stepsUp((threshold - form.constant).dividedExactly(by: a), lever.step)
        let need = CostCurve(lever).cost(at: reach)
        guard reach > lever.min, need > 0 else { return }
        model.addConstraint(name, LinearExpression(k) - need.double * y >= 0)
        reachCosts += 1
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
            guard let n = steps[id], let lever = scenarioIndex.lever(id: id) else { continue }
            result.add((coefficient * lever.step).double, n)
        }
        return result
    }

    // MARK: Envelope and participation

    /// `d + Σ concessions ≤ Σ z·maxPct·B + Σ y·F·B`, with exactly one tier reached.
    private mutating func addEnvelope(forcedTier: String?) {
        let baseline = scenario.baseline.spend
        let d: Variable
        switch scenario.envelope.discount {
        case .unlimited:
            // Tightening: the envelope caps d, so its column may say so.
            d = model.addVariable("discount", lowerBound: 0, upperBound: implied == nil ? nil : largestEnvelope.double)
        case .none: d = model.addVariable("discount", lowerBound: 0, upperBound: 0)
        case .upTo(let maxPct):
            let limit = implied == nil ? maxPct * baseline : Swift.min(maxPct * baseline, largestEnvelope)
            d = model.addVariable("discount", lowerBound: 0, upperBound: limit.double)
        }
        discount = d
        buyerValue += LinearExpression(d)
        microsoftNet -= LinearExpression(d)
        var size = LinearExpression()
        var oneTier = LinearExpression()
        for tier in scenario.envelope.tiers {
            let z = model.addVariable("z:\(tier.id)", kind: .binary)
            tierVariables[tier.id] = z
            // Forced before its conditions are tied, so that one that can never hold makes the
            // model infeasible rather than being overridden by the forcing.
            if tier.id == forcedTier { model.setBounds(of: z, lower: 1, upper: 1) }
            oneTier += LinearExpression(z)
            size += (tier.maxPct * baseline).double * z
            addConditions(tier.requires, switch: z, prefix: "tier:\(tier.id)")
        }
        model.addConstraint("one-tier", oneTier == 1)
        var used = LinearExpression(d)
        for program in scenario.programs {
            if let c = contributions[program.id], program.contribution?.kind == .concession {
                used += LinearExpression(c)
            }
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
            guard let form = scenarioIndex.linearForm(of: constraint.terms) else { continue }
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

/// What tightening changed in ``Formulation/searchModel`` against the spec's rows.
public struct Tightening: Sendable, Hashable {
    /// Lever bounds moved by propagating the buyer's constraints and the hurdle.
    public var leverBounds = 0
    /// Rows left out because others imply them (cost pieces out of reach, rates the cap dominates).
    public var rowsLeftOut = 0
    /// Big-M constants, caps and thresholds made tighter.
    public var constantsTightened = 0
    /// Rows `k ≥ C(X)·y` added: the cost of reaching a condition's threshold on one lever.
    public var reachCosts = 0
}

extension Formulation {
    /// The same program with one more program or tier required: what building it with that subject
    /// in ``TradeOptions/forcedPrograms`` or ``TradeOptions/forcedTier`` gives, without building it
    /// again (near misses re-solve one program per subject left off). A switch the build fixed at 0,
    /// because a condition can never hold, gets a row that cannot be met instead: no trade, as there.
    func forcing(_ subject: NearMiss.Subject) -> Formulation {
        let variable: Variable?
        switch subject {
        case .program(let id): variable = active[id]
        case .tier(let id): variable = tiers[id]
        }
        guard let variable else { return self }
        @Sendable func force(_ model: inout Model) {
            if model[variable].upperBound == 0 {
                model.addConstraint("forced:\(subject.id)", LinearExpression(variable) >= 1)
            } else {
                model.setBounds(of: variable, lower: 1, upper: 1)
            }
        }
        var copy = self
        let spec = self.spec
        copy.spec = SpecProgram {
            var program = spec.program
            force(&program.model)
            return program
        }
        force(&copy.searchModel)
        return copy
    }
}

/// The spec's program and its buyer-constraint rows, made once, when first asked for. Shared by
/// copies of a ``Formulation``, and safe to read from any thread.
private final class SpecProgram: Sendable {
    typealias Program = (model: Model, constraintRows: [String: ConstraintReference])
    private let build: @Sendable () -> Program
    private let built: Mutex<Program?>

    init(_ build: @escaping @Sendable () -> Program) {
        self.build = build
        built = Mutex(nil)
    }

    var program: Program {
        built.withLock { built in
            if let built { return built }
            let program = build()
            built = program
            return program
        }
    }
}
