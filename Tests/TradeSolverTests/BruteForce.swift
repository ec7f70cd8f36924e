import Foundation
import TradeModel

/// An independent solver for small scenarios: it enumerates every integer assignment (each lever's
/// steps, each program's switch, the one tier reached) and solves the continuous rest in closed form.
///
/// For a fixed assignment the costs are exact, `k = C(q)`, and only the money is left: each program
/// may pay `0 ≤ c ≤ ub = min(cap, rate · base)`, the discount `0 ≤ d ≤ dmax`, concessions and the
/// discount share the envelope `E`, and everything together stays within Microsoft's headroom
/// `M = Σ value · q − hurdle`. With `F` the funding bounds and `Cc` the concession bounds summed,
/// the total `T = Σc + d` can be any value in `[0, F + min(E, Cc + dmax)]`, so the assignment is
/// feasible exactly when `M ≥ 0`, and the best total is
/// - buyer-value: `T = min(M, Tcap)`, objective `T − K`;
/// - balanced: the peak of the tent `min(T − K, M − T)`, `T = min((K + M) / 2, M, Tcap)`.
/// Either way `T = K + objective`. The least discount that pays `T` is `max(0, T − F − Cc)`:
/// funding first, then concessions (which fit in `E` since `T ≤ F + E`).
struct BruteForce {
    struct Assignment: CustomStringConvertible {
        var quantities: [Decimal]
        var active: [Bool]
        var tier: Int
        var objective: Double
        var cost: Double
        var quantity: Double
        var total: Double
        var discount: Double

        var description: String {
            "q \(quantities) y \(active.map { $0 ? 1 : 0 }) tier \(tier): objective \(objective) cost \(cost) "
                + "quantity \(quantity) total \(total) discount \(discount)"
        }
    }

    let scenario: Scenario

    init(_ scenario: Scenario) { self.scenario = scenario }

    /// The quantities a lever may take.
    static func quantities(of lever: Lever) -> [Decimal] {
        let steps = (lever.max - lever.min).asInt / lever.step.asInt
        return (0...steps).map { lever.min + lever.step * Decimal($0) }
    }

    /// The integral of the slope from `min` to `q` (`q ≥ min`): segment i covers `[fromᵢ, fromᵢ₊₁)`,
    /// the first reaching back without limit and the last forward.
    static func cost(of lever: Lever, at quantity: Decimal) -> Decimal {
        var total: Decimal = 0
        for (index, segment) in lever.cost.enumerated() {
            let low = index == 0 ? lever.min : Swift.max(segment.from, lever.min)
            let high = index + 1 < lever.cost.count ? Swift.min(lever.cost[index + 1].from, quantity) : quantity
            if high > low { total += segment.perUnit * (high - low) }
        }
        return total
    }

    /// Lever quantities and metric values, metrics evaluated in document order.
    static func values(_ scenario: Scenario, quantities: [String: Decimal]) -> [String: Decimal] {
        var values = quantities
        for metric in scenario.metrics {
            values[metric.id] = metric.terms.reduce(metric.constant) { $0 + $1.coefficient * values[$1.id]! }
        }
        return values
    }

    static func holds(_ condition: Condition, _ values: [String: Decimal]) -> Bool {
        let value = values[condition.subject.id]!
        switch condition.comparison {
        case .atLeast: return value >= condition.threshold
        case .atMost: return value <= condition.threshold
        }
    }

    static func activity(_ constraint: BuyerConstraint, _ values: [String: Decimal]) -> Decimal {
        constraint.terms.reduce(Decimal(0)) { $0 + $1.coefficient * values[$1.id]! }
    }

    static func satisfied(_ constraint: BuyerConstraint, _ values: [String: Decimal]) -> Bool {
        let activity = activity(constraint, values)
        if let low = constraint.atLeast, activity < low { return false }
        if let high = constraint.atMost, activity > high { return false }
        return true
    }

    /// The upper bound of a program's contribution at these values, before its switch.
    static func bound(_ contribution: Contribution, _ values: [String: Decimal]) -> Decimal {
        guard let rate = contribution.rate, let base = contribution.base else { return contribution.cap }
        return Swift.min(contribution.cap, rate * values[base]!)
    }

    static func tolerance(_ value: Double) -> Double { Swift.max(1e-7, 1e-9 * abs(value)) }

    /// Every feasible assignment, each at its own best money.
    func feasibleAssignments() -> [Assignment] {
        let levers = scenario.levers
        let programs = scenario.programs
        let tiers = scenario.envelope.tiers
        let baseline = scenario.baseline.spend.asDouble
        let maxDiscount: Double =
            switch scenario.envelope.discount {
            case .unlimited: .infinity
            case .none: 0
            case .upTo(let maxPct): (maxPct * scenario.baseline.spend).asDouble
            }
        let exclusive = scenario.exclusive.map { group in group.map { id in programs.firstIndex { $0.id == id }! } }
        let choices = levers.map(Self.quantities(of:))
        var found: [Assignment] = []
        var index = [Int](repeating: 0, count: levers.count)
        while true {
            let quantities = zip(choices, index).map { $0[$1] }
            let values = Self.values(
                scenario, quantities: Dictionary(uniqueKeysWithValues: zip(levers.map(\.id), quantities)))
            let gain = zip(levers, quantities).reduce(Decimal(0)) { $0 + $1.0.value * $1.1 }
            let headroom = gain - scenario.microsoft.hurdle
            if headroom >= 0 && scenario.constraints.allSatisfy({ Self.satisfied($0, values) }) {
                let cost = zip(levers, quantities).reduce(Decimal(0)) { $0 + Self.cost(of: $1.0, at: $1.1) }.asDouble
                let quantity = quantities.reduce(Decimal(0), +).asDouble
                let m = headroom.asDouble
                let eligible = programs.map { $0.requires.allSatisfy { Self.holds($0, values) } }
                let bounds = programs.map { $0.contribution.map { Self.bound($0, values).asDouble } ?? 0 }
                let reachable = tiers.map { $0.requires.allSatisfy { Self.holds($0, values) } }
                for mask in 0..<(1 << programs.count) {
                    let active = programs.indices.map { mask & (1 << $0) != 0 }
                    if programs.indices.contains(where: { active[$0] && !eligible[$0] }) { continue }
                    if exclusive.contains(where: { $0.filter { active[$0] }.count > 1 }) { continue }
                    var funding = 0.0, concessions = 0.0, expansion = 0.0
                    for (p, program) in programs.enumerated() where active[p] {
                        switch program.contribution?.kind {
                        case .funding: funding += bounds[p]
                        case .concession: concessions += bounds[p]
                        case nil: break
                        }
                        expansion += (program.expandsEnvelope ?? 0).asDouble * baseline
                    }
                    for (t, tier) in tiers.enumerated() where reachable[t] {
                        let envelope = tier.maxPct.asDouble * baseline + expansion
                        let cap = funding + Swift.min(envelope, concessions + maxDiscount)
                        let high = Swift.min(m, cap)
                        let total: Double
                        let objective: Double
                        switch scenario.objective {
                        case .buyerValue:
                            total = high
                            objective = total - cost
                        case .balanced:
                            total = Swift.min((cost + m) / 2, high)
                            objective = Swift.min(total - cost, m - total)
                        }
                        found.append(
                            Assignment(
                                quantities: quantities, active: active, tier: t, objective: objective, cost: cost,
                                quantity: quantity, total: total,
                                discount: Swift.max(0, total - funding - concessions)))
                    }
                }
            }
            // Next lever assignment, odometer style.
            var position = 0
            while position < levers.count {
                index[position] += 1
                if index[position] < choices[position].count { break }
                index[position] = 0
                position += 1
            }
            if position == levers.count { break }
        }
        return found
    }

    /// The spec's optimum among the assignments `admits` (a near miss: those with a program active
    /// or a tier reached): the best objective, then the smallest cost, quantity and discount, each
    /// pass keeping the earlier ones within the solver's tolerance. `nil` when nothing is feasible.
    func optimum(where admits: (Assignment) -> Bool = { _ in true }) -> Assignment? {
        var pool = feasibleAssignments().filter(admits)
        guard let best = pool.map(\.objective).max() else { return nil }
        pool = pool.filter { $0.objective >= best - Self.tolerance(best) }
        let cost = pool.map(\.cost).min()!
        pool = pool.filter { $0.cost <= cost + Self.tolerance(cost) }
        let quantity = pool.map(\.quantity).min()!
        pool = pool.filter { $0.quantity <= quantity + Self.tolerance(quantity) }
        return pool.min { $0.discount < $1.discount }
    }
}

// MARK: - The scenario as a document

extension Scenario {
    /// The scenario in the spec's YAML, for failure messages: paste it into a file and run `trade`.
    var yaml: String { (try? ScenarioEncoder.yaml(self)) ?? "\(self)" }
}
