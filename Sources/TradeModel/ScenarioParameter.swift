public import Foundation

/// One number in a scenario, addressed by ids: `programs.reference-credits.concession.cap`,
/// `envelope.tiers.area-lead.maxPct`, `levers.azure-commit.cost.1.perUnit`, `microsoft.hurdle`.
///
/// Parsing checks the path against a scenario; reading and writing look the ids up again, so a
/// parameter applies to any scenario that has the same ids. Lists inside an element (`requires`,
/// `cost`) are addressed by 0-based index, terms by the id they name.
///
/// ```swift
/// let cap = try ScenarioParameter("programs.reference-credits.concession.cap", in: scenario)
/// let current = try cap.value(in: scenario)                  // 500000
/// let richer = try cap.setting(750_000, in: scenario)        // a copy with the new cap
/// ```
public struct ScenarioParameter: Sendable, Hashable, CustomStringConvertible {
    /// The canonical path, for example `envelope.tiers.area-lead.maxPct`.
    public let path: String
    let target: Target

    /// The path.
    public var description: String { path }

    /// Parses `path` against `scenario`; the error names what is unknown and the nearest id or key.
    public init(_ path: String, in scenario: Scenario) throws(ScenarioParameterError) {
        var parser = PathParser(path: path, scenario: scenario)
        target = try parser.parse()
        self.path = target.path
        _ = try value(in: scenario)
    }

    init(target: Target) {
        self.target = target
        path = target.path
    }

    /// The parameter's current value in `scenario`.
    public func value(in scenario: Scenario) throws(ScenarioParameterError) -> Decimal {
        var copy = scenario
        return try target.access(&copy, set: nil)
    }

    /// A copy of `scenario` with this parameter set to `value`. The copy is not validated: call
    /// `validate()` on it, since some values (a negative cap, a bound off the step) make it invalid.
    public func setting(_ value: Decimal, in scenario: Scenario) throws(ScenarioParameterError) -> Scenario {
        var copy = scenario
        _ = try target.access(&copy, set: value)
        return copy
    }

    /// For a lever's `min` or `max`, the lever's step: only its multiples are valid values.
    // One lookup per call, like parsing and `access`: a search, not a `ScenarioIndex`, which would
    // expand every metric to answer it.
    public func granularity(in scenario: Scenario) -> Decimal? {
        switch target {
        case .lever(let id, .min), .lever(let id, .max): scenario.levers.first { $0.id == id }?.step
        default: nil
        }
    }

    /// Whether the number is a limit or rate on the continuous part of the program (caps, rates,
    /// percentages, the hurdle, lever values and cost slopes): with every discrete decision held,
    /// the optimum is then concave and piecewise linear in it. Thresholds, bounds and metric
    /// coefficients move only which discrete decisions are allowed.
    public var isContinuousLimit: Bool {
        switch target {
        case .baselineSpend, .hurdle, .discountMaxPct, .tierMaxPct, .programCap, .programRate, .programExpands,
            .lever(_, .value), .leverCost(_, _, .perUnit):
            true
        default: false
        }
    }

    /// Every number of `scenario` a parameter can address, in document order.
    public static func all(in scenario: Scenario) -> [ScenarioParameter] {
        var targets: [Target] = [.baselineSpend]
        for lever in scenario.levers {
            targets += [.lever(lever.id, .step), .lever(lever.id, .min), .lever(lever.id, .max)]
            for index in lever.cost.indices {
                targets += [.leverCost(lever.id, index, .from), .leverCost(lever.id, index, .perUnit)]
            }
            targets.append(.lever(lever.id, .value))
        }
        for metric in scenario.metrics {
            targets += metric.terms.map { .metricTerm(metric.id, $0.id) }
            targets.append(.metricConstant(metric.id))
        }
        for program in scenario.programs {
            targets += program.requires.enumerated().map { .programThreshold(program.id, $0.offset, $0.element.comparison) }
            if let contribution = program.contribution {
                if contribution.rate != nil { targets.append(.programRate(program.id, contribution.kind)) }
                targets.append(.programCap(program.id, contribution.kind))
            }
            if program.expandsEnvelope != nil { targets.append(.programExpands(program.id)) }
        }
        if case .upTo = scenario.envelope.discount { targets.append(.discountMaxPct) }
        for tier in scenario.envelope.tiers {
            targets.append(.tierMaxPct(tier.id))
            targets += tier.requires.enumerated().map { .tierThreshold(tier.id, $0.offset, $0.element.comparison) }
        }
        targets.append(.hurdle)
        for constraint in scenario.constraints {
            targets += constraint.terms.map { .constraintTerm(constraint.id, $0.id) }
            if constraint.equals != nil {
                targets.append(.constraintBound(constraint.id, .equals))
            } else {
                if constraint.atLeast != nil { targets.append(.constraintBound(constraint.id, .atLeast)) }
                if constraint.atMost != nil { targets.append(.constraintBound(constraint.id, .atMost)) }
            }
        }
        return targets.map(ScenarioParameter.init(target:))
    }
}

/// A parameter path that does not address a number of the scenario, with what would fix it.
public struct ScenarioParameterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path as given.
    public var path: String
    /// What is wrong, for example `unknown program 'x' (did you mean 'p1'?)`.
    public var message: String

    /// An error about `path`.
    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    /// `parameter 'programs.x.funding.cap': unknown program 'x' (did you mean 'p1'?)`.
    public var description: String { "parameter '\(path)': \(message)" }
}

// MARK: - Targets

extension ScenarioParameter {
    enum LeverField: String, Sendable, Hashable { case step, min, max, value }
    enum CostField: String, Sendable, Hashable { case from, perUnit }
    enum BoundField: String, Sendable, Hashable { case atLeast, atMost, equals }

    /// What a path addresses, by ids (and indices inside an element).
    enum Target: Sendable, Hashable {
        case baselineSpend, hurdle, discountMaxPct
        case tierMaxPct(String)
        case tierThreshold(String, Int, Condition.Comparison)
        case lever(String, LeverField)
        case leverCost(String, Int, CostField)
        case metricConstant(String)
        case metricTerm(String, String)
        case programCap(String, Contribution.Kind)
        case programRate(String, Contribution.Kind)
        case programExpands(String)
        case programThreshold(String, Int, Condition.Comparison)
        case constraintBound(String, BoundField)
        case constraintTerm(String, String)

        var path: String {
            switch self {
            case .baselineSpend: "baseline.spend"
            case .hurdle: "microsoft.hurdle"
            case .discountMaxPct: "envelope.discount.maxPct"
            case .tierMaxPct(let id): "envelope.tiers.\(id).maxPct"
            case .tierThreshold(let id, let index, let comparison): "envelope.tiers.\(id).requires.\(index).\(comparison.rawValue)"
            case .lever(let id, let field): "levers.\(id).\(field.rawValue)"
            case .leverCost(let id, let index, let field): "levers.\(id).cost.\(index).\(field.rawValue)"
            case .metricConstant(let id): "metrics.\(id).constant"
            case .metricTerm(let id, let term): "metrics.\(id).terms.\(term)"
            case .programCap(let id, let kind): "programs.\(id).\(kind.rawValue).cap"
            case .programRate(let id, let kind): "programs.\(id).\(kind.rawValue).rate"
            case .programExpands(let id): "programs.\(id).expandsEnvelope"
            case .programThreshold(let id, let index, let comparison): "programs.\(id).requires.\(index).\(comparison.rawValue)"
            case .constraintBound(let id, let field): "constraints.\(id).\(field.rawValue)"
            case .constraintTerm(let id, let term): "constraints.\(id).terms.\(term)"
            }
        }

        /// Reads the value and, when `newValue` is given, writes it; throws when an id is gone.
        func access(_ scenario: inout Scenario, set newValue: Decimal?) throws(ScenarioParameterError) -> Decimal {
            func missing(_ what: String) -> ScenarioParameterError {
                ScenarioParameterError(path: path, "the scenario has no \(what)")
            }
            func swap(_ slot: inout Decimal) -> Decimal {
                let old = slot
                if let newValue { slot = newValue }
                return old
            }
            func swapOptional(_ slot: inout Decimal?, _ what: String) throws(ScenarioParameterError) -> Decimal {
                guard let old = slot else { throw missing(what) }
                if let newValue { slot = newValue }
                return old
            }
            func conditionSwap(_ conditions: inout [Condition], _ index: Int, _ comparison: Condition.Comparison, _ owner: String)
                throws(ScenarioParameterError) -> Decimal
            {
                guard conditions.indices.contains(index), conditions[index].comparison == comparison else {
                    throw missing("\(comparison.rawValue) condition \(index) on \(owner)")
                }
                return swap(&conditions[index].threshold)
            }
            func termSwap(_ terms: inout [Term], _ id: String, _ owner: String) throws(ScenarioParameterError) -> Decimal {
                guard let index = terms.firstIndex(where: { $0.id == id }) else { throw missing("term '\(id)' in \(owner)") }
                return swap(&terms[index].coefficient)
            }

            switch self {
            case .baselineSpend:
                return swap(&scenario.baseline.spend)
            case .hurdle:
                return swap(&scenario.microsoft.hurdle)
            case .discountMaxPct:
                guard case .upTo(let old) = scenario.envelope.discount else { throw missing("discount {maxPct}") }
                if let newValue { scenario.envelope.discount = .upTo(maxPct: newValue) }
                return old
            case .tierMaxPct(let id):
                guard let t = scenario.envelope.tiers.firstIndex(where: { $0.id == id }) else { throw missing("tier '\(id)'") }
                return swap(&scenario.envelope.tiers[t].maxPct)
            case .tierThreshold(let id, let index, let comparison):
                guard let t = scenario.envelope.tiers.firstIndex(where: { $0.id == id }) else { throw missing("tier '\(id)'") }
                return try conditionSwap(&scenario.envelope.tiers[t].requires, index, comparison, "tier '\(id)'")
            case .lever(let id, let field):
                guard let l = scenario.levers.firstIndex(where: { $0.id == id }) else { throw missing("lever '\(id)'") }
                switch field {
                case .step: return swap(&scenario.levers[l].step)
                case .min: return swap(&scenario.levers[l].min)
                case .max: return swap(&scenario.levers[l].max)
                case .value: return swap(&scenario.levers[l].value)
                }
            case .leverCost(let id, let index, let field):
                guard let l = scenario.levers.firstIndex(where: { $0.id == id }) else { throw missing("lever '\(id)'") }
                guard scenario.levers[l].cost.indices.contains(index) else {
                    throw missing("cost segment \(index) on lever '\(id)'")
                }
                switch field {
                case .from: return swap(&scenario.levers[l].cost[index].from)
                case .perUnit: return swap(&scenario.levers[l].cost[index].perUnit)
                }
            case .metricConstant(let id):
                guard let m = scenario.metrics.firstIndex(where: { $0.id == id }) else { throw missing("metric '\(id)'") }
                return swap(&scenario.metrics[m].constant)
            case .metricTerm(let id, let term):
                guard let m = scenario.metrics.firstIndex(where: { $0.id == id }) else { throw missing("metric '\(id)'") }
                return try termSwap(&scenario.metrics[m].terms, term, "metric '\(id)'")
            case .programCap(let id, let kind), .programRate(let id, let kind):
                guard let p = scenario.programs.firstIndex(where: { $0.id == id }) else { throw missing("program '\(id)'") }
                guard var contribution = scenario.programs[p].contribution, contribution.kind == kind else {
                    throw missing("\(kind.rawValue) on program '\(id)'")
                }
                let old: Decimal
                if case .programCap = self {
                    old = swap(&contribution.cap)
                } else {
                    old = try swapOptional(&contribution.rate, "rate on program '\(id)'")
                }
                scenario.programs[p].contribution = contribution
                return old
            case .programExpands(let id):
                guard let p = scenario.programs.firstIndex(where: { $0.id == id }) else { throw missing("program '\(id)'") }
                return try swapOptional(&scenario.programs[p].expandsEnvelope, "expandsEnvelope on program '\(id)'")
            case .programThreshold(let id, let index, let comparison):
                guard let p = scenario.programs.firstIndex(where: { $0.id == id }) else { throw missing("program '\(id)'") }
                return try conditionSwap(&scenario.programs[p].requires, index, comparison, "program '\(id)'")
            case .constraintBound(let id, let field):
                guard let c = scenario.constraints.firstIndex(where: { $0.id == id }) else {
                    throw missing("constraint '\(id)'")
                }
                switch field {
                case .equals:
                    let old = try swapOptional(&scenario.constraints[c].equals, "equals on constraint '\(id)'")
                    if let newValue {
                        scenario.constraints[c].atLeast = newValue
                        scenario.constraints[c].atMost = newValue
                    }
                    return old
                case .atLeast:
                    guard scenario.constraints[c].equals == nil else { throw missing("atLeast (it says equals) on constraint '\(id)'") }
                    return try swapOptional(&scenario.constraints[c].atLeast, "atLeast on constraint '\(id)'")
                case .atMost:
                    guard scenario.constraints[c].equals == nil else { throw missing("atMost (it says equals) on constraint '\(id)'") }
                    return try swapOptional(&scenario.constraints[c].atMost, "atMost on constraint '\(id)'")
                }
            case .constraintTerm(let id, let term):
                guard let c = scenario.constraints.firstIndex(where: { $0.id == id }) else {
                    throw missing("constraint '\(id)'")
                }
                return try termSwap(&scenario.constraints[c].terms, term, "constraint '\(id)'")
            }
        }
    }
}

// MARK: - Parsing

/// Reads a path one component at a time, naming the first component that does not fit.
private struct PathParser {
    let path: String
    let scenario: Scenario
    var parts: [String]
    var position = 0

    init(path: String, scenario: Scenario) {
        self.path = path
        self.scenario = scenario
        parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    func fail(_ message: String) -> ScenarioParameterError { ScenarioParameterError(path: path, message) }

    /// The next component, or an error saying what was expected there.
    mutating func next(_ expected: String) throws(ScenarioParameterError) -> String {
        guard position < parts.count, !parts[position].isEmpty else {
            let prefix = parts[..<Swift.min(position, parts.count)].joined(separator: ".")
            throw fail(prefix.isEmpty ? "expected \(expected)" : "expected \(expected) after '\(prefix)'")
        }
        defer { position += 1 }
        return parts[position]
    }

    /// The next component, which must be one of `keys`.
    mutating func key(_ keys: [String], of owner: String) throws(ScenarioParameterError) -> String {
        let word = try next("one of \(keys.joined(separator: ", "))")
        guard keys.contains(word) else {
            throw fail(
                "\(owner) has no number '\(word)'\(Suggestions.hint(for: word, among: keys)); "
                    + "expected one of \(keys.joined(separator: ", "))")
        }
        return word
    }

    /// The next component, an id among `ids`.
    mutating func id(_ kind: String, among ids: [String], in owner: String? = nil) throws(ScenarioParameterError) -> String {
        let word = try next("a \(kind) id")
        guard ids.contains(word) else {
            let hint = Suggestions.hint(for: word, among: ids)
            let known = ids.isEmpty ? "the scenario has none" : "known: \(ids.joined(separator: ", "))"
            let place = owner.map { " in \($0)" } ?? ""
            throw fail("unknown \(kind) '\(word)'\(place)\(hint.isEmpty ? "; \(known)" : hint)")
        }
        return word
    }

    /// The next component, a 0-based index below `count`.
    mutating func index(_ what: String, count: Int) throws(ScenarioParameterError) -> Int {
        let word = try next("an index into \(what)")
        guard let index = Int(word), index >= 0, word.allSatisfy(\.isNumber) else {
            throw fail("'\(word)' is not an index into \(what); write 0, 1, ...")
        }
        guard index < count else {
            throw fail("\(what) has \(count) entr\(count == 1 ? "y" : "ies"); index \(index) is out of range")
        }
        return index
    }

    mutating func end() throws(ScenarioParameterError) {
        if position < parts.count {
            throw fail("unexpected '\(parts[position...].joined(separator: "."))' after a number")
        }
    }

    mutating func condition(_ conditions: [Condition], of owner: String) throws(ScenarioParameterError) -> (
        Int, Condition.Comparison
    ) {
        let index = try index("the requires of \(owner)", count: conditions.count)
        let comparison = conditions[index].comparison
        let word = try next("\(comparison.rawValue) (or threshold)")
        guard word == comparison.rawValue || word == "threshold" else {
            throw fail("requires.\(index) of \(owner) is an \(comparison.rawValue) condition; write '\(comparison.rawValue)'")
        }
        return (index, comparison)
    }

    mutating func parse() throws(ScenarioParameterError) -> ScenarioParameter.Target {
        let section = try key(["baseline", "microsoft", "envelope", "levers", "metrics", "programs", "constraints"], of: "a scenario")
        let target: ScenarioParameter.Target
        switch section {
        case "baseline":
            _ = try key(["spend"], of: "baseline")
            target = .baselineSpend
        case "microsoft":
            _ = try key(["hurdle"], of: "microsoft")
            target = .hurdle
        case "envelope":
            if try key(["discount", "tiers"], of: "envelope") == "discount" {
                _ = try key(["maxPct"], of: "envelope.discount")
                guard case .upTo = scenario.envelope.discount else {
                    let word = if case .unlimited = scenario.envelope.discount { "true" } else { "false" }
                    throw fail("the discount is \(word), not {maxPct: F}")
                }
                target = .discountMaxPct
            } else {
                let id = try id("tier", among: scenario.envelope.tiers.map(\.id))
                let tier = scenario.envelope.tiers.first { $0.id == id }!
                if try key(["maxPct", "requires"], of: "tier '\(id)'") == "maxPct" {
                    target = .tierMaxPct(id)
                } else {
                    let (index, comparison) = try condition(tier.requires, of: "tier '\(id)'")
                    target = .tierThreshold(id, index, comparison)
                }
            }
        case "levers":
            let id = try id("lever", among: scenario.levers.map(\.id))
            let lever = scenario.levers.first { $0.id == id }!
            let field = try key(["step", "min", "max", "value", "cost"], of: "lever '\(id)'")
            if field == "cost" {
                let index = try index("the cost of lever '\(id)'", count: lever.cost.count)
                let costField = try key(["from", "perUnit"], of: "a cost segment")
                target = .leverCost(id, index, ScenarioParameter.CostField(rawValue: costField)!)
            } else {
                target = .lever(id, ScenarioParameter.LeverField(rawValue: field)!)
            }
        case "metrics":
            let id = try id("metric", among: scenario.metrics.map(\.id))
            let metric = scenario.metrics.first { $0.id == id }!
            if try key(["constant", "terms"], of: "metric '\(id)'") == "constant" {
                target = .metricConstant(id)
            } else {
                target = .metricTerm(id, try self.id("term", among: metric.terms.map(\.id), in: "metric '\(id)'"))
            }
        case "programs":
            let id = try id("program", among: scenario.programs.map(\.id))
            let program = scenario.programs.first { $0.id == id }!
            let field = try key(["funding", "concession", "expandsEnvelope", "requires"], of: "program '\(id)'")
            switch field {
            case "requires":
                let (index, comparison) = try condition(program.requires, of: "program '\(id)'")
                target = .programThreshold(id, index, comparison)
            case "expandsEnvelope":
                guard program.expandsEnvelope != nil else { throw fail("program '\(id)' does not expand the envelope") }
                target = .programExpands(id)
            default:
                let kind = Contribution.Kind(rawValue: field)!
                guard let contribution = program.contribution else {
                    throw fail("program '\(id)' has no funding or concession; it only expands the envelope")
                }
                guard contribution.kind == kind else {
                    throw fail("program '\(id)' has a \(contribution.kind.rawValue), not \(kind.rawValue); write "
                        + "'programs.\(id).\(contribution.kind.rawValue)...'")
                }
                let keys = contribution.rate == nil ? ["cap"] : ["cap", "rate"]
                if try key(keys, of: "the \(kind.rawValue) of program '\(id)'") == "cap" {
                    target = .programCap(id, kind)
                } else {
                    target = .programRate(id, kind)
                }
            }
        default:  // constraints
            let id = try id("constraint", among: scenario.constraints.map(\.id))
            let constraint = scenario.constraints.first { $0.id == id }!
            var keys = ["terms"]
            if constraint.equals != nil {
                keys.insert("equals", at: 0)
            } else {
                if constraint.atMost != nil { keys.insert("atMost", at: 0) }
                if constraint.atLeast != nil { keys.insert("atLeast", at: 0) }
            }
            let field = try key(keys, of: "constraint '\(id)'")
            if field == "terms" {
                target = .constraintTerm(id, try self.id("term", among: constraint.terms.map(\.id), in: "constraint '\(id)'"))
            } else {
                target = .constraintBound(id, ScenarioParameter.BoundField(rawValue: field)!)
            }
        }
        try end()
        return target
    }
}
