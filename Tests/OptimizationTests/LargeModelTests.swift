import CGLPK
import CGLPKGuard
import Foundation
import TestSupport
import Testing

@testable import Optimization

/// What large programs need (docs/performance.md, "XL within 60 s"): a bound from any row
/// multipliers, the start kept when the time limit stops the root LP, and GLPK's root options
/// reached through the guarded layer.
@Suite struct LargeModelTests {
    /// max 3x + 2y with x + y ≤ 4, x + 3y ≤ 6, x ≤ 3 (a row, not a bound), x, y ≥ 0.
    /// By hand: optimum at x = 3, y = 1, value 11; duals 2, 0, 1 (2·4 + 1·3 = 11).
    static func handModel(_ sense: Model.Sense = .maximize) -> Model {
        var model = Model(name: "hand")
        let x = model.addVariable("x")
        let y = model.addVariable("y")
        model.addConstraint("a", x + y <= 4)
        model.addConstraint("b", x + 3 * y <= 6)
        model.addConstraint("c", 1 * x <= 3)
        let value = 3 * x + 2 * y
        model.setObjective(sense, sense == .maximize ? value : -1 * value)
        return model
    }

    @Test func optimalDualsGiveTheLPOptimum() throws {
        let model = Self.handModel()
        let solution = try model.solve(SolveOptions(presolve: false))
        let duals = try #require(solution.duals)
        let bound = try #require(model.lagrangianBound(rowMultipliers: duals))
        #expect(abs(bound - 11) < 1e-9)
        // The same for the minimization min −3x − 2y: GLPK's duals change sign, the bound is −11.
        let minimize = Self.handModel(.minimize)
        let minimized = try minimize.solve(SolveOptions(presolve: false))
        let minimizedDuals = try #require(minimized.duals)
        let lowest = try #require(minimize.lagrangianBound(rowMultipliers: minimizedDuals))
        #expect(abs(lowest + 11) < 1e-9)
    }

    /// Multipliers that are not the duals still give a bound, worked out by hand. The rows imply
    /// x ≤ min(4, 6, 3) = 3 and y ≤ min(4, 2) = 2 (the others at 0). With no multipliers:
    /// 3·3 + 2·2 = 13. With 1 on row a: 1·4 + (3 − 1)·3 + (2 − 1)·2 = 12. A multiplier of the
    /// wrong sign for a "≤" row is dropped.
    @Test func anyMultipliersGiveAValidBound() throws {
        let model = Self.handModel()
        #expect(model.lagrangianBound(rowMultipliers: [0, 0, 0]) == 13)
        #expect(model.lagrangianBound(rowMultipliers: [1, 0, 0]) == 12)
        #expect(model.lagrangianBound(rowMultipliers: [-5, 0, 0]) == 13)
        #expect(model.lagrangianBound(rowMultipliers: [1, 0]) == nil)
        #expect(model.lagrangianBound(rowMultipliers: [.nan, 0, 0]) == nil)
        // Random multipliers never bound below the optimum, 11.
        var random = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let multipliers = (0..<3).map { _ in Double.random(in: -3...3, using: &random) }
            let bound = try #require(model.lagrangianBound(rowMultipliers: multipliers))
            #expect(bound >= 11 - 1e-9)
        }
    }

    /// Nothing bounds z from above, and its objective coefficient is positive: no finite bound.
    @Test func anUnboundedDirectionGivesNoBound() {
        var model = Model(name: "open")
        let z = model.addVariable("z")
        model.addConstraint("floor", 1 * z >= 1)
        model.setObjective(.maximize, 1 * z)
        #expect(model.lagrangianBound(rowMultipliers: [0]) == nil)
    }

    /// max Σxᵢ over n integers with each xᵢ ≤ 1 as a row of its own: the optimum is n.
    static func unitRows(_ n: Int) -> Model {
        var model = Model(name: "unit-rows")
        let x = (0..<n).map { model.addVariable("x\($0)", kind: .integer) }
        for (i, variable) in x.enumerated() { model.addConstraint("one-\(i)", 1 * variable <= 1) }
        model.setObjective(.maximize, .sum(x.map { 1 * $0 }))
        return model
    }

    /// max Σxᵢ with xᵢ ≤ 1 as rows, xᵢ integer: the optimum is n, and the root LP needs about n
    /// pivots, far more than 1 ms allows. The all-zero start comes back as the answer, with a
    /// bound no lower than n (the rows imply xᵢ ≤ 1 whatever the duals were when it stopped).
    @Test func aRootLPStoppedByTheLimitKeepsTheStart() throws {
        let n = 4000
        let model = Self.unitRows(n)
        let start = [Double](repeating: 0, count: n)
        let solution = try model.solve(SolveOptions(timeLimit: .milliseconds(1), presolve: false, start: start))
        #expect(solution.termination == .timeLimit)
        #expect(solution.status == .feasible)
        #expect(solution.values == start)
        #expect(solution.objectiveValue == 0)
        let bound = try #require(solution.bestBound)
        #expect(bound >= Double(n) - 1e-6 && bound <= Double(n) + 1e-6)
        // Without a start the same limit leaves nothing in hand.
        let bare = try model.solve(SolveOptions(timeLimit: .milliseconds(1), presolve: false))
        #expect(bare.status == .noSolution)
    }

    /// The same program with time to spare: the root LP ends (its optimum is n), but less than
    /// `minimumSearchTime` is left, so the search is not begun and the start is the answer, with
    /// the root's bound n. Without the minimum the search proves n at once.
    @Test func tooLittleTimeLeftAfterTheRootKeepsTheStart() throws {
        let n = 200
        let model = Self.unitRows(n)
        let start = [Double](repeating: 0, count: n)
        var options = SolveOptions(timeLimit: .seconds(60), presolve: false, start: start)
        options.minimumSearchTime = .seconds(120)
        let solution = try model.solve(options)
        #expect(solution.status == .feasible)
        #expect(solution.termination == .timeLimit)
        #expect(solution.values == start)
        #expect(solution.bestBound == Double(n))
        #expect(solution.relaxationBound == Double(n))
        options.minimumSearchTime = nil
        let searched = try model.solve(options)
        #expect(searched.status == .optimal)
        #expect(searched.objectiveValue == Double(n))
    }

    /// A 0/1 knapsack small enough to enumerate: every root option reaches the same optimum.
    @Test(arguments: [
        SearchStrategy(simplex: .dual), SearchStrategy(initialBasis: .advanced), SearchStrategy(initialBasis: .bixby),
        SearchStrategy(presolvesRelaxation: true), SearchStrategy(heuristics: .all),
        SearchStrategy(branching: .pseudoCost, simplex: .dual, initialBasis: .advanced, presolvesRelaxation: true),
    ])
    func rootOptionsKeepTheOptimum(strategy: SearchStrategy) throws {
        let weights: [Double] = [23, 31, 29, 44, 53, 38, 63, 85, 89, 82]
        let values: [Double] = [92, 57, 49, 68, 60, 43, 67, 84, 87, 72]
        let capacity = 165.0
        var best = 0.0
        for mask in 0..<(1 << weights.count) {
            let chosen = weights.indices.filter { mask & (1 << $0) != 0 }
            if chosen.map({ weights[$0] }).reduce(0, +) <= capacity {
                best = max(best, chosen.map { values[$0] }.reduce(0, +))
            }
        }
        var model = Model(name: "knapsack")
        let x = weights.indices.map { model.addVariable("x\($0)", kind: .binary) }
        model.addConstraint("capacity", .sum(zip(weights, x).map { $0 * $1 }) <= LinearExpression(constant: capacity))
        model.setObjective(.maximize, .sum(zip(values, x).map { $0 * $1 }))
        let solution = try model.solve(SolveOptions(presolve: false, strategy: strategy))
        #expect(solution.status == .optimal)
        #expect(solution.objectiveValue == best)
    }

    /// A market-split program (equality rows GLPK's rounding cannot meet) whose only known point
    /// is planted: handed back by `roundRelaxation`, it is completed, offered as the first
    /// incumbent, and with an enormous gap tolerance the search stops on it.
    @Test func aRoundingOfTheRelaxationBecomesTheFirstIncumbent() throws {
        let (model, planted, weights) = MarketSplit.program()
        let n = planted.count
        var options = SolveOptions(relativeGap: 1e9, presolve: false, strategy: SearchStrategy(heuristics: []))
        options.strategy.roundsRelaxation = true
        options.roundRelaxation = { relaxed in
            #expect(relaxed.count == n)
            return [planted]
        }
        let solution = try model.solve(options)
        #expect(solution.status == .feasible)
        #expect(solution.termination == .gapLimit)
        #expect(solution.objectiveValue == zip(weights, planted).map(*).reduce(0, +))
        #expect(solution.values == planted)
    }

    @Test func unknownHeuristicsAreRefusedBeforeGLPK() {
        var strategy = SearchStrategy()
        strategy.heuristics = SearchStrategy.Heuristics(rawValue: 4)
        #expect(throws: ModelError.self) { try Self.handModel().solve(SolveOptions(strategy: strategy)) }
    }

    /// The guarded layer refuses out-of-range codes itself (GLPK would take them as a fatal error)
    /// and leaves the problem usable.
    @Test func outOfRangeRootOptionsAreRefusedAndTheProblemSurvives() throws {
        let generation = rtg_generation()
        var problem: OpaquePointer?
        #expect(rtg_create_prob(&problem) == RTG_OK)
        defer { _ = rtg_delete_prob(problem) }
        var first: Int32 = 0
        #expect(rtg_add_rows(problem, 1, &first) == RTG_OK)
        var params = rtg_params()
        params.time_limit_ms = Int32.max
        var code: Int32 = -1
        params.simplex_method = 9
        #expect(rtg_simplex(problem, &params, &code) == RTG_MISUSE)
        params.simplex_method = 0
        params.initial_basis = 3
        #expect(rtg_simplex(problem, &params, &code) == RTG_MISUSE)
        params.initial_basis = RTG_BASIS_ADVANCED
        params.heuristics = 4
        var search = rtg_search()
        rtg_search_init(&search)
        #expect(rtg_intopt(problem, &params, &search, &code) == RTG_MISUSE)
        #expect(code == -1)
        // GLPK never saw them: no fatal error reset the environment, and the problem still works.
        #expect(rtg_generation() == generation)
        #expect(rtg_add_rows(problem, 2, &first) == RTG_OK)
        #expect(first == 2)
    }
}

/// A market-split style program: equality rows with random coefficients, which GLPK's rounding
/// heuristic cannot satisfy, around a planted point that satisfies them.
enum MarketSplit {
    static func program(seed: UInt64 = 42, n: Int = 20) -> (model: Model, planted: [Double], weights: [Double]) {
        var random = SplitMix64(seed: seed)
        let chosen = (0..<n).map { _ in Bool.random(using: &random) }
        var model = Model(name: "market-split")
        let x = (0..<n).map { model.addVariable("x\($0)", kind: .binary) }
        for row in 0..<2 {
            let a = (0..<n).map { _ in Double(Int.random(in: 1...99, using: &random)) }
            let target = zip(a, chosen).filter(\.1).map(\.0).reduce(0, +)
            model.addConstraint("split-\(row)", .sum(zip(a, x).map { $0 * $1 }) == LinearExpression(constant: target))
        }
        let weights = (0..<n).map { _ in Double(Int.random(in: 1...50, using: &random)) }
        model.setObjective(.maximize, .sum(zip(weights, x).map { $0 * $1 }))
        return (model, chosen.map { $0 ? 1.0 : 0.0 }, weights)
    }
}
