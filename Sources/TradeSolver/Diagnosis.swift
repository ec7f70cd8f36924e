public import Foundation
import Optimization
public import TradeModel

/// Why a scenario has no trade, and what would make one possible, in the scenario's own words.
///
/// `conflict` is an irreducible set of limits: together they admit no trade, and without any one
/// of its negotiable limits the rest do. Hard limits (the scenario's structure, and limits marked
/// `negotiable: false`) are listed too where the conflict needs them, but never offered for relaxation.
public struct TradeDiagnosis: Sendable, Hashable, Codable {
    /// The limits that conflict, negotiable ones first, each with its path in the scenario.
    public var conflict: [ConflictingLimit]
    /// The hard limits alone admit no trade: no negotiable change helps.
    public var hardOnly: Bool
    /// Single changes, each enough on its own to make a trade possible ("… or …").
    public var alternatives: [LimitChange]
    /// The least change overall, weighing each move by the limit's size and `weight`; all together.
    public var relaxation: [LimitChange]
    /// Whether re-solving the scenario with each suggested change confirmed that a trade exists.
    public var verified: Bool
    /// Whether every solve settled its question (false when a limit cut the search short).
    public var irreducible: Bool
    /// Solves used: the conflict search, the relaxations and their checks.
    public var solves: Int

    /// One sentence: the alternatives joined by "or", else the relaxation's changes joined by "and".
    public var summary: String {
        if hardOnly { return "No negotiable change helps: the scenario's fixed limits conflict on their own." }
        if !alternatives.isEmpty { return alternatives.map(\.sentence).joined(separator: " or ") }
        return relaxation.map(\.sentence).joined(separator: " and ")
    }
}

/// One limit of a conflict.
public struct ConflictingLimit: Sendable, Hashable, Codable {
    /// What sort of limit it is.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A bound of a buyer constraint (`constraints[i].atMost`, `.atLeast`, `.equals`).
        case constraint
        /// Microsoft's hurdle (`microsoft.hurdle`).
        case hurdle
        /// A lever's `min`.
        case leverMinimum = "lever-min"
        /// A lever's `max`.
        case leverMaximum = "lever-max"
        /// A `--fix LEVER=QUANTITY` what-if.
        case fix
        /// A `--force PROGRAM` what-if.
        case force
        /// A `--forbid PROGRAM` what-if.
        case forbid
        /// Logical structure: a program's or tier's condition, one tier, the envelope, an exclusive group.
        case structure
    }

    /// Where the limit is: a path in the scenario (`constraints[2].atMost`) or the option (`--fix …`).
    public var path: String
    /// What sort of limit it is.
    public var kind: Kind
    /// The limit in the scenario's words.
    public var description: String
    /// Whether a diagnosis never moves it.
    public var hard: Bool
    /// Whether it is one of the user's what-if options rather than part of the scenario.
    public var whatIf: Bool
}

/// A suggested move of one limit.
public struct LimitChange: Sendable, Hashable, Codable {
    /// Where the limit is.
    public var path: String
    /// What sort of limit it is.
    public var kind: ConflictingLimit.Kind
    /// The limit's value now; `nil` for `--force` and `--forbid`, which are dropped.
    public var current: Decimal?
    /// The value that makes a trade possible; `nil` when the option is dropped.
    public var suggested: Decimal?
    /// `suggested − current`.
    public var change: Decimal?
    /// The move in words: "lower Microsoft's hurdle by 200,000 (from 800,000 to 600,000)".
    public var sentence: String
}

extension TradeSolver {
    /// Explains an infeasible scenario: the conflicting limits and the changes that would make a trade
    /// possible. `nil` when a trade exists. The options' what-ifs (`--fix`, `--force`, `--forbid`)
    /// count as negotiable limits, and are said to be the user's own.
    public func diagnose(
        _ scenario: Scenario, options: TradeOptions = TradeOptions()
    ) throws(TradeSolverError) -> TradeDiagnosis? {
        let errors = scenario.validate().filter { $0.severity == .error }
        if !errors.isEmpty { throw TradeSolverError(errors.map(\.description)) }
        var diagnosis = try DiagnosisRun(scenario: scenario, options: options)
        return try diagnosis.run()
    }

    /// Explains a decoded scenario that has no trade; `nil` when a trade exists. Blocks the calling thread.
    public func diagnose(
        _ loaded: LoadedScenario, options: TradeOptions = TradeOptions()
    ) throws(TradeSolverError) -> TradeDiagnosis? {
        try diagnose(loaded.scenario, options: options)
    }

    /// Explains a decoded scenario off Swift's cooperative thread pool; cancelling the task stops the search.
    public func diagnose(
        _ loaded: LoadedScenario, options: TradeOptions = TradeOptions()
    ) async throws(TradeSolverError) -> TradeDiagnosis? {
        try await options.runOnSolverThread { options throws(TradeSolverError) in
            try self.diagnose(loaded.scenario, options: options)
        }
    }
}

// MARK: - The limits of a scenario as conflict groups

/// One limit of the scenario, with the group that stands for it in the diagnosis model.
struct ScenarioLimit {
    var group: ConflictGroup
    var kind: ConflictingLimit.Kind
    var description: String
    var whatIf: Bool
    /// The limit's value in the scenario, and how many scenario units one unit of the model's slack is.
    var current: Decimal?
    var unitsPerSlack: Decimal = 1
    /// Moves are rounded out to whole multiples of this.
    var granularity: Decimal = Decimal(string: "0.01")!
    /// Cost of one unit of the model's slack.
    var weight: Double = 1
    var unit: String = ""
    var subject: String = ""

    var path: String { group.name }
}

/// Builds the diagnosis model: the scenario with every lever free over its natural range (0 to
/// `max + max(max − min, step)`), so that big-M rows stay valid when a lever's bounds move, and each
/// limit as a group.
struct DiagnosisRun {
    let scenario: Scenario
    /// The scenario's own ids and metric expansions (not the widened copy's), from the formulation that checks it.
    let scenarioIndex: ScenarioIndex
    let options: TradeOptions
    let formulation: Formulation
    var limits: [ScenarioLimit] = []
    var solves = 0
    /// Solves the conflict search alone used.
    var conflictSolves = 0
    /// Whether the conflict search starts with the elastic filter (off only to measure what it saves).
    var elasticFilter = true

    /// The largest quantity a diagnosis lets a lever reach when its `max` is dropped.
    static func naturalMaximum(of lever: Lever) -> Decimal {
        lever.max + Swift.max(lever.max - lever.min, lever.step)
    }

    init(scenario: Scenario, options: TradeOptions) throws(TradeSolverError) {
        self.scenario = scenario
        self.options = options
        var widened = scenario
        widened.objective = .buyerValue
        widened.levers = scenario.levers.map { lever in
            var copy = lever
            copy.cost = []
            if lever.type == .integer {
                copy.min = 0
                copy.max = Self.naturalMaximum(of: lever)
            }
            return copy
        }
        var plain = TradeOptions(timeLimit: options.timeLimit, relativeGap: 0, cancellation: options.cancellation)
        plain.deadline = options.deadline
        // The what-ifs are checked against the scenario's own bounds, as a solve checks them.
        scenarioIndex = try Formulation(scenario, options: options).index
        formulation = try Formulation(widened, options: plain, diagnosis: true)
        limits = collectLimits()
    }

    private func row(_ name: String) -> ConstraintReference? { formulation.model.constraint(named: name) }

    private func scale(_ value: Decimal, atLeast floor: Decimal) -> Double {
        Swift.max(abs(value.double), floor.double, 1e-9)
    }

    private func collectLimits() -> [ScenarioLimit] {
        var limits: [ScenarioLimit] = []
        // Buyer constraints, one group per bound.
        for (index, constraint) in scenario.constraints.enumerated() {
            guard let reference = formulation.constraintRows[constraint.id],
                let form = scenarioIndex.linearForm(of: constraint.terms)
            else { continue }
            let coefficients = form.coefficients.compactMap { id, coefficient in
                scenarioIndex.lever(id: id).map { abs(coefficient * $0.step) }
            }.filter { $0 > 0 }
            let integral =
                form.coefficients.allSatisfy { id, coefficient in
                    (coefficient * (scenarioIndex.lever(id: id)?.step ?? 1)).isWhole
                } && form.constant.isWhole
            let smallest = coefficients.min() ?? 1
            let unit = Self.unit(of: constraint, in: scenarioIndex)
            let label = constraint.label == constraint.id ? "" : " (\(constraint.label))"
            let hard = !constraint.isNegotiable
            let sides: [(String, Decimal?, ConflictGroup.Side)] =
                constraint.equals != nil
                ? [("equals", constraint.equals, .both)]
                : [("atLeast", constraint.atLeast, .lower), ("atMost", constraint.atMost, .upper)]
            for (word, bound, side) in sides {
                guard let bound else { continue }
                let path = "constraints[\(index)].\(word)"
                var limit = ScenarioLimit(
                    group: ConflictGroup(path, rows: [.init(reference, side)], isHard: hard), kind: .constraint,
                    description: "\(constraint.id) \(word) \(bound.spelled)\(unit.isEmpty ? "" : " \(unit)")\(label)"
                        + (hard ? ", not negotiable" : ""),
                    whatIf: false, current: bound)
                limit.granularity = integral ? 1 : Decimal(string: "0.01")!
                limit.weight = constraint.negotiationWeight.double / scale(bound, atLeast: smallest)
                limit.unit = unit
                limit.subject = constraint.id
                limits.append(limit)
            }
        }
        // Microsoft's hurdle: the lower side of the participation row.
        if let participation = row("participation") {
            let microsoft = scenario.microsoft
            let hard = !microsoft.isNegotiable
            var limit = ScenarioLimit(
                group: ConflictGroup("microsoft.hurdle", rows: [.init(participation, .lower)], isHard: hard),
                kind: .hurdle,
                description:
                    "Microsoft's hurdle: its net gain must reach \(microsoft.hurdle.spelled) \(scenario.currency)"
                    + (hard ? ", not negotiable" : ""),
                whatIf: false, current: microsoft.hurdle)
            limit.weight =
                microsoft.negotiationWeight.double
                / scale(microsoft.hurdle, atLeast: scenario.baseline.spend * Decimal(string: "0.01")!)
            limit.unit = scenario.currency
            limits.append(limit)
        }
        // Levers' bounds, in whole steps; a min of 0 is already the natural bound.
        for (index, lever) in scenario.levers.enumerated() where lever.type == .integer {
            guard let n = formulation.steps[lever.id] else { continue }
            let hard = !lever.isNegotiable
            let suffix = hard ? ", not negotiable" : ""
            let unit = lever.unit
            if lever.min > 0 {
                var limit = ScenarioLimit(
                    group: ConflictGroup(
                        "levers[\(index)].min", bounds: [.init(n, lower: (lever.min / lever.step).double)], isHard: hard
                    ),
                    kind: .leverMinimum, description: "\(lever.id) min \(lever.min.spelled) \(unit)\(suffix)",
                    whatIf: false, current: lever.min, unitsPerSlack: lever.step, granularity: lever.step)
                limit.weight =
                    lever.negotiationWeight.double * lever.step.double / scale(lever.min, atLeast: lever.step)
                limit.unit = unit
                limit.subject = lever.id
                limits.append(limit)
            }
            var limit = ScenarioLimit(
                group: ConflictGroup(
                    "levers[\(index)].max", bounds: [.init(n, upper: (lever.max / lever.step).double)], isHard: hard),
                kind: .leverMaximum, description: "\(lever.id) max \(lever.max.spelled) \(unit)\(suffix)",
                whatIf: false, current: lever.max, unitsPerSlack: lever.step, granularity: lever.step)
            limit.weight = lever.negotiationWeight.double * lever.step.double / scale(lever.max, atLeast: lever.step)
            limit.unit = unit
            limit.subject = lever.id
            limits.append(limit)
        }
        // The user's what-ifs: negotiable, and said to be the user's own.
        for (id, quantity) in options.fixedQuantities.sorted(by: { $0.key < $1.key }) {
            guard let lever = scenarioIndex.lever(id: id), let n = formulation.steps[id] else { continue }
            let steps = (quantity / lever.step).double
            var limit = ScenarioLimit(
                group: ConflictGroup("--fix \(id)=\(quantity)", bounds: [.init(n, lower: steps, upper: steps)]),
                kind: .fix, description: "your what-if --fix: \(id) held at \(quantity.spelled) \(lever.unit)",
                whatIf: true, current: quantity, unitsPerSlack: lever.step, granularity: lever.step)
            limit.weight = lever.step.double / scale(quantity, atLeast: lever.step)
            limit.unit = lever.unit
            limit.subject = id
            limits.append(limit)
        }
        for id in options.forcedPrograms.sorted() {
            guard let y = formulation.active[id] else { continue }
            limits.append(
                ScenarioLimit(
                    group: ConflictGroup("--force \(id)", bounds: [.init(y, lower: 1)]), kind: .force,
                    description: "your what-if --force: program \(id) must be active", whatIf: true, subject: id))
        }
        for id in options.forbiddenPrograms.sorted() {
            guard let y = formulation.active[id] else { continue }
            limits.append(
                ScenarioLimit(
                    group: ConflictGroup("--forbid \(id)", bounds: [.init(y, upper: 0)]), kind: .forbid,
                    description: "your what-if --forbid: program \(id) must stay off", whatIf: true, subject: id))
        }
        limits += structureLimits()
        return limits
    }

    /// The scenario's logical structure: hard, never relaxed, named only where a conflict needs it.
    private func structureLimits() -> [ScenarioLimit] {
        var limits: [ScenarioLimit] = []
        func add(_ path: String, _ group: ConflictGroup, _ description: String) {
            limits.append(
                ScenarioLimit(group: group, kind: .structure, description: description, whatIf: false))
        }
        func conditions(_ list: [Condition], prefix: String, pathPrefix: String, owner: String, switch y: Variable?) {
            for (j, condition) in list.enumerated() {
                let path = "\(pathPrefix).requires[\(j)]"
                let words = "\(condition.subject.id) \(condition.comparison.rawValue) \(condition.threshold.spelled)"
                if let reference = row("\(prefix):\(j)") {
                    add(
                        path, ConflictGroup(path, constraints: [reference], isHard: true), "\(owner) only when \(words)"
                    )
                } else if let y, formulation.neverHolds.contains(where: { $0.prefix == prefix && $0.index == j }) {
                    add(
                        path, ConflictGroup(path, bounds: [.init(y, upper: 0)], isHard: true),
                        "\(owner) only when \(words), which can never hold")
                }
            }
        }
        for (index, program) in scenario.programs.enumerated() {
            conditions(
                program.requires, prefix: "cond:\(program.id)", pathPrefix: "programs[\(index)]",
                owner: "program \(program.id) is active", switch: formulation.active[program.id])
            if let contribution = program.contribution {
                let rows = ["cap:\(program.id)", "rate:\(program.id)"].compactMap(row)
                let path = "programs[\(index)].\(contribution.kind.rawValue)"
                let rate = contribution.rate.map { " and \($0.spelled) × \(contribution.base ?? "")" } ?? ""
                add(
                    path, ConflictGroup(path, constraints: rows, isHard: true),
                    "program \(program.id) contributes at most \(contribution.cap.spelled)\(rate)")
            }
        }
        for (index, tier) in scenario.envelope.tiers.enumerated() {
            conditions(
                tier.requires, prefix: "tier:\(tier.id)", pathPrefix: "envelope.tiers[\(index)]",
                owner: "tier \(tier.id) is reached", switch: formulation.tiers[tier.id])
        }
        if let oneTier = row("one-tier") {
            add(
                "envelope.tiers", ConflictGroup("envelope.tiers", constraints: [oneTier], isHard: true),
                "exactly one approval tier is reached")
        }
        if let envelope = row("envelope") {
            add(
                "envelope", ConflictGroup("envelope", constraints: [envelope], isHard: true),
                "the discount and concessions fit within the envelope")
        }
        for (index, group) in scenario.exclusive.enumerated() {
            guard let reference = row("exclusive:\(index)") else { continue }
            add(
                "exclusive[\(index)]", ConflictGroup("exclusive[\(index)]", constraints: [reference], isHard: true),
                "at most one of \(group.joined(separator: ", ")) is active")
        }
        return limits
    }

    /// The unit of a constraint's terms when they are all levers of one unit.
    static func unit(of constraint: BuyerConstraint, in index: ScenarioIndex) -> String {
        let units = constraint.terms.map { index.lever(id: $0.id)?.unit }
        guard let first = units.first, let unit = first, units.allSatisfy({ $0 == unit }) else { return "" }
        return unit
    }

    // MARK: Running it

    private var conflictOptions: ConflictOptions {
        var solve = SolveOptions(integralityTolerance: 1e-9)
        solve.cancellation = options.cancellation
        return ConflictOptions(
            solve: solve, timeLimit: options.remainingTime, elasticFilter: elasticFilter,
            weights: Dictionary(uniqueKeysWithValues: limits.map { ($0.path, $0.weight) }))
    }

    mutating func run() throws(TradeSolverError) -> TradeDiagnosis? {
        let groups = limits.map(\.group)
        let model = formulation.model
        let found: Conflict?
        do {
            found = try model.conflict(groups: groups, options: conflictOptions)
        } catch {
            throw TradeSolverError(["the solver could not run: \(error)"])
        }
        guard let found else { return nil }
        solves += found.solves
        conflictSolves = found.solves
        let byPath = Dictionary(uniqueKeysWithValues: limits.map { ($0.path, $0) })
        let members = (found.softGroups + found.hardGroups).compactMap { byPath[$0] }
        let conflict = members.map { limit in
            ConflictingLimit(
                path: limit.path, kind: limit.kind, description: limit.description, hard: limit.group.isHard,
                whatIf: limit.whatIf)
        }
        var diagnosis = TradeDiagnosis(
            conflict: conflict, hardOnly: found.hardOnly, alternatives: [], relaxation: [], verified: true,
            irreducible: found.isIrreducible, solves: 0)
        guard !found.hardOnly else {
            diagnosis.solves = solves
            return diagnosis
        }
        // Each negotiable member alone, every other limit held.
        for path in found.softGroups {
            let single = groups.map { group in
                var copy = group
                copy.isHard = group.isHard || group.name != path
                return copy
            }
            guard let changes = try relax(single) else { continue }
            if try isFeasible(applying: changes) {
                diagnosis.alternatives += changes
            } else {
                diagnosis.verified = false
            }
        }
        // The least weighted change overall.
        if let changes = try relax(groups) {
            diagnosis.relaxation = changes
            if try !isFeasible(applying: changes) { diagnosis.verified = false }
        }
        diagnosis.solves = solves
        return diagnosis
    }

    private mutating func relax(_ groups: [ConflictGroup]) throws(TradeSolverError) -> [LimitChange]? {
        let relaxation: Relaxation?
        do {
            relaxation = try formulation.model.minimalRelaxation(
                groups: groups, weights: conflictOptions.weights, options: conflictOptions)
        } catch {
            throw TradeSolverError(["the solver could not run: \(error)"])
        }
        solves += 1
        guard let relaxation, !relaxation.moves.isEmpty else { return nil }
        let byPath = Dictionary(uniqueKeysWithValues: limits.map { ($0.path, $0) })
        return relaxation.moves.compactMap { move in byPath[move.group].map { change(of: $0, by: move) } }
    }

    /// A model move in the scenario's units, rounded out to the limit's granularity.
    private func change(of limit: ScenarioLimit, by move: Relaxation.Move) -> LimitChange {
        let downward: Bool
        switch move.limit {
        case .rowLower, .variableLower: downward = true
        case .rowUpper, .variableUpper: downward = false
        }
        switch limit.kind {
        case .force, .forbid, .structure:
            return LimitChange(
                path: limit.path, kind: limit.kind, current: nil, suggested: nil, change: nil,
                sentence: "drop \(limit.path)")
        default:
            break
        }
        let amount = Self.roundedOut(Decimal(move.amount) * limit.unitsPerSlack, granularity: limit.granularity)
        let current = limit.current ?? 0
        let suggested = downward ? current - amount : current + amount
        let by = "\(amount.spelled)\(limit.unit.isEmpty ? "" : " \(limit.unit)")"
        let fromTo = "(from \(current.spelled) to \(suggested.spelled))"
        let verb = downward ? "lower" : "raise"
        let sentence: String
        switch limit.kind {
        case .hurdle: sentence = "\(verb) Microsoft's hurdle by \(by) \(fromTo)"
        case .constraint:
            let word = limit.path.split(separator: ".").last.map(String.init) ?? ""
            sentence = "\(verb) \(limit.subject) \(word) by \(by) \(fromTo)"
        case .leverMinimum: sentence = "\(verb) the minimum of \(limit.subject) by \(by) \(fromTo)"
        case .leverMaximum: sentence = "\(verb) the maximum of \(limit.subject) by \(by) \(fromTo)"
        case .fix: sentence = "hold \(limit.subject) at \(suggested.spelled) instead of \(current.spelled) (--fix)"
        case .force, .forbid, .structure: sentence = "drop \(limit.path)"
        }
        return LimitChange(
            path: limit.path, kind: limit.kind, current: current, suggested: suggested, change: suggested - current,
            sentence: sentence)
    }

    /// Rounds a positive move up to a multiple of `granularity`, first snapping solver noise
    /// (within 1e-6 relative) to the nearest multiple.
    static func roundedOut(_ amount: Decimal, granularity: Decimal) -> Decimal {
        let units = amount / granularity
        let nearest = units.roundedWhole(.plain)
        let tolerance = Swift.max(Decimal(1), abs(units)) * Decimal(string: "0.000001")!
        let whole = abs(units - nearest) <= tolerance ? nearest : units.roundedWhole(.up)
        return whole * granularity
    }

    /// Whether the scenario, with the changes applied, has a trade (the plain formulation, no objective).
    private mutating func isFeasible(applying changes: [LimitChange]) throws(TradeSolverError) -> Bool {
        let (relaxed, relaxedOptions) = Self.apply(changes, to: scenario, options: options)
        solves += 1
        // A change that takes a --fix outside its lever's bounds is not a trade.
        guard var model = try? Formulation(relaxed, options: relaxedOptions).model else { return false }
        model.setObjective(.minimize, LinearExpression())
        do {
            var solve = SolveOptions(integralityTolerance: 1e-9)
            solve.timeLimit = options.remainingTime
            return try model.solve(solve).hasSolution
        } catch {
            throw TradeSolverError(["the solver could not run: \(error)"])
        }
    }

    /// The scenario and options with the changes made.
    static func apply(
        _ changes: [LimitChange], to scenario: Scenario, options: TradeOptions
    ) -> (Scenario, TradeOptions) {
        var scenario = scenario
        var options = options
        for change in changes {
            let path = change.path
            switch change.kind {
            case .hurdle:
                scenario.microsoft.hurdle = change.suggested ?? scenario.microsoft.hurdle
            case .constraint:
                guard let index = Self.index(in: path), let value = change.suggested else { continue }
                if path.hasSuffix(".equals") {
                    scenario.constraints[index].equals = value
                    scenario.constraints[index].atLeast = value
                    scenario.constraints[index].atMost = value
                } else if path.hasSuffix(".atLeast") {
                    scenario.constraints[index].atLeast = value
                } else {
                    scenario.constraints[index].atMost = value
                }
            case .leverMinimum:
                guard let index = Self.index(in: path), let value = change.suggested else { continue }
                scenario.levers[index].min = value
                // The cost curve must start at min or below; its shape is unchanged.
                if let first = scenario.levers[index].cost.first, first.from > value {
                    scenario.levers[index].cost[0].from = value
                }
            case .leverMaximum:
                guard let index = Self.index(in: path), let value = change.suggested else { continue }
                scenario.levers[index].max = value
            case .fix:
                guard let id = path.dropFirst("--fix ".count).split(separator: "=").first, let value = change.suggested
                else { continue }
                options.fixedQuantities[String(id)] = value
            case .force:
                options.forcedPrograms.remove(String(path.dropFirst("--force ".count)))
            case .forbid:
                options.forbiddenPrograms.remove(String(path.dropFirst("--forbid ".count)))
            case .structure:
                continue
            }
        }
        return (scenario, options)
    }

    /// The index in `section[index].…`.
    private static func index(in path: String) -> Int? {
        guard let open = path.firstIndex(of: "["), let close = path.firstIndex(of: "]") else { return nil }
        return Int(path[path.index(after: open)..<close])
    }
}

extension Decimal {
    /// `1234567.5` → `1,234,567.5`: thousands grouped, the exact digits kept.
    var spelled: String { grouped }
}
