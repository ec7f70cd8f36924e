public import Foundation

extension Scenario {
    /// Every semantic problem in the scenario, errors and warnings, each with its path (no line numbers).
    public func validate() -> [Diagnostic] { validate(unreliable: []) }

    /// `unreliable` names levers and metrics that failed to decode: checks over their ranges are skipped.
    func validate(unreliable: Set<String>) -> [Diagnostic] {
        var validator = Validator(scenario: self, unreliable: unreliable)
        validator.run()
        return validator.diagnostics
    }
}

/// The rules of the spec's Validation section and format text, in document order.
private struct Validator {
    let scenario: Scenario
    let unreliable: Set<String>
    var diagnostics: [Diagnostic] = []

    private static let blank = CharacterSet.whitespacesAndNewlines

    private var leverIDs: [String] { scenario.levers.map(\.id) }
    private var metricIDs: [String] { scenario.metrics.map(\.id) }

    /// Ids and metric expansions, computed once: validation asks for them per term and condition.
    private let scenarioIndex: ScenarioIndex

    init(scenario: Scenario, unreliable: Set<String>) {
        self.scenario = scenario
        self.unreliable = unreliable
        scenarioIndex = ScenarioIndex(scenario)
    }

    mutating func error(_ path: String, _ message: String) {
        diagnostics.append(Diagnostic(.error, path: path, message))
    }

    mutating func warning(_ path: String, _ message: String) {
        diagnostics.append(Diagnostic(.warning, path: path, message))
    }

    mutating func run() {
        checkHeader()
        checkIDs()
        for (index, lever) in scenario.levers.enumerated() { check(lever, at: "levers[\(index)]") }
        for index in scenario.metrics.indices { checkMetric(at: index) }
        for (index, program) in scenario.programs.enumerated() { check(program, at: "programs[\(index)]") }
        checkExclusive()
        checkEnvelope()
        for (index, constraint) in scenario.constraints.enumerated() {
            check(constraint, at: "constraints[\(index)]")
            checkNegotiability(constraint, at: "constraints[\(index)]")
        }
        for (index, lever) in scenario.levers.enumerated() { checkNegotiability(lever, at: "levers[\(index)]") }
        checkNegotiability(scenario.microsoft, at: "microsoft")
    }

    /// `weight` must be positive; with `negotiable: false` it has no effect.
    private mutating func checkNegotiability(_ limit: some NegotiableLimit, at path: String) {
        guard let weight = limit.weight else { return }
        if weight <= 0 {
            error("\(path).weight", "must be greater than 0, got \(weight.grouped); a higher weight makes a limit harder to move")
        } else if limit.negotiable == false {
            warning("\(path).weight", "weight is ignored for a limit that is not negotiable; remove one of them")
        }
    }

    // MARK: - Header and ids

    private mutating func checkHeader() {
        if scenario.schema != Scenario.schemaIdentifier {
            error(
                "schema", "unsupported schema '\(scenario.schema)'; this version reads '\(Scenario.schemaIdentifier)'")
        }
        // What `trimmingCharacters(in: .whitespacesAndNewlines).isEmpty` says, without bridging
        // the name to NSString (a fifth of validating the default scenario).
        if scenario.name.unicodeScalars.allSatisfy({ Self.blank.contains($0) }) {
            error("name", "must not be empty; give the scenario a name")
        }
        let currency = scenario.currency.unicodeScalars
        if currency.count != 3 || !currency.allSatisfy({ ("A"..."Z").contains($0) }) {
            error("currency", "'\(scenario.currency)' is not an ISO 4217 code; write three capital letters such as USD")
        }
        if !(1...10).contains(scenario.termYears) {
            error("termYears", "must be a whole number from 1 to 10, got \(scenario.termYears)")
        }
        if scenario.baseline.spend <= 0 {
            error("baseline.spend", "must be greater than 0, got \(scenario.baseline.spend.grouped)")
        }
        if scenario.levers.isEmpty {
            error("levers", "at least one lever is required: the buyer must have something to commit")
        }
    }

    private mutating func checkIDs() {
        checkSection(leverIDs, path: "levers", kind: "lever")
        checkSection(metricIDs, path: "metrics", kind: "metric")
        checkSection(scenario.programs.map(\.id), path: "programs", kind: "program")
        checkSection(scenario.constraints.map(\.id), path: "constraints", kind: "constraint")
        checkSection(scenario.envelope.tiers.map(\.id), path: "envelope.tiers", kind: "tier")
        let levers = Set(leverIDs)
        for (index, id) in metricIDs.enumerated() where levers.contains(id) {
            error("metrics[\(index)].id", "'\(id)' is already a lever id; a lever and a metric may not share an id")
        }
    }

    /// Pattern and uniqueness of the ids of one section.
    private mutating func checkSection(_ ids: [String], path: String, kind: String) {
        var first: [String: Int] = [:]
        for (index, id) in ids.enumerated() {
            let idPath = "\(path)[\(index)].id"
            if !Self.isValidID(id) {
                error(
                    idPath,
                    "'\(id)' is not a valid id; use lowercase letters, digits and '-', starting with a letter or digit")
            }
            if let earlier = first[id] {
                error(idPath, "duplicate \(kind) id '\(id)' (also \(path)[\(earlier)]); ids must be unique")
            } else {
                first[id] = index
            }
        }
    }

    static func isValidID(_ id: String) -> Bool {
        let scalars = Array(id.unicodeScalars)
        guard let head = scalars.first else { return false }
        let isLowerOrDigit: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        return isLowerOrDigit(head) && scalars.dropFirst().allSatisfy { isLowerOrDigit($0) || $0 == "-" }
    }

    // MARK: - Levers

    private mutating func check(_ lever: Lever, at path: String) {
        let stepIsValid = lever.step > 0
        if !stepIsValid {
            error("\(path).step", "must be greater than 0, got \(lever.step.grouped)")
        }
        if lever.type == .binary {
            if lever.min != 0 || lever.max != lever.step {
                error("\(path).max", "a binary lever's quantity is 0 or step: min must be 0 and max equal to step")
            }
        } else {
            if lever.min < 0 {
                error("\(path).min", "must not be negative, got \(lever.min.grouped)")
            }
            if lever.max < lever.min {
                error("\(path).max", "must be at least min (\(lever.min.grouped)), got \(lever.max.grouped)")
            }
            if stepIsValid {
                for (name, bound) in [("min", lever.min), ("max", lever.max)] where !bound.isMultiple(of: lever.step) {
                    error(
                        "\(path).\(name)",
                        "\(bound.grouped) is not a multiple of step \(lever.step.grouped); "
                            + "quantities move in whole steps")
                }
            }
        }
        if lever.value < 0 {
            error("\(path).value", "must not be negative, got \(lever.value.grouped)")
        }
        checkCost(lever, at: "\(path).cost")
    }

    private mutating func checkCost(_ lever: Lever, at path: String) {
        guard let first = lever.cost.first else { return }
        if first.from > lever.min {
            error(
                "\(path)[0].from",
                "the first segment must start at min (\(lever.min.grouped)) or below, got \(first.from.grouped)")
        }
        for (index, segment) in lever.cost.enumerated() {
            if segment.perUnit < 0 {
                error("\(path)[\(index)].perUnit", "must not be negative, got \(segment.perUnit.grouped)")
            }
            guard index > 0 else { continue }
            let previous = lever.cost[index - 1]
            if segment.from <= previous.from {
                error(
                    "\(path)[\(index)].from",
                    "must be greater than the previous segment's from (\(previous.from.grouped)), got "
                        + "\(segment.from.grouped); segments go in increasing order")
            }
            if segment.perUnit < previous.perUnit {
                error(
                    "\(path)[\(index)].perUnit",
                    "the cost is not convex: \(segment.perUnit.grouped) is less than the previous slope "
                        + "\(previous.perUnit.grouped); slopes must never decrease")
            }
        }
    }

    // MARK: - Metrics

    private mutating func checkMetric(at index: Int) {
        let metric = scenario.metrics[index]
        let path = "metrics[\(index)].terms"
        for term in metric.terms {
            let termPath = "\(path).\(term.id)"
            if scenarioIndex.lever(id: term.id) != nil { continue }
            guard let target = scenarioIndex.metricPosition(id: term.id) else {
                error(
                    termPath,
                    "unknown lever or metric '\(term.id)'\(Suggestions.hint(for: term.id, among: leverIDs + metricIDs))"
                )
                continue
            }
            if target == index {
                error(
                    termPath, "metric '\(metric.id)' refers to itself (a cycle); a metric may use only earlier metrics")
            } else if target > index {
                let cycle = refers(from: target, to: index) ? ", which refers back to '\(metric.id)' (a cycle)" : ""
                error(
                    termPath,
                    "metric '\(term.id)' is defined after '\(metric.id)'\(cycle); a metric may use only metrics "
                        + "listed before it, so move '\(term.id)' up")
            }
        }
    }

    /// Whether metric `from` uses metric `to`, directly or through other metrics.
    private func refers(from: Int, to: Int) -> Bool {
        var seen: Set<Int> = []
        var pending = [from]
        while let current = pending.popLast() {
            guard seen.insert(current).inserted else { continue }
            for term in scenario.metrics[current].terms {
                guard let next = scenarioIndex.metricPosition(id: term.id) else { continue }
                if next == to { return true }
                pending.append(next)
            }
        }
        return false
    }

    // MARK: - Conditions and programs

    /// The expression's range, or nil when it cannot be formed or rests on a value that failed to decode.
    private func range(of id: String) -> ClosedRange<Decimal>? {
        guard let form = scenarioIndex.linearForm(of: id), !dependsOnUnreliable(id) else { return nil }
        return scenarioIndex.reachableRange(of: form)
    }

    private func dependsOnUnreliable(_ id: String) -> Bool {
        if unreliable.isEmpty { return false }
        if unreliable.contains(id) { return true }
        guard let metric = scenarioIndex.metric(id: id) else { return false }
        return metric.terms.contains { $0.id != id && dependsOnUnreliable($0.id) }
    }

    private mutating func check(_ conditions: [Condition], at path: String, consequence: String) {
        for (index, condition) in conditions.enumerated() {
            let conditionPath = "\(path)[\(index)]"
            let id = condition.subject.id
            switch condition.subject {
            case .lever:
                guard scenarioIndex.lever(id: id) != nil else {
                    let fix =
                        scenarioIndex.metric(id: id) != nil
                        ? "'\(id)' is a metric; write metric: \(id)"
                        : "unknown lever '\(id)'\(Suggestions.hint(for: id, among: leverIDs))"
                    error("\(conditionPath).lever", fix)
                    continue
                }
            case .metric:
                guard scenarioIndex.metric(id: id) != nil else {
                    let fix =
                        scenarioIndex.lever(id: id) != nil
                        ? "'\(id)' is a lever; write lever: \(id)"
                        : "unknown metric '\(id)'\(Suggestions.hint(for: id, among: metricIDs))"
                    error("\(conditionPath).metric", fix)
                    continue
                }
            }
            guard let range = range(of: id) else { continue }
            let threshold = condition.threshold
            let never =
                condition.comparison == .atLeast ? range.upperBound < threshold : range.lowerBound > threshold
            if never {
                warning(
                    conditionPath,
                    "\(id) \(condition.comparison.rawValue) \(threshold.grouped) can never hold: reachable range is "
                        + "\(range.lowerBound.grouped) to \(range.upperBound.grouped); \(consequence)")
            }
        }
    }

    private mutating func check(_ program: Program, at path: String) {
        check(program.requires, at: "\(path).requires", consequence: "the program stays off")
        if program.contribution == nil, program.expandsEnvelope == nil {
            error(path, "the program contributes nothing; give funding, concession or expandsEnvelope")
        }
        if let expands = program.expandsEnvelope, expands < 0 {
            error("\(path).expandsEnvelope", "must not be negative, got \(expands.grouped)")
        }
        guard let contribution = program.contribution else { return }
        let contributionPath = "\(path).\(contribution.kind.rawValue)"
        if contribution.cap < 0 {
            error("\(contributionPath).cap", "must not be negative, got \(contribution.cap.grouped)")
        }
        if let rate = contribution.rate, rate < 0 {
            error("\(contributionPath).rate", "must not be negative, got \(rate.grouped)")
        }
        if let base = contribution.base {
            if scenarioIndex.linearForm(of: base) == nil, scenarioIndex.lever(id: base) == nil,
                scenarioIndex.metric(id: base) == nil
            {
                error(
                    "\(contributionPath).base",
                    "unknown metric or lever '\(base)'\(Suggestions.hint(for: base, among: metricIDs + leverIDs))")
            } else if let range = range(of: base), range.lowerBound < 0 {
                error(
                    "\(contributionPath).base",
                    "'\(base)' can go negative (its reachable minimum is \(range.lowerBound.grouped)); a base must be "
                        + "non-negative over the levers' bounds")
            }
        }
        switch (contribution.rate, contribution.base) {
        case (_?, nil):
            warning("\(contributionPath).rate", "rate without base is ignored; add base: <metric or lever id>")
        case (nil, _?):
            warning("\(contributionPath).base", "base without rate is ignored; add rate: <fraction of the base>")
        default:
            break
        }
    }

    private mutating func checkExclusive() {
        let programIDs = scenario.programs.map(\.id)
        for (index, group) in scenario.exclusive.enumerated() {
            let path = "exclusive[\(index)]"
            if group.isEmpty {
                error(path, "empty group; list the ids of the programs of which at most one may be active")
            }
            var seen: Set<String> = []
            for (position, id) in group.enumerated() {
                let idPath = "\(path)[\(position)]"
                if !programIDs.contains(id) {
                    error(idPath, "unknown program '\(id)'\(Suggestions.hint(for: id, among: programIDs))")
                }
                if !seen.insert(id).inserted {
                    error(idPath, "program '\(id)' appears twice in this group; list it once")
                }
            }
        }
    }

    // MARK: - Envelope and constraints

    private mutating func checkEnvelope() {
        if case .upTo(let maxPct) = scenario.envelope.discount, maxPct < 0 {
            error("envelope.discount.maxPct", "must not be negative, got \(maxPct.grouped)")
        }
        if scenario.envelope.tiers.isEmpty {
            error("envelope.tiers", "at least one tier is needed; leave tiers out for one tier of 0%")
        }
        for (index, tier) in scenario.envelope.tiers.enumerated() {
            let path = "envelope.tiers[\(index)]"
            if tier.maxPct < 0 {
                error("\(path).maxPct", "must not be negative, got \(tier.maxPct.grouped)")
            }
            check(tier.requires, at: "\(path).requires", consequence: "the tier is never reached")
        }
    }

    private mutating func check(_ constraint: BuyerConstraint, at path: String) {
        for term in constraint.terms
        where scenarioIndex.lever(id: term.id) == nil && scenarioIndex.metric(id: term.id) == nil {
            error(
                "\(path).terms.\(term.id)",
                "unknown lever or metric '\(term.id)'\(Suggestions.hint(for: term.id, among: leverIDs + metricIDs))")
        }
        if let equals = constraint.equals {
            if constraint.atLeast != equals || constraint.atMost != equals {
                error("\(path).equals", "equals stands alone; remove atLeast and atMost, or replace equals with them")
            }
            return
        }
        switch (constraint.atLeast, constraint.atMost) {
        case (nil, nil):
            error(path, "no bound; give atMost, atLeast or equals")
        case (let atLeast?, let atMost?) where atLeast > atMost:
            error(
                "\(path).atLeast",
                "atLeast (\(atLeast.grouped)) is greater than atMost (\(atMost.grouped)); no trade can meet both")
        default:
            break
        }
    }
}

extension Decimal {
    /// The exact value with thousands separators, for messages: `40,000,000`, `0.12`, `-1,500.5`.
    public var grouped: String {
        let text = "\(self)"
        let negative = text.hasPrefix("-")
        let digits = negative ? String(text.dropFirst()) : text
        let parts = digits.split(separator: ".", maxSplits: 1)
        guard let whole = parts.first, whole.allSatisfy(\.isNumber) else { return text }
        var groups: [Substring] = []
        var end = whole.endIndex
        while end > whole.startIndex {
            let start = whole.index(end, offsetBy: -3, limitedBy: whole.startIndex) ?? whole.startIndex
            groups.insert(whole[start..<end], at: 0)
            end = start
        }
        let fraction = parts.count > 1 ? ".\(parts[1])" : ""
        return (negative ? "-" : "") + groups.joined(separator: ",") + fraction
    }
}
