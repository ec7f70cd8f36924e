import Foundation
import Optimization
import TestSupport
import Testing
import TradeModel
import TradeSolver

/// Polishing a trade re-solves its continuous part only; it must not turn a search stopped by a
/// limit into an optimal answer.
@Suite struct PolishOutcomeTests {
    /// With an enormous gap tolerance the search stops at its first incumbent (the reference
    /// renewal needs about C(41,20) nodes to prove), with plenty of time left for the polish LP:
    /// the trade stays `feasible`, stopped by the gap, with the search's gap.
    @Test func aGapLimitedTradeIsNotReportedOptimal() throws {
        let loaded = try ScenarioDecoder.decode(HardScenarios.referenceRenewal())
        let trade = try TradeSolver().solve(loaded, options: TradeOptions(timeLimit: .seconds(60), relativeGap: 1e9))
        #expect(trade.hasTrade)
        #expect(trade.termination == .gapLimit)
        #expect(trade.status == .feasible)
        #expect(trade.gap != nil)
    }
}
