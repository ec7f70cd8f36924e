import Foundation
import Optimization
import ScenarioGenerator
import Testing
import TradeModel

@testable import TradeSolver

/// The trade solver's choices for large programs (docs/performance.md, "XL within 60 s").
@Suite struct SizeStrategyTests {
    static func lever(
        _ cost: [CostSegment], min: Decimal = 0, max: Decimal = 30_000_000, step: Decimal = 1_000_000,
        type: Lever.QuantityType = .integer
    ) -> Lever {
        var lever = ScenarioGenerator.scenario(.s, seed: 1).levers[0]
        lever.cost = cost
        lever.min = min
        lever.max = max
        lever.step = step
        lever.type = type
        return lever
    }

    /// A program with just enough columns to count as large.
    static func wide() -> Model {
        var model = Model(name: "wide")
        for i in 0..<SizeStrategy.largeColumns { model.addVariable("x\(i)") }
        return model
    }

    /// Worked by hand from each curve.
    @Test func freeQuantityIsTheTopOfAFreeFirstSegment() {
        let forecast = [CostSegment(from: 0, perUnit: 0), CostSegment(from: 18_000_000, perUnit: dec("0.3"))]
        #expect(SizeStrategy.freeQuantity(Self.lever(forecast)) == 18_000_000)
        // Free until 18.5 M in steps of 1 M: 18 M is the last whole step.
        let between = [CostSegment(from: 0, perUnit: 0), CostSegment(from: 18_500_000, perUnit: 1)]
        #expect(SizeStrategy.freeQuantity(Self.lever(between)) == 18_000_000)
        // Free beyond the maximum: the maximum.
        let wide = [CostSegment(from: 0, perUnit: 0), CostSegment(from: 40_000_000, perUnit: 1)]
        #expect(SizeStrategy.freeQuantity(Self.lever(wide)) == 30_000_000)
        // No cost at all: the maximum; a cost from the first unit: the minimum.
        #expect(SizeStrategy.freeQuantity(Self.lever([])) == 30_000_000)
        #expect(SizeStrategy.freeQuantity(Self.lever([CostSegment(from: 0, perUnit: 1)], min: 2_000_000)) == 2_000_000)
        // A binary lever that costs nothing: on (one step).
        let binary = Self.lever([CostSegment(from: 0, perUnit: 0)], step: 1, type: .binary)
        #expect(SizeStrategy.freeQuantity(binary) == 1)
    }

    /// Only programs of XL's order count as large: M and L stay on the search they had.
    @Test func onlyLargeProgramsGetAStart() throws {
        let m = try Formulation(ScenarioGenerator.scenario(.m, seed: 1))
        #expect(m.searchModel.variables.count == 496)  // glpsol reads 452 rows, 496 columns from its export
        #expect(!SizeStrategy.isLarge(m.searchModel))
        #expect(SizeStrategy.isLarge(Self.wide()))
        let run = LexicographicRun(formulation: m, options: TradeOptions())
        #expect(run.startForSize() == nil)
    }

    /// Without a strategy of the caller's, the bundled default (25 columns) gets Driebeck–Tomlin
    /// branching and M (496) pseudo-cost branching; a caller's choice stands on both.
    @Test func branchingFollowsSizeUnlessChosen() throws {
        let small = try Formulation(ScenarioGenerator.scenario(.s, seed: 1)).searchModel
        let m = try Formulation(ScenarioGenerator.scenario(.m, seed: 1)).searchModel
        #expect(small.variables.count == 25)  // the MPS that `trade export` writes has 25 columns
        #expect(SizeStrategy.strategy(nil, for: small).branching == .driebeckTomlin)
        #expect(SizeStrategy.strategy(nil, for: m).branching == .pseudoCost)
        let chosen = SearchStrategy(branching: .pseudoCost, backtracking: .depthFirst)
        #expect(SizeStrategy.strategy(chosen, for: small) == chosen)
        #expect(SizeStrategy.strategy(.glpkDefault, for: m) == .glpkDefault)
    }

    /// A large program's searches stop a second before the caller's deadline, so that its trade is
    /// read back within the limit (XL ran 0.38–0.41 s past 60 s without it); others use it all.
    @Test func largeProgramsKeepAFinishingReserve() throws {
        let deadline = ContinuousClock.now + .seconds(60)
        let wide = Self.wide()
        let m = try Formulation(ScenarioGenerator.scenario(.m, seed: 1)).searchModel
        #expect(SizeStrategy.searchDeadline(deadline, for: wide) == deadline - .seconds(1))
        #expect(SizeStrategy.searchDeadline(deadline, for: m) == deadline)
        #expect(SizeStrategy.searchDeadline(nil, for: wide) == nil)
    }

    /// M (seed 1), whose optimum 4,694,800 glpsol and HiGHS agree on (docs/performance.md): the
    /// "commit what is free" point completes into a feasible point of the spec's program (checked
    /// row by row, independently of GLPK), worth no more than the optimum.
    @Test func theFreeCommitmentStartIsFeasibleOnM() throws {
        let formulation = try Formulation(ScenarioGenerator.scenario(.m, seed: 1))
        let run = LexicographicRun(formulation: formulation, options: TradeOptions(timeLimit: .seconds(60)))
        let candidates = SizeStrategy.candidateDecisions(formulation)
        let start = try #require(run.completed(candidates[0]))
        #expect(formulation.model.violations(of: start.values).isEmpty)
        let value = try #require(start.objectiveValue)
        #expect(value <= 4_694_800 + 1e-6)
        #expect(value >= 0)
    }
}

/// The bound from zero multipliers on M (seed 1): what the rows' implied bounds alone give.
/// 10,648,000 is the same computation done independently in Python over the MPS that glpsol
/// writes from the exported program (docs/performance.md, "XL within 60 s"); it lies above the
/// optimum 4,694,800, as a bound must.
@Suite struct LagrangianOnGeneratedTests {
    @Test func zeroMultipliersOnM() throws {
        let model = try Formulation(ScenarioGenerator.scenario(.m, seed: 1)).searchModel
        let bound = try #require(
            model.lagrangianBound(rowMultipliers: [Double](repeating: 0, count: model.constraints.count)))
        #expect(abs(bound - 10_648_000) < 1e-3)
        #expect(bound >= 4_694_800)
    }
}

private func dec(_ text: String) -> Decimal { Decimal(string: text)! }
