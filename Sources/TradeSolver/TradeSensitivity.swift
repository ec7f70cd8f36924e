import Dispatch
public import Foundation
import Optimization
public import TradeModel

/// A number of the scenario that limits the trade, addressed by a path of ids such as
/// `programs.reference-credits.concession.cap` or `envelope.tiers.area-lead.maxPct`.
public struct Limit: Sendable, Hashable, Codable {
    /// What kind of number the limit is, and so how it enters the integer program.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A buyer constraint's `atMost`.
        case constraintAtMost = "constraint-at-most"
        /// A buyer constraint's `atLeast`.
        case constraintAtLeast = "constraint-at-least"
        /// A buyer constraint's `equals`.
        case constraintEquals = "constraint-equals"
        /// A program's contribution cap.
        case programCap = "program-cap"
        /// A program's contribution rate (of its base).
        case programRate = "program-rate"
        /// A program's `expandsEnvelope` fraction of the baseline.
        case programExpansion = "program-expands-envelope"
        /// The threshold of one of a program's `requires` conditions.
        case programCondition = "program-condition"
        /// The threshold of one of a tier's `requires` conditions.
        case tierCondition = "tier-condition"
        /// A tier's `maxPct` of the baseline.
        case tierMaxPct = "tier-max-pct"
        /// A lever's `min` quantity.
        case leverMin = "lever-min"
        /// A lever's `max` quantity.
        case leverMax = "lever-max"
        /// Microsoft's hurdle.
        case hurdle
        /// The plain discount's `maxPct` of the baseline.
        case discountMaxPct = "discount-max-pct"
    }

    /// The scenario path of the number.
    public var path: String
    /// What kind of limit it is.
    public var kind: Kind
    /// Its value in the scenario.
    public var value: Decimal
    /// The lever, program, tier or constraint it belongs to (empty for the hurdle and the discount).
    public var owner: String
    /// The condition's position in `requires`, for condition thresholds.
    public var conditionIndex: Int?
    /// The unit of the limit: the currency, `fraction`, a lever's unit, or `units` of an expression.
    public var unit: String
}

/// Where a limit moved to, and the optimal trade's buyer value there.
public struct LimitMove: Sendable, Hashable, Codable {
    /// The limit's value after the move.
    public var value: Decimal
    /// The re-solve's status; `nil` when the moved scenario is invalid (see ``note``).
    public var status: TradeStatus?
    /// The optimal buyer value there; `nil` without a trade.
    public var buyerValue: Double?
    /// Why there is no figure, e.g. the moved value breaks a rule of the scenario format.
    public var note: String?
}

/// What one limit is worth: locally (LP duals at the trade's discrete decisions) and globally
/// (real re-solves of the whole scenario with the limit moved).
public struct LimitSensitivity: Sendable, Hashable, Codable {
    /// The limit.
    public var limit: Limit
    /// Distance of the trade from the limit, in the limit's unit; `nil` where the limit does not
    /// apply to this trade (a condition of an inactive program, the maxPct of a tier not reached).
    public var slack: Double?
    /// Whether the limit holds the trade (slack 0 within tolerance).
    public var binding: Bool
    /// Buyer value per unit of the limit (the objective's value, for `balanced`), from the duals of
    /// the LP with every discrete decision fixed: valid while the discrete decisions stay as they are.
    public var marginalValue: Double
    /// The interval of the limit's value over which ``marginalValue`` holds (same discrete decisions).
    public var validFrom: Double
    /// Upper end of the interval (`+∞` encoded as `nil` in JSON by the report layer).
    public var validTo: Double
    /// The step the global effect moves the limit by.
    public var step: Decimal
    /// The limit moved down by ``step``.
    public var down: LimitMove
    /// The limit moved up by ``step``.
    public var up: LimitMove
    /// The larger change of the optimal buyer value of the two moves (0 when neither has a figure).
    public var swing: Double
}

/// The sensitivity report of a scenario's optimal trade: every named limit, locally and globally.
public struct TradeSensitivity: Sendable, Hashable, Codable {
    /// The optimal trade the report is about.
    public var trade: Trade
    /// The buyer value of that trade.
    public var buyerValue: Double
    /// The relative step of the global moves (0.1 = ±10%).
    public var relativeStep: Decimal
    /// Every limit, in scenario order.
    public var limits: [LimitSensitivity]

    /// The limits ranked by ``LimitSensitivity/swing``, largest first: the tornado.
    public var ranking: [LimitSensitivity] {
        limits.enumerated().sorted { a, b in
            a.element.swing != b.element.swing ? a.element.swing > b.element.swing : a.offset < b.offset
        }.map(\.element)
    }
}

extension TradeSolver {
    /// The sensitivity report of a scenario: solves it (unless `solved`, its trade solved with the
    /// same options, is given), reads every limit's local value off the LP with the trade's
    /// discrete decisions fixed, and re-solves the whole scenario with each limit moved by
    /// ±`relativeStep` of its value (a zero limit by an absolute step, see
    /// ``TradeSensitivity/absoluteStep(for:in:)``). The re-solves run concurrently; the options'
    /// time limit applies to each solve. Blocks the calling thread. Throws when the scenario is
    /// invalid or has no trade to analyse.
    public func sensitivity(
        _ scenario: Scenario, of solved: Trade? = nil, relativeStep: Decimal = Decimal(string: "0.1")!,
        options: TradeOptions = TradeOptions()
    ) throws(TradeSolverError) -> TradeSensitivity {
        guard relativeStep > 0 else { throw TradeSolverError(["the step must be positive, not \(relativeStep)"]) }
        let trade: Trade
        if let solved { trade = solved } else { trade = try solve(scenario, options: options) }
        guard trade.hasTrade, let buyerValue = trade.buyerValue else {
            throw TradeSolverError(["the scenario has no trade to analyse: it is \(trade.status.rawValue)"])
        }
        let formulation = try Formulation(scenario, options: options)
        let fixed = formulation.model.fixingIntegers(at: Self.discreteValues(of: trade, in: formulation))
        let lp: Sensitivity
        do {
            lp = try fixed.solveWithSensitivity().1
        } catch {
            throw TradeSolverError(["the solver could not run: sensitivity of the fixed LP failed: \(error)"])
        }
        let local = LocalAnalysis(formulation: formulation, trade: trade, lp: lp)
        let limits = TradeSensitivity.limits(of: formulation.index)
        // Two independent re-solves per limit, run on as many threads as Dispatch offers.
        var moves: [(Limit, Decimal)] = []
        for limit in limits {
            let step = TradeSensitivity.move(for: limit, relativeStep: relativeStep, in: formulation.index)
            moves.append((limit, limit.value - step))
            moves.append((limit, limit.value + step))
        }
        let results = ResultBox(count: moves.count)
        let jobs = moves
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            let (limit, value) = jobs[index]
            results.set(index, self.move(scenario, limit, to: value, options: options))
        }
        var entries: [LimitSensitivity] = []
        for (index, limit) in limits.enumerated() {
            let down = results.get(2 * index)
            let up = results.get(2 * index + 1)
            let (slack, binding) = local.slack(of: limit)
            let (marginal, valid) = local.marginal(of: limit)
            let swing = [down, up].compactMap { $0.buyerValue.map { abs($0 - buyerValue) } }.max() ?? 0
            entries.append(
                LimitSensitivity(
                    limit: limit, slack: slack, binding: binding, marginalValue: marginal,
                    validFrom: valid.lowerBound, validTo: valid.upperBound,
                    step: up.value - limit.value, down: down, up: up, swing: swing))
        }
        return TradeSensitivity(trade: trade, buyerValue: buyerValue, relativeStep: relativeStep, limits: entries)
    }

    /// The sensitivity report, computed off Swift's cooperative thread pool; cancelling the task
    /// stops the solves that are running (their moves then report what the search had found).
    public func sensitivity(
        _ scenario: Scenario, relativeStep: Decimal = Decimal(string: "0.1")!, options: TradeOptions = TradeOptions()
    ) async throws(TradeSolverError) -> TradeSensitivity {
        try await options.runOnSolverThread { options throws(TradeSolverError) in
            try self.sensitivity(scenario, relativeStep: relativeStep, options: options)
        }
    }

    /// One global move: the whole scenario re-solved with one limit at another value.
    private func move(_ scenario: Scenario, _ limit: Limit, to value: Decimal, options: TradeOptions) -> LimitMove {
        let moved = TradeSensitivity.setting(limit, to: value, in: scenario)
        // Under buyer-value only the optimal objective is needed, and the tie-break passes keep it:
        // skip them. Under balanced, optimal trades share the fair share but not the buyer value,
        // so the spec's tie-breaks pick which one is reported.
        var options = options
        options.breaksTies = scenario.objective != .buyerValue
        do {
            let trade = try solve(moved, options: options)
            return LimitMove(
                value: value, status: trade.status, buyerValue: trade.hasTrade ? trade.buyerValue : nil, note: nil)
        } catch {
            return LimitMove(value: value, status: nil, buyerValue: nil, note: error.messages.joined(separator: "; "))
        }
    }

    /// The trade's discrete decisions as values of the formulation's variables.
    static func discreteValues(of trade: Trade, in formulation: Formulation) -> [Double] {
        guard let decisions = TradeDecisions(trade) else {
            return [Double](repeating: 0, count: formulation.model.variables.count)
        }
        return discreteValues(of: decisions, in: formulation)
    }

    /// Discrete decisions as values of the formulation's variables (continuous ones left at 0).
    static func discreteValues(of decisions: TradeDecisions, in formulation: Formulation) -> [Double] {
        var values = [Double](repeating: 0, count: formulation.model.variables.count)
        for lever in decisions.quantities {
            guard let n = formulation.steps[lever.id], let definition = formulation.index.lever(id: lever.id) else {
                continue
            }
            values[n.index] = lever.quantity.dividedExactly(by: definition.step).double
        }
        let active = Set(decisions.activePrograms)
        for (id, y) in formulation.active { values[y.index] = active.contains(id) ? 1 : 0 }
        for (id, z) in formulation.tiers { values[z.index] = decisions.tier == id ? 1 : 0 }
        return values
    }
}

/// Results written from many threads, each index once.
private final class ResultBox: @unchecked Sendable {
    private var values: [LimitMove?]
    private let lock = NSLock()
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: LimitMove) { lock.withLock { values[index] = value } }
    func get(_ index: Int) -> LimitMove { lock.withLock { values[index]! } }
}

// MARK: - Enumerating and moving limits

extension TradeSensitivity {
    /// Every named limit of a scenario, in scenario order: buyer constraints, levers' bounds,
    /// programs (cap, rate, expansion, condition thresholds), tiers (maxPct, conditions), the
    /// discount's maxPct and Microsoft's hurdle. Binary levers have no bounds of their own.
    public static func limits(of scenarioIndex: ScenarioIndex) -> [Limit] {
        let scenario = scenarioIndex.scenario
        var limits: [Limit] = []
        let currency = scenario.currency
        func unit(of subject: Condition.Subject) -> String {
            if case .lever(let id) = subject { return scenarioIndex.lever(id: id)?.unit ?? "units" }
            return "units"
        }
        for constraint in scenario.constraints {
            let path = "constraints.\(constraint.id)"
            if let equals = constraint.equals {
                limits.append(
                    Limit(
                        path: "\(path).equals", kind: .constraintEquals, value: equals, owner: constraint.id,
                        unit: "units"))
                continue
            }
            if let atLeast = constraint.atLeast {
                limits.append(
                    Limit(
                        path: "\(path).atLeast", kind: .constraintAtLeast, value: atLeast, owner: constraint.id,
                        unit: "units"))
            }
            if let atMost = constraint.atMost {
                limits.append(
                    Limit(
                        path: "\(path).atMost", kind: .constraintAtMost, value: atMost, owner: constraint.id,
                        unit: "units"))
            }
        }
        for lever in scenario.levers where lever.type == .integer {
            limits.append(
                Limit(
                    path: "levers.\(lever.id).min", kind: .leverMin, value: lever.min, owner: lever.id, unit: lever.unit
                ))
            limits.append(
                Limit(
                    path: "levers.\(lever.id).max", kind: .leverMax, value: lever.max, owner: lever.id, unit: lever.unit
                ))
        }
        for program in scenario.programs {
            let path = "programs.\(program.id)"
            if let contribution = program.contribution {
                let kind = contribution.kind.rawValue
                limits.append(
                    Limit(
                        path: "\(path).\(kind).cap", kind: .programCap, value: contribution.cap, owner: program.id,
                        unit: currency))
                if let rate = contribution.rate, contribution.base != nil {
                    limits.append(
                        Limit(
                            path: "\(path).\(kind).rate", kind: .programRate, value: rate, owner: program.id,
                            unit: "fraction"))
                }
            }
            if let expansion = program.expandsEnvelope {
                limits.append(
                    Limit(
                        path: "\(path).expandsEnvelope", kind: .programExpansion, value: expansion, owner: program.id,
                        unit: "fraction"))
            }
            for (index, condition) in program.requires.enumerated() {
                limits.append(
                    Limit(
                        path: "\(path).requires.\(index).\(condition.comparison.rawValue)", kind: .programCondition,
                        value: condition.threshold, owner: program.id, conditionIndex: index,
                        unit: unit(of: condition.subject)))
            }
        }
        for tier in scenario.envelope.tiers {
            let path = "envelope.tiers.\(tier.id)"
            limits.append(
                Limit(path: "\(path).maxPct", kind: .tierMaxPct, value: tier.maxPct, owner: tier.id, unit: "fraction"))
            for (index, condition) in tier.requires.enumerated() {
                limits.append(
                    Limit(
                        path: "\(path).requires.\(index).\(condition.comparison.rawValue)", kind: .tierCondition,
                        value: condition.threshold, owner: tier.id, conditionIndex: index,
                        unit: unit(of: condition.subject)))
            }
        }
        if case .upTo(let maxPct) = scenario.envelope.discount {
            limits.append(
                Limit(
                    path: "envelope.discount.maxPct", kind: .discountMaxPct, value: maxPct, owner: "", unit: "fraction")
            )
        }
        limits.append(
            Limit(path: "microsoft.hurdle", kind: .hurdle, value: scenario.microsoft.hurdle, owner: "", unit: currency))
        return limits
    }

    /// The step a zero limit moves by, since a relative step of 0 is 0: one percentage point (0.01)
    /// for a fraction (maxPct, rate, expandsEnvelope), 1% of the baseline spend for money (a cap,
    /// the hurdle), one step for a lever's bound or a condition on a lever, and 1 for anything else
    /// (a constraint or a condition on a metric).
    public static func absoluteStep(for limit: Limit, in index: ScenarioIndex) -> Decimal {
        switch limit.kind {
        case .tierMaxPct, .discountMaxPct, .programRate, .programExpansion: return Decimal(string: "0.01")!
        case .programCap, .hurdle: return index.scenario.baseline.spend / 100
        case .leverMin, .leverMax: return index.lever(id: limit.owner)?.step ?? 1
        case .programCondition, .tierCondition:
            if case .lever(let id) = condition(of: limit, in: index)?.subject, let lever = index.lever(id: id) {
                return lever.step
            }
            return 1
        case .constraintAtMost, .constraintAtLeast, .constraintEquals: return 1
        }
    }

    /// How far the global effect moves a limit: `relativeStep × |value|`, or the absolute step for a
    /// zero limit. A lever's bound moves by whole steps of the lever (at least one), since bounds
    /// must stay multiples of the step.
    public static func move(for limit: Limit, relativeStep: Decimal, in index: ScenarioIndex) -> Decimal {
        let magnitude = limit.value < 0 ? -limit.value : limit.value
        var step = magnitude == 0 ? absoluteStep(for: limit, in: index) : relativeStep * magnitude
        if limit.kind == .leverMin || limit.kind == .leverMax, let lever = index.lever(id: limit.owner) {
            step = Swift.max(step.dividedExactly(by: lever.step).roundedWhole(.plain), 1) * lever.step
        }
        return step
    }

    static func condition(of limit: Limit, in index: ScenarioIndex) -> Condition? {
        guard let position = limit.conditionIndex else { return nil }
        switch limit.kind {
        case .programCondition: return index.program(id: limit.owner)?.requires[position]
        case .tierCondition: return index.scenario.envelope.tiers.first { $0.id == limit.owner }?.requires[position]
        default: return nil
        }
    }

    /// The scenario with one limit set to another value (not validated here; the solver validates).
    public static func setting(_ limit: Limit, to value: Decimal, in scenario: Scenario) -> Scenario {
        var copy = scenario
        switch limit.kind {
        case .constraintAtMost, .constraintAtLeast, .constraintEquals:
            guard let i = copy.constraints.firstIndex(where: { $0.id == limit.owner }) else { break }
            switch limit.kind {
            case .constraintAtMost: copy.constraints[i].atMost = value
            case .constraintAtLeast: copy.constraints[i].atLeast = value
            default:
                (copy.constraints[i].equals, copy.constraints[i].atLeast, copy.constraints[i].atMost) = (
                    value, value, value
                )
            }
        case .leverMin, .leverMax:
            guard let i = copy.levers.firstIndex(where: { $0.id == limit.owner }) else { break }
            if limit.kind == .leverMin { copy.levers[i].min = value } else { copy.levers[i].max = value }
        case .programCap, .programRate, .programExpansion, .programCondition:
            guard let i = copy.programs.firstIndex(where: { $0.id == limit.owner }) else { break }
            switch limit.kind {
            case .programCap: copy.programs[i].contribution?.cap = value
            case .programRate: copy.programs[i].contribution?.rate = value
            case .programExpansion: copy.programs[i].expandsEnvelope = value
            default: copy.programs[i].requires[limit.conditionIndex!].threshold = value
            }
        case .tierMaxPct, .tierCondition:
            guard let i = copy.envelope.tiers.firstIndex(where: { $0.id == limit.owner }) else { break }
            if limit.kind == .tierMaxPct {
                copy.envelope.tiers[i].maxPct = value
            } else {
                copy.envelope.tiers[i].requires[limit.conditionIndex!].threshold = value
            }
        case .discountMaxPct: copy.envelope.discount = .upTo(maxPct: value)
        case .hurdle: copy.microsoft.hurdle = value
        }
        return copy
    }
}

// MARK: - Local analysis

/// Reads each limit's slack and local marginal value off the LP with the trade's discrete
/// decisions fixed (`Model.fixingIntegers`).
///
/// A limit enters the program either as a row's bound or as a coefficient. With every integer
/// fixed, a coefficient on a fixed column acts like a right-hand side: moving the limit by δ moves
/// the row's effective bound by `s·δ`, where `s` is the fixed column's value. So the marginal value
/// is `dual × s` and the valid interval is the row's bound range divided by `s`:
/// - buyer constraint bound, Microsoft's hurdle: the row's own bound, `s = 1`;
/// - program cap, in `c − cap·y ≤ 0`: `s = y` (d buyerValue / d cap = dual of `cap:p` × y);
/// - program rate, in `c ≤ rate·base`: `s = base` at the trade;
/// - tier maxPct, in the envelope row `… − Σ z·maxPct·B ≤ 0`: `s = z_t·B`
///   (d buyerValue / d maxPct = dual of `envelope` × baseline × z_t); `expandsEnvelope`: `s = y·B`;
/// - a condition threshold X, in `expr − (X − L)·y ≥ L` (or `expr + (U − X)·y ≤ U`): `s = y`.
///   Its expression is over fixed columns only, so the row is basic, its dual 0, and its interval
///   ends where the trade stops meeting the condition.
/// A limit on a column rather than a row uses the column's reduced cost:
/// - lever min/max, on `n = q / step`: reduced cost / step when the quantity sits at that bound
///   (the value of one more unit of quantity with every other discrete decision held);
/// - discount maxPct, on `d ≤ maxPct·B`: reduced cost × B when `d` sits at it.
struct LocalAnalysis {
    let formulation: Formulation
    let trade: Trade
    let lp: Sensitivity

    private var scenario: Scenario { formulation.scenario }
    private var index: ScenarioIndex { formulation.index }
    private var baseline: Double { scenario.baseline.spend.double }
    private static let everywhere = -Double.infinity...Double.infinity

    private func row(_ name: String) -> Sensitivity.RowRanging? {
        formulation.model.constraint(named: name).map { lp[$0] }
    }

    private func active(_ program: String) -> Bool { trade.programs.first { $0.id == program }?.active ?? false }
    private func reached(_ tier: String) -> Bool { trade.envelope?.tier == tier }
    private func contribution(_ program: String) -> Double {
        trade.programs.first { $0.id == program }?.contribution ?? 0
    }
    private func quantity(_ lever: String) -> Decimal { trade.levers.first { $0.id == lever }?.quantity ?? 0 }

    /// The value of a lever or metric at the trade.
    private func value(of id: String) -> Double {
        guard let form = index.linearForm(of: id) else { return 0 }
        return form.coefficients.reduce(form.constant) { $0 + $1.value * quantity($1.key) }.double
    }

    /// The scale of a limit for "binding" tolerances.
    private func isZero(_ slack: Double, scale: Double) -> Bool { abs(slack) <= 1e-6 * Swift.max(1, abs(scale)) }

    func slack(of limit: Limit) -> (Double?, Bool) {
        let value = limit.value.double
        func result(_ slack: Double?, scale: Double) -> (Double?, Bool) {
            guard let slack else { return (nil, false) }
            // Solver noise (1e-11 of a maxPct) must not read as a real slack.
            return isZero(slack, scale: scale) ? (0, true) : (slack, false)
        }
        switch limit.kind {
        case .constraintAtMost, .constraintAtLeast, .constraintEquals:
            guard let constraint = index.constraint(id: limit.owner), let form = index.linearForm(of: constraint.terms)
            else { return (nil, false) }
            let activity = form.coefficients.reduce(form.constant) { $0 + $1.value * quantity($1.key) }.double
            switch limit.kind {
            case .constraintAtMost: return result(value - activity, scale: value)
            case .constraintAtLeast: return result(activity - value, scale: value)
            default: return result(abs(activity - value), scale: value)
            }
        case .leverMin: return result((quantity(limit.owner) - limit.value).double, scale: value)
        case .leverMax: return result((limit.value - quantity(limit.owner)).double, scale: value)
        case .programCap: return result(value - contribution(limit.owner), scale: value)
        case .programRate:
            guard let base = index.program(id: limit.owner)?.contribution?.base else { return (nil, false) }
            let baseValue = self.value(of: base)
            guard active(limit.owner), baseValue > 0 else { return (nil, false) }
            return result(value - contribution(limit.owner) / baseValue, scale: value)
        case .programExpansion, .tierMaxPct:
            let applies = limit.kind == .tierMaxPct ? reached(limit.owner) : active(limit.owner)
            guard applies, let envelope = trade.envelope else { return (nil, false) }
            return result((envelope.size - envelope.used) / baseline, scale: 1)
        case .programCondition, .tierCondition:
            let applies = limit.kind == .tierCondition ? reached(limit.owner) : active(limit.owner)
            guard applies, let condition = TradeSensitivity.condition(of: limit, in: index) else {
                return (nil, false)
            }
            let expression = self.value(of: condition.subject.id)
            return result(condition.comparison == .atLeast ? expression - value : value - expression, scale: value)
        case .hurdle:
            guard let net = trade.microsoftNet else { return (nil, false) }
            let gross = trade.levers.reduce(Decimal(0)) { $0 + $1.valueToMicrosoft }.double
            return result(net - value, scale: gross)
        case .discountMaxPct:
            guard let discount = trade.discount else { return (nil, false) }
            return result(value - discount / baseline, scale: 1)
        }
    }

    /// The marginal value per unit of the limit and the interval of the limit where it holds,
    /// clipped to the values the scenario format allows (a cap, rate, percentage or lever bound
    /// is never negative).
    func marginal(of limit: Limit) -> (Double, ClosedRange<Double>) {
        let (value, range) = unclippedMarginal(of: limit)
        switch limit.kind {
        case .programCap, .programRate, .programExpansion, .tierMaxPct, .discountMaxPct, .leverMin, .leverMax:
            let low = Swift.max(0, range.lowerBound)
            return (value, low <= range.upperBound ? low...range.upperBound : range)
        default: return (value, range)
        }
    }

    private func unclippedMarginal(of limit: Limit) -> (Double, ClosedRange<Double>) {
        let value = limit.value.double
        switch limit.kind {
        case .constraintAtMost: return rowLimit("constraint:\(limit.owner)", upper: true, slope: 1, value)
        case .constraintAtLeast: return rowLimit("constraint:\(limit.owner)", upper: false, slope: 1, value)
        case .constraintEquals: return rowLimit("constraint:\(limit.owner)", upper: true, slope: 1, value)
        case .hurdle:
            // Under `balanced` the hurdle is also the bound of `fair:microsoft` (w − net ≤ −hurdle).
            var rows = [(name: "participation", upper: false, slope: 1.0)]
            if formulation.model.constraint(named: "fair:microsoft") != nil {
                rows.append(("fair:microsoft", true, -1))
            }
            return rowLimit(rows, value)
        case .programCap:
            return rowLimit("cap:\(limit.owner)", upper: true, slope: active(limit.owner) ? 1 : 0, value)
        case .programRate:
            guard let base = index.program(id: limit.owner)?.contribution?.base else { return (0, Self.everywhere) }
            return rowLimit("rate:\(limit.owner)", upper: true, slope: self.value(of: base), value)
        case .programExpansion:
            return rowLimit("envelope", upper: true, slope: active(limit.owner) ? baseline : 0, value)
        case .tierMaxPct:
            return rowLimit("envelope", upper: true, slope: reached(limit.owner) ? baseline : 0, value)
        case .programCondition, .tierCondition:
            return conditionLimit(limit)
        case .leverMin, .leverMax:
            guard let lever = index.lever(id: limit.owner), let n = formulation.steps[limit.owner] else {
                return (0, Self.everywhere)
            }
            let q = quantity(limit.owner).double
            let atBound =
                limit.kind == .leverMax ? lever.max == quantity(limit.owner) : lever.min == quantity(limit.owner)
            let column = lp[n]
            guard atBound, let range = column.boundRange else {
                // Not at this bound: the bound may move up to the quantity without effect.
                return (0, limit.kind == .leverMax ? q...Double.infinity : -Double.infinity...q)
            }
            let step = lever.step.double
            return (column.reducedCost / step, (range.lowerBound * step)...(range.upperBound * step))
        case .discountMaxPct:
            let column = lp[formulation.discount]
            guard column.status == .atUpper || column.status == .fixed, let range = column.boundRange else {
                return (0, (column.value / baseline)...Double.infinity)
            }
            // At 0 (fixed), only a rise can move d, and it helps only if d's reduced cost is positive.
            let perUnit = column.status == .fixed ? Swift.max(0, column.reducedCost) : column.reducedCost
            return (perUnit * baseline, (range.lowerBound / baseline)...(range.upperBound / baseline))
        }
    }

    /// A limit that is the bound of several rows: the marginal values add up, and the intervals
    /// intersect (each row's basis must stay optimal).
    private func rowLimit(_ rows: [(name: String, upper: Bool, slope: Double)], _ value: Double) -> (
        Double, ClosedRange<Double>
    ) {
        var total = 0.0
        var low = -Double.infinity
        var high = Double.infinity
        for row in rows {
            let (marginal, range) = rowLimit(row.name, upper: row.upper, slope: row.slope, value)
            total += marginal
            (low, high) = (Swift.max(low, range.lowerBound), Swift.min(high, range.upperBound))
        }
        return (total, low <= high ? low...high : value...value)
    }

    /// A limit whose move by δ moves row `name`'s bound by `slope·δ`.
    private func rowLimit(_ name: String, upper: Bool, slope: Double, _ value: Double) -> (Double, ClosedRange<Double>)
    {
        guard slope != 0, let row = row(name) else { return (0, Self.everywhere) }
        let bound =
            upper
            ? formulation.model[formulation.model.constraint(named: name)!].relation.upperBound
            : formulation.model[formulation.model.constraint(named: name)!].relation.lowerBound
        guard let bound, let range = upper ? row.upperBoundRange : row.lowerBoundRange else {
            return (0, Self.everywhere)
        }
        let ends = [value + (range.lowerBound - bound) / slope, value + (range.upperBound - bound) / slope]
            .map { $0.isNaN ? (slope > 0 ? -Double.infinity : Double.infinity) : $0 }
        return (row.dual * slope, ends.min()!...ends.max()!)
    }

    /// A condition threshold: a row when the condition can both hold and fail within the levers'
    /// bounds, no row otherwise. Either way the trade keeps its decisions while the condition it
    /// meets stays met.
    private func conditionLimit(_ limit: Limit) -> (Double, ClosedRange<Double>) {
        let on = limit.kind == .tierCondition ? reached(limit.owner) : active(limit.owner)
        guard on, let condition = TradeSensitivity.condition(of: limit, in: index) else {
            return (0, Self.everywhere)
        }
        let prefix = limit.kind == .tierCondition ? "tier" : "cond"
        let name = "\(prefix):\(limit.owner):\(limit.conditionIndex!)"
        if formulation.model.constraint(named: name) != nil {
            return rowLimit(name, upper: condition.comparison == .atMost, slope: 1, limit.value.double)
        }
        let expression = value(of: condition.subject.id)
        return (0, condition.comparison == .atLeast ? -Double.infinity...expression : expression...Double.infinity)
    }
}
