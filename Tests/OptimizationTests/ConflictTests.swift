import Foundation
import Optimization
import Testing
import TestSupport

/// Conflict sets and minimal relaxations, checked by hand and against exhaustive enumeration.
@Suite struct ConflictTests {
    /// `x + y ≥ 10` cannot hold with `x ≤ 3` and `y ≤ 4`; `x − y ≤ 100` plays no part.
    static func textbook() -> (Model, [ConflictGroup]) {
        var model = Model(name: "textbook")
        let x = model.addVariable("x")
        let y = model.addVariable("y")
        let demand = model.addConstraint("demand", x + y >= 10)
        let spread = model.addConstraint("spread", x - y <= 100)
        return (
            model,
            [
                ConflictGroup("demand", rows: [.init(demand, .lower)]),
                ConflictGroup("x-cap", bounds: [.init(x, upper: 3)]),
                ConflictGroup("spread", constraints: [spread]),
                ConflictGroup("y-cap", bounds: [.init(y, upper: 4)]),
            ]
        )
    }

    @Test func findsTheTextbookConflict() throws {
        let (model, groups) = Self.textbook()
        let conflict = try #require(try model.conflict(groups: groups))
        #expect(conflict.softGroups == ["demand", "x-cap", "y-cap"])
        #expect(conflict.hardGroups.isEmpty)
        #expect(!conflict.hardOnly)
        #expect(conflict.isIrreducible)
    }

    /// Lowering demand by 3 costs 3 × 1; raising x's cap by 3 costs 3 × 2, y's 3 × 3.
    @Test func relaxesTheCheapestLimit() throws {
        let (model, groups) = Self.textbook()
        let relaxation = try #require(
            try model.minimalRelaxation(groups: groups, weights: ["demand": 1, "x-cap": 2, "y-cap": 3]))
        #expect(relaxation.moves.count == 1)
        let move = try #require(relaxation.moves.first)
        #expect(move.group == "demand")
        #expect(abs(move.amount - 3) < 1e-7 && abs(move.relaxed - 7) < 1e-7 && move.current == 10)
        #expect(abs(relaxation.cost - 3) < 1e-7)
        // With demand expensive, the caps move instead: x first (cheaper), 6 = 3 + 3 more.
        let other = try #require(
            try model.minimalRelaxation(groups: groups, weights: ["demand": 10, "x-cap": 2, "y-cap": 3]))
        #expect(other.moves.map(\.group) == ["x-cap"])
        #expect(abs((other.moves.first?.relaxed ?? 0) - 6) < 1e-7)
    }

    /// `1.5 ≤ x + y ≤ 1.7` holds for the LP (x + y = 1.6) but for no integers: the conflict needs
    /// MIP solves. `x ≤ 8` is irrelevant.
    @Test func findsAConflictTheRelaxationMisses() throws {
        var model = Model(name: "integers")
        let x = model.addVariable("x", kind: .integer, lowerBound: 0, upperBound: 10)
        let y = model.addVariable("y", kind: .integer, lowerBound: 0, upperBound: 10)
        let low = model.addConstraint("low", x + y >= 1.5)
        let high = model.addConstraint("high", x + y <= 1.7)
        let groups = [
            ConflictGroup("cap", bounds: [.init(x, upper: 8)]),
            ConflictGroup("low", constraints: [low]),
            ConflictGroup("high", constraints: [high]),
        ]
        let lp = Model.continuous(model)
        #expect(try lp.solve().status == .optimal)
        let conflict = try #require(try model.conflict(groups: groups))
        #expect(conflict.softGroups == ["low", "high"])
    }

    @Test func saysWhenHardGroupsConflictAlone() throws {
        var model = Model(name: "hard")
        let x = model.addVariable("x", kind: .integer, lowerBound: 0, upperBound: 10)
        let y = model.addVariable("y", lowerBound: 0, upperBound: 10)
        let row = model.addConstraint("sum", x + y <= 4)
        let groups = [
            ConflictGroup("soft-y", bounds: [.init(y, lower: 1)]),
            ConflictGroup("at-least-five", bounds: [.init(x, lower: 5)], isHard: true),
            ConflictGroup("sum", constraints: [row], isHard: true),
            ConflictGroup("unrelated", bounds: [.init(y, upper: 9)], isHard: true),
        ]
        let conflict = try #require(try model.conflict(groups: groups))
        #expect(conflict.hardOnly)
        #expect(conflict.softGroups.isEmpty)
        #expect(conflict.hardGroups == ["at-least-five", "sum"])
        #expect(try model.minimalRelaxation(groups: groups) == nil)
    }

    @Test func aFeasibleModelHasNoConflict() throws {
        var model = Model(name: "fine")
        let x = model.addVariable("x", kind: .integer, lowerBound: 0, upperBound: 3)
        let groups = [ConflictGroup("x-at-least-2", bounds: [.init(x, lower: 2)])]
        #expect(try model.conflict(groups: groups) == nil)
        let relaxation = try #require(try model.minimalRelaxation(groups: groups))
        #expect(relaxation.moves.isEmpty && relaxation.cost == 0)
    }

    @Test func rejectsGroupsThatShareARowSide() throws {
        var model = Model(name: "shared")
        let x = model.addVariable("x")
        let row = model.addConstraint("r", x >= 1)
        let groups = [ConflictGroup("a", constraints: [row]), ConflictGroup("b", rows: [.init(row, .lower)])]
        #expect(throws: ModelError.self) { try model.conflict(groups: groups) }
        #expect(throws: ModelError.self) { try model.minimalRelaxation(groups: groups, weights: ["a": -1]) }
    }

    // MARK: Random integer programs against enumeration

    /// A random infeasible integer program over three variables in 0...4, small enough to enumerate.
    struct RandomProgram {
        var model: Model
        var groups: [ConflictGroup]
        var weights: [String: Double]
        /// Row index → (coefficients, lower, upper).
        var rows: [(coefficients: [Double], lower: Double?, upper: Double?)]

        static let points: [[Double]] = {
            var points: [[Double]] = []
            for a in 0...4 { for b in 0...4 { for c in 0...4 { points.append([Double(a), Double(b), Double(c)]) } } }
            return points
        }()

        /// Whether `point` meets every row side and bound that holds with `active` groups.
        func holds(_ point: [Double], active: Set<String>, slackCost: Bool = false) -> Double? {
            var cost = 0.0
            func check(_ violation: Double, _ group: ConflictGroup?) -> Bool {
                guard violation > 1e-9 else { return true }
                guard let group else { return false }  // an ungrouped row always holds
                guard active.contains(group.name) else { return true }
                if slackCost && !group.isHard {
                    cost += (weights[group.name] ?? 1) * violation
                    return true
                }
                return false
            }
            for (index, row) in rows.enumerated() {
                let value = zip(row.coefficients, point).reduce(0) { $0 + $1.0 * $1.1 }
                let owner = groups.first { $0.rows.contains { $0.constraint.index == index } }
                if let lower = row.lower, !check(lower - value, owner) { return nil }
                if let upper = row.upper, !check(value - upper, owner) { return nil }
            }
            for group in groups {
                for bound in group.bounds {
                    let value = point[bound.variable.index]
                    if let lower = bound.lower, !check(lower - value, group) { return nil }
                    if let upper = bound.upper, !check(value - upper, group) { return nil }
                }
            }
            return cost
        }

        func feasible(active: Set<String>) -> Bool {
            Self.points.contains { holds($0, active: active) != nil }
        }

        static func make(seed: UInt64) -> RandomProgram? {
            var random = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ 1)
            var model = Model(name: "random-\(seed)")
            let variables = (0..<3).map { model.addVariable("x\($0)", kind: .integer, lowerBound: 0, upperBound: 4) }
            var groups: [ConflictGroup] = []
            var rows: [(coefficients: [Double], lower: Double?, upper: Double?)] = []
            for index in 0..<Int.random(in: 3...7, using: &random) {
                let coefficients = variables.map { _ in Double(Int.random(in: -3...3, using: &random)) }
                var expression = LinearExpression()
                for (variable, coefficient) in zip(variables, coefficients) { expression.add(coefficient, variable) }
                // Each row holds at some point of the box on its own, so conflicts take several rows.
                let point = (0..<3).map { _ in Double(Int.random(in: 0...4, using: &random)) }
                let value = zip(coefficients, point).reduce(0) { $0 + $1.0 * $1.1 }
                let offset = [0, 0, 0.5, 1, 2][Int.random(in: 0...4, using: &random)]
                let (lower, upper): (Double?, Double?) =
                    switch Int.random(in: 0...2, using: &random) {
                    case 0: (value - offset, nil)
                    case 1: (nil, value + offset)
                    default: (value - offset, value + offset)
                    }
                let reference = model.addConstraint(
                    "r\(index)", LinearRelation(expression, lowerBound: lower, upperBound: upper))
                rows.append((coefficients, lower, upper))
                if Int.random(in: 0..<8, using: &random) == 0 { continue }  // an ungrouped row always holds
                groups.append(
                    ConflictGroup(
                        "row\(index)", constraints: [reference], isHard: Int.random(in: 0..<5, using: &random) == 0))
            }
            for index in 0..<Int.random(in: 1...3, using: &random) {
                let variable = variables[Int.random(in: 0..<3, using: &random)]
                let value = Double(Int.random(in: 0...4, using: &random))
                let bound: ConflictGroup.BoundLimit =
                    Bool.random(using: &random) ? .init(variable, lower: value) : .init(variable, upper: value)
                groups.append(
                    ConflictGroup("bound\(index)", bounds: [bound], isHard: Int.random(in: 0..<5, using: &random) == 0))
            }
            let weights = Dictionary(
                uniqueKeysWithValues: groups.map { ($0.name, Double(Int.random(in: 1...4, using: &random))) })
            let program = RandomProgram(model: model, groups: groups, weights: weights, rows: rows)
            return program.feasible(active: Set(groups.map(\.name))) ? nil : program
        }
    }

    static let infeasibleSeeds: [UInt64] = {
        var seeds: [UInt64] = []
        var seed: UInt64 = 0
        while seeds.count < 150 {
            if RandomProgram.make(seed: seed) != nil { seeds.append(seed) }
            seed += 1
        }
        return seeds
    }()

    @Test("random MIPs: the conflict is infeasible, irreducible and names only the hard groups it needs")
    func randomConflictsAgainstEnumeration() throws {
        var solves = (elastic: 0, deletionOnly: 0)
        var sizes = 0
        var hardOnlyCount = 0
        for seed in Self.infeasibleSeeds {
            let program = try #require(RandomProgram.make(seed: seed))
            let hardNames = Set(program.groups.filter(\.isHard).map(\.name))
            for elastic in [true, false] {
                let conflict = try #require(
                    try program.model.conflict(
                        groups: program.groups,
                        options: ConflictOptions(elasticFilter: elastic, weights: program.weights)),
                    "seed \(seed): the model is infeasible")
                if elastic { solves.elastic += conflict.solves } else { solves.deletionOnly += conflict.solves }
                let members = Set(conflict.softGroups + conflict.hardGroups)
                #expect(conflict.isIrreducible)
                #expect(Set(conflict.hardGroups).isSubset(of: hardNames), "seed \(seed)")
                #expect(Set(conflict.softGroups).isDisjoint(with: hardNames), "seed \(seed)")
                // Infeasible on its own: only these groups (and ungrouped rows) hold.
                #expect(!program.feasible(active: members), "seed \(seed): \(members) is feasible")
                // Irreducible: without any soft member, with every hard group, a point exists.
                for name in conflict.softGroups {
                    #expect(
                        program.feasible(active: members.subtracting([name]).union(hardNames)),
                        "seed \(seed): still infeasible without \(name)")
                }
                // Each named hard group is needed.
                for name in conflict.hardGroups {
                    #expect(program.feasible(active: members.subtracting([name])), "seed \(seed): \(name) not needed")
                }
                // Hard-only exactly when the hard groups alone conflict.
                #expect(conflict.hardOnly == !program.feasible(active: hardNames), "seed \(seed)")
                if elastic {
                    sizes += members.count
                    if conflict.hardOnly { hardOnlyCount += 1 }
                }
            }
        }
        let count = Double(Self.infeasibleSeeds.count)
        print(
            "conflicts over \(Self.infeasibleSeeds.count) random MIPs: \(Double(sizes) / count) groups on average,",
            "\(hardOnlyCount) hard-only; solves per conflict: elastic + deletion \(Double(solves.elastic) / count),",
            "deletion only \(Double(solves.deletionOnly) / count)")
        #expect(hardOnlyCount > 0 && hardOnlyCount < Self.infeasibleSeeds.count)
    }

    @Test("random MIPs: the minimal relaxation costs what enumeration says it must")
    func randomRelaxationsAgainstEnumeration() throws {
        for seed in Self.infeasibleSeeds {
            let program = try #require(RandomProgram.make(seed: seed))
            let all = Set(program.groups.map(\.name))
            let costs = RandomProgram.points.compactMap { program.holds($0, active: all, slackCost: true) }
            let relaxation = try program.model.minimalRelaxation(groups: program.groups, weights: program.weights)
            guard let least = costs.min() else {
                #expect(relaxation == nil, "seed \(seed): the hard groups conflict, yet a relaxation came back")
                continue
            }
            let found = try #require(relaxation, "seed \(seed): enumeration relaxes at cost \(least)")
            #expect(abs(found.cost - least) < 1e-6, "seed \(seed): cost \(found.cost), enumeration \(least)")
            #expect(found.moves.allSatisfy { move in !program.groups.contains { $0.name == move.group && $0.isHard } })
            // The relaxed solution meets every hard limit and, moved by the reported amounts, every soft one.
            let point = found.values.map { $0.rounded() }
            let cost = try #require(program.holds(point, active: all, slackCost: true), "seed \(seed)")
            #expect(abs(cost - found.cost) < 1e-6, "seed \(seed): the solution's violations cost \(cost)")
        }
    }
}

extension Model {
    /// The model with every integer variable made continuous: its LP relaxation.
    static func continuous(_ model: Model) -> Model {
        var copy = Model(name: model.name)
        for variable in model.variables {
            copy.addVariable(
                variable.name, kind: .continuous, lowerBound: variable.lowerBound, upperBound: variable.upperBound)
        }
        for constraint in model.constraints { copy.addConstraint(constraint.name, constraint.relation) }
        copy.setObjective(model.sense, model.objective)
        return copy
    }
}

