import Foundation
import Testing
import TradeModel

@testable import TradeSolver

/// What the elastic filter saves on the trade's integer programs: the same random infeasible
/// scenarios, diagnosed with and without it.
@Suite struct DiagnosisMeasurementTests {
    @Test("the elastic filter finds the same kind of conflict with fewer solves")
    func elasticFilterSavesSolves() throws {
        var with = 0
        var without = 0
        var sizes = (with: 0, without: 0)
        for seed in DiagnosisTests.seeds {
            let (scenario, options) = try #require(InfeasibleScenarioGenerator.make(seed: seed))
            var elastic = try DiagnosisRun(scenario: scenario, options: options)
            var plain = try DiagnosisRun(scenario: scenario, options: options)
            plain.elasticFilter = false
            let first = try #require(try elastic.run())
            let second = try #require(try plain.run())
            // Both are conflicts of the same scenario: both hard-only, or neither.
            #expect(first.hardOnly == second.hardOnly, "seed \(seed)")
            #expect(first.irreducible && second.irreducible, "seed \(seed)")
            with += elastic.conflictSolves
            without += plain.conflictSolves
            sizes.with += first.conflict.count
            sizes.without += second.conflict.count
        }
        let count = Double(DiagnosisTests.seeds.count)
        print(
            "conflict search on \(DiagnosisTests.seeds.count) random infeasible scenarios:",
            "elastic + deletion \(Double(with) / count) solves (\(Double(sizes.with) / count) limits),",
            "deletion only \(Double(without) / count) solves (\(Double(sizes.without) / count) limits)")
        #expect(with < without, "the elastic filter should save solves: \(with) against \(without)")
    }
}
