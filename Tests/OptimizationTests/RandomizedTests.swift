import Testing
import Optimization
import TestSupport

/// A knapsack with one or two capacity rows and bounded integer counts per item.
struct Knapsack: CustomStringConvertible {
    var values: [Int]
    var weights: [[Int]]  // [row][item]
    var capacities: [Int]
    var maxCount: [Int]

    init(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let items = Int.random(in: 2...7, using: &random)
        let rows = Int.random(in: 1...2, using: &random)
        values = (0..<items).map { _ in Int.random(in: 1...30, using: &random) }
        weights = (0..<rows).map { _ in (0..<items).map { _ in Int.random(in: 1...15, using: &random) } }
        capacities = weights.map { row in Int.random(in: 1...max(1, row.reduce(0, +)), using: &random) }
        maxCount = (0..<items).map { _ in Int.random(in: 1...3, using: &random) }
    }

    var description: String { "values \(values) weights \(weights) capacities \(capacities) max \(maxCount)" }

    /// Enumerates every assignment of counts.
    func bruteForce() -> Int {
        var best = 0
        var counts = [Int](repeating: 0, count: values.count)
        func visit(_ item: Int) {
            if item == values.count {
                for (row, capacity) in capacities.enumerated()
                where zip(weights[row], counts).map(*).reduce(0, +) > capacity { return }
                best = max(best, zip(values, counts).map(*).reduce(0, +))
                return
            }
            for count in 0...maxCount[item] {
                counts[item] = count
                visit(item + 1)
            }
        }
        visit(0)
        return best
    }

    func model() -> Model {
        var model = Model(name: "knapsack")
        let counts = maxCount.enumerated().map { item, limit in
            limit == 1
                ? model.addVariable("take-\(item)", kind: .binary)
                : model.addVariable("take-\(item)", kind: .integer, upperBound: Double(limit))
        }
        for (row, capacity) in capacities.enumerated() {
            let weight = LinearExpression.sum(zip(weights[row], counts).map { Double($0) * $1 })
            model.addConstraint("capacity-\(row)", weight <= LinearExpression(constant: Double(capacity)))
        }
        model.setObjective(.maximize, .sum(zip(values, counts).map { Double($0) * $1 }))
        return model
    }
}

/// A square assignment problem: each worker does exactly one task, at least cost.
struct Assignment {
    var costs: [[Int]]

    init(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let size = Int.random(in: 2...5, using: &random)
        costs = (0..<size).map { _ in (0..<size).map { _ in Int.random(in: 0...40, using: &random) } }
    }

    /// The cheapest over all permutations.
    func bruteForce() -> Int {
        var best = Int.max
        func permute(_ remaining: [Int], _ worker: Int, _ cost: Int) {
            if remaining.isEmpty { return best = min(best, cost) }
            for (position, task) in remaining.enumerated() {
                var rest = remaining
                rest.remove(at: position)
                permute(rest, worker + 1, cost + costs[worker][task])
            }
        }
        permute(Array(costs.indices), 0, 0)
        return best
    }

    func model() -> Model {
        var model = Model(name: "assignment")
        let n = costs.count
        let x = (0..<n).map { i in (0..<n).map { j in model.addVariable("x-\(i)-\(j)", kind: .binary) } }
        for i in 0..<n { model.addConstraint("worker-\(i)", LinearExpression.sum(x[i].map(LinearExpression.init)) == 1) }
        for j in 0..<n {
            model.addConstraint("task-\(j)", LinearExpression.sum((0..<n).map { LinearExpression(x[$0][j]) }) == 1)
        }
        var cost = LinearExpression()
        for i in 0..<n { for j in 0..<n { cost.add(Double(costs[i][j]), x[i][j]) } }
        model.setObjective(.minimize, cost)
        return model
    }
}

@Suite struct RandomizedTests {
    @Test(arguments: 0..<150) func knapsackMatchesBruteForce(seed: Int) throws {
        let knapsack = Knapsack(seed: UInt64(seed))
        let expected = Double(knapsack.bruteForce())
        // Alternate presolve so both of GLPK's MIP paths are checked.
        let solution = try knapsack.model().solve(SolveOptions(presolve: seed.isMultiple(of: 2)))
        #expect(solution.status == .optimal, "\(knapsack)")
        // GLPK scales the problem, so the objective carries floating-point noise of about 1e-15.
        #expect(abs(solution.objectiveValue! - expected) <= 1e-9 * max(1, expected), "seed \(seed): \(knapsack)")
        // The reported solution must itself be feasible and worth the objective.
        let model = knapsack.model()
        for constraint in model.constraints {
            #expect(constraint.relation.expression.evaluate(solution.values) <= constraint.relation.upperBound! + 1e-9)
        }
        #expect(abs(model.objective.evaluate(solution.values.map { $0.rounded() }) - expected) <= 1e-9)
    }

    @Test(arguments: 0..<60) func assignmentMatchesBruteForce(seed: Int) throws {
        let problem = Assignment(seed: UInt64(1000 + seed))
        let solution = try problem.model().solve()
        #expect(solution.status == .optimal)
        #expect(abs(solution.objectiveValue! - Double(problem.bruteForce())) <= 1e-9, "\(problem.costs)")
    }
}
