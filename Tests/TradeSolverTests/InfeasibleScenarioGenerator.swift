import Foundation
import Optimization
import TradeModel
import TradeSolver
import TestSupport

/// Small infeasible scenarios: a generated valid scenario, then one to three changes that tend to
/// leave no trade (a tight pair of constraints, a hurdle above what a constraint allows, a lever
/// minimum above a capacity, a --fix, a --force or --forbid), and random negotiability and weights.
enum InfeasibleScenarioGenerator {
    static func make(seed: UInt64) -> (Scenario, TradeOptions)? {
        var scenario = ScenarioGenerator.scenario(seed: seed)
        var random = SplitMix64(seed: seed &* 0x5851_F42D_4C95_7F2D &+ 99)
        var options = TradeOptions()
        let integers = scenario.levers.indices.filter { scenario.levers[$0].type == .integer }
        for change in 0..<random.int(1...3) {
            switch random.int(0...5) {
            case 0:  // a pair of constraints that pull apart
                let lever = random.pick(scenario.levers)
                let other = random.pick(scenario.levers)
                let high = lever.max - (random.chance(0.5) ? 0 : lever.step)
                scenario.constraints.append(
                    BuyerConstraint(id: "need-\(change)", terms: [Term(lever.id, 1)], atLeast: high))
                var terms = [Term(lever.id, 1)]
                if other.id != lever.id { terms.append(Term(other.id, dec(random.pick(["1", "2"])))) }
                scenario.constraints.append(
                    BuyerConstraint(id: "cap-\(change)", terms: terms, atMost: high - lever.step))
            case 1:  // a hurdle above what a capacity on the most valuable lever allows
                let lever = scenario.levers.max { $0.value * $0.max < $1.value * $1.max }!
                let reachable = scenario.levers.reduce(Decimal(0)) { $0 + $1.value * $1.max }
                scenario.microsoft.hurdle = (reachable * dec(random.pick(["0.7", "0.9", "1.05"]))).wholeRounded() + 1
                scenario.constraints.append(
                    BuyerConstraint(
                        id: "hold-\(change)", terms: [Term(lever.id, 1)],
                        atMost: lever.min + lever.step * Decimal(random.int(0...1))))
            case 2:  // a minimum above a capacity
                guard let index = integers.first.map({ _ in random.pick(integers) }) else { continue }
                let lever = scenario.levers[index]
                let steps = ((lever.max - lever.min) / lever.step).asInt
                guard steps >= 1 else { continue }
                scenario.levers[index].min = lever.min + lever.step * Decimal(random.int(1...steps))
                scenario.constraints.append(
                    BuyerConstraint(
                        id: "capacity-\(change)", terms: [Term(lever.id, 1)],
                        atMost: scenario.levers[index].min - lever.step))
            case 3:  // a what-if fix
                let lever = random.pick(scenario.levers)
                let steps = ((lever.max - lever.min) / lever.step).asInt
                options.fixedQuantities[lever.id] = lever.min + lever.step * Decimal(random.int(0...steps))
            case 4:  // force a program
                guard !scenario.programs.isEmpty else { continue }
                let id = random.pick(scenario.programs).id
                if !options.forbiddenPrograms.contains(id) { options.forcedPrograms.insert(id) }
            default:  // forbid a program, and make the hurdle need it
                guard !scenario.programs.isEmpty else { continue }
                let id = random.pick(scenario.programs).id
                if !options.forcedPrograms.contains(id) { options.forbiddenPrograms.insert(id) }
                scenario.microsoft.hurdle += Decimal(random.pick([0, 10, 100]))
            }
        }
        for index in scenario.constraints.indices {
            if random.chance(0.15) { scenario.constraints[index].negotiable = false }
            if random.chance(0.3) { scenario.constraints[index].weight = Decimal(random.pick([2, 5])) }
        }
        for index in scenario.levers.indices {
            if random.chance(0.15) { scenario.levers[index].negotiable = false }
            if random.chance(0.2) { scenario.levers[index].weight = Decimal(random.pick([2, 5])) }
        }
        if random.chance(0.15) { scenario.microsoft.negotiable = false }
        if random.chance(0.2) { scenario.microsoft.weight = 3 }
        // Cost curves must start at min or below; the generator's may start above a raised min only if
        // they started above the old one, which validation forbids, so nothing to fix here.
        guard scenario.validate().allSatisfy({ $0.severity != .error }) else { return nil }
        guard let feasible = try? DiagnosisOracle.isFeasible(scenario, options), !feasible else { return nil }
        return (scenario, options)
    }
}

/// Feasibility through the plain formulation (no objective): independent of the diagnosis model.
enum DiagnosisOracle {
    static func isFeasible(_ scenario: Scenario, _ options: TradeOptions) throws -> Bool {
        var model = try Formulation(scenario, options: options).model
        model.setObjective(.minimize, LinearExpression())
        let solution = try model.solve(SolveOptions(integralityTolerance: 1e-9))
        return solution.hasSolution
    }

    /// The largest quantity a dropped `max` lets a lever reach, as `docs/diagnosis.md` defines it.
    static func naturalMaximum(_ lever: Lever) -> Decimal { lever.max + Swift.max(lever.max - lever.min, lever.step) }

    /// Every negotiable (soft) limit of the scenario and options, by path; with `hardToo`, also those
    /// marked `negotiable: false`.
    static func softLimits(_ scenario: Scenario, _ options: TradeOptions, hardToo: Bool = false) -> Set<String> {
        var paths: Set<String> = []
        for (index, constraint) in scenario.constraints.enumerated() where hardToo || constraint.negotiable != false {
            if constraint.equals != nil {
                paths.insert("constraints[\(index)].equals")
            } else {
                if constraint.atLeast != nil { paths.insert("constraints[\(index)].atLeast") }
                if constraint.atMost != nil { paths.insert("constraints[\(index)].atMost") }
            }
        }
        if hardToo || scenario.microsoft.negotiable != false { paths.insert("microsoft.hurdle") }
        for (index, lever) in scenario.levers.enumerated()
        where lever.type == .integer && (hardToo || lever.negotiable != false) {
            if lever.min > 0 { paths.insert("levers[\(index)].min") }
            paths.insert("levers[\(index)].max")
        }
        for (id, quantity) in options.fixedQuantities { paths.insert("--fix \(id)=\(quantity)") }
        for id in options.forcedPrograms { paths.insert("--force \(id)") }
        for id in options.forbiddenPrograms { paths.insert("--forbid \(id)") }
        return paths
    }

    /// Every program and tier condition and every exclusive group: structure a scenario edit can drop.
    static func droppableStructure(_ scenario: Scenario) -> Set<String> {
        var paths: Set<String> = []
        for (i, program) in scenario.programs.enumerated() {
            for j in program.requires.indices { paths.insert("programs[\(i)].requires[\(j)]") }
        }
        for (i, tier) in scenario.envelope.tiers.enumerated() {
            for j in tier.requires.indices { paths.insert("envelope.tiers[\(i)].requires[\(j)]") }
        }
        for i in scenario.exclusive.indices { paths.insert("exclusive[\(i)]") }
        return paths
    }

    /// The scenario with the limits at `paths` dropped: a constraint bound removed, the hurdle far
    /// below any gain, a lever's min at 0 or its max at its natural maximum, an option left out; a
    /// program's or tier's condition or an exclusive group removed.
    static func dropping(
        _ paths: Set<String>, from scenario: Scenario, _ options: TradeOptions
    ) -> (Scenario, TradeOptions) {
        let original = scenario
        var scenario = scenario
        var options = options
        func index(_ path: String) -> Int { Int(path.split(separator: "[")[1].split(separator: "]")[0])! }
        var removedConditions: [(program: Bool, owner: Int, condition: Int)] = []
        var removedExclusive: [Int] = []
        for path in paths {
            if path.hasPrefix("constraints[") {
                let i = index(path)
                if path.hasSuffix(".equals") {
                    scenario.constraints[i].equals = nil
                    scenario.constraints[i].atLeast = nil
                    scenario.constraints[i].atMost = nil
                } else if path.hasSuffix(".atLeast") {
                    scenario.constraints[i].atLeast = nil
                } else {
                    scenario.constraints[i].atMost = nil
                }
            } else if path == "microsoft.hurdle" {
                scenario.microsoft.hurdle = -1_000_000_000_000
            } else if path.hasPrefix("levers[") && path.hasSuffix(".min") {
                let i = index(path)
                scenario.levers[i].min = 0
                if let first = scenario.levers[i].cost.first, first.from > 0 { scenario.levers[i].cost[0].from = 0 }
            } else if path.hasPrefix("levers[") && path.hasSuffix(".max") {
                let i = index(path)
                scenario.levers[i].max = naturalMaximum(original.levers[i])  // from the scenario's own min
            } else if path.hasPrefix("--fix ") {
                let id = String(path.dropFirst(6).split(separator: "=")[0])
                options.fixedQuantities[id] = nil
            } else if path.hasPrefix("--force ") {
                options.forcedPrograms.remove(String(path.dropFirst(8)))
            } else if path.hasPrefix("--forbid ") {
                options.forbiddenPrograms.remove(String(path.dropFirst(9)))
            } else if path.hasPrefix("programs[") || path.hasPrefix("envelope.tiers["), path.contains(".requires[") {
                let parts = path.split(separator: "[").dropFirst().map { Int($0.split(separator: "]")[0])! }
                removedConditions.append((path.hasPrefix("programs["), parts[0], parts[1]))
            } else if path.hasPrefix("exclusive[") {
                removedExclusive.append(index(path))
            }
        }
        // Removed last to first so indices hold.
        for removal in removedConditions.sorted(by: { $0.condition > $1.condition }) {
            if removal.program {
                scenario.programs[removal.owner].requires.remove(at: removal.condition)
            } else {
                scenario.envelope.tiers[removal.owner].requires.remove(at: removal.condition)
            }
        }
        for group in removedExclusive.sorted(by: >) { scenario.exclusive.remove(at: group) }
        return (scenario, options)
    }

    /// The scenario and options with the suggested changes made: the test's own reading of a path.
    static func applying(_ changes: [LimitChange], to scenario: Scenario, _ options: TradeOptions) -> (
        Scenario, TradeOptions
    ) {
        var scenario = scenario
        var options = options
        func index(_ path: String) -> Int { Int(path.split(separator: "[")[1].split(separator: "]")[0])! }
        for change in changes {
            let path = change.path
            let value = change.suggested
            if path == "microsoft.hurdle" {
                scenario.microsoft.hurdle = value!
            } else if path.hasPrefix("constraints[") {
                let i = index(path)
                if path.hasSuffix(".equals") {
                    scenario.constraints[i] = BuyerConstraint(
                        id: scenario.constraints[i].id, terms: scenario.constraints[i].terms, equals: value!)
                } else if path.hasSuffix(".atLeast") {
                    scenario.constraints[i].atLeast = value!
                } else {
                    scenario.constraints[i].atMost = value!
                }
            } else if path.hasPrefix("levers[") && path.hasSuffix(".min") {
                let i = index(path)
                scenario.levers[i].min = value!
                if let first = scenario.levers[i].cost.first, first.from > value! {
                    scenario.levers[i].cost[0].from = value!
                }
            } else if path.hasPrefix("levers[") && path.hasSuffix(".max") {
                scenario.levers[index(path)].max = value!
            } else if path.hasPrefix("--fix ") {
                options.fixedQuantities[String(path.dropFirst(6).split(separator: "=")[0])] = value!
            } else if path.hasPrefix("--force ") {
                options.forcedPrograms.remove(String(path.dropFirst(8)))
            } else if path.hasPrefix("--forbid ") {
                options.forbiddenPrograms.remove(String(path.dropFirst(9)))
            }
        }
        return (scenario, options)
    }
}
