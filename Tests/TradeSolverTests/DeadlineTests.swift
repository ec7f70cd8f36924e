import Foundation
import Optimization
import TestSupport
import Testing
import TradeModel
import TradeSolver

/// `TradeOptions.deadline`: one point in time that every solve of a command shares, so each phase
/// gets only what is left.
@Suite struct DeadlineTests {
    @Test func theEarlierOfDeadlineAndTimeLimitWins() {
        let start = ContinuousClock.now
        var options = TradeOptions(timeLimit: .seconds(5))
        #expect(options.stopTime(startingAt: start) == start + .seconds(5))
        options.deadline = start + .seconds(2)
        #expect(options.stopTime(startingAt: start) == start + .seconds(2))
        options.deadline = start + .seconds(9)
        #expect(options.stopTime(startingAt: start) == start + .seconds(5))
        options.timeLimit = nil
        #expect(options.stopTime(startingAt: start) == start + .seconds(9))
        #expect(TradeOptions().stopTime(startingAt: start) == nil)
        #expect(TradeOptions().remainingTime == nil)
        // GLPK reads 0 as "no limit", so what remains never goes below 1 ms.
        options.deadline = start - .seconds(1)
        #expect(options.remainingTime == .milliseconds(1))
        #expect(options.isOutOfTime())
    }

    /// A deadline already passed: every pass and the polish LP get 1 ms, so a search that needs
    /// about C(41,20) nodes returns at once, says the limit stopped it, and claims no optimum.
    @Test func aPassedDeadlineStopsEveryPhase() throws {
        let loaded = try ScenarioDecoder.decode(HardScenarios.referenceRenewal())
        var options = TradeOptions()
        options.deadline = .now - .milliseconds(1)
        let started = ContinuousClock.now
        let trade = try TradeSolver().solve(loaded, options: options)
        #expect(trade.termination == .timeLimit)
        #expect(trade.status != .optimal)
        // Loose: only a hang fails it (other suites share the machine).
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    /// The near misses of a trade share the deadline: with it passed, each forced solve stops at
    /// once and none is settled, so none can be reported as "blocked" or "not worth it".
    @Test func nearMissesShareTheDeadline() throws {
        let loaded = try ScenarioDecoder.decode(HardScenarios.referenceRenewal())
        let trade = try TradeSolver().solve(loaded, options: TradeOptions(timeLimit: .milliseconds(200)))
        #expect(trade.hasTrade)
        var options = TradeOptions()
        options.deadline = .now - .milliseconds(1)
        let started = ContinuousClock.now
        let misses = try TradeSolver().nearMisses(of: trade, in: loaded.scenario, options: options)
        #expect(!misses.isEmpty)
        #expect(misses.allSatisfy { !$0.isSettled })
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    /// The figures of docs/reliability.md ("Library-level time limits and cancellation"): 7 runs
    /// each, medians printed. Off by default (about 30 s); `RENEWALTRADE_FIGURES=1` turns it on.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["RENEWALTRADE_FIGURES"] != nil))
    func libraryTimeLimitAndCancellationFigures() async throws {
        let loaded = try ScenarioDecoder.decode(HardScenarios.referenceRenewal())
        let model = try Formulation(loaded.scenario).model
        func median(_ values: [Duration]) -> Double {
            let sorted = values.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }
                .sorted()
            return sorted[sorted.count / 2]
        }
        for limit in [0.3, 1.0] {
            var solver: [Duration] = []
            var glpk: [Duration] = []
            for _ in 0..<7 {
                var started = ContinuousClock.now
                let trade = try await TradeSolver().solve(loaded, options: TradeOptions(timeLimit: .seconds(limit)))
                solver.append(.now - started)
                #expect(trade.termination == .timeLimit)
                started = .now
                let solution = try await model.solve(SolveOptions(timeLimit: .seconds(limit)))
                glpk.append(.now - started)
                #expect(solution.termination == .timeLimit)
            }
            print(
                "figure: limit \(limit) s: TradeSolver.solve median \(median(solver)) s, Model.solve median \(median(glpk)) s"
            )
            #expect(median(solver) < limit + 5)
        }
        var delays: [Duration] = []
        for _ in 0..<7 {
            let task = Task { try await TradeSolver().solve(loaded) }
            try await Task.sleep(for: .milliseconds(300))
            let cancelledAt = ContinuousClock.now
            task.cancel()
            let trade = try await task.value
            delays.append(.now - cancelledAt)
            #expect(trade.termination == .cancelled)
        }
        print("figure: cancel to return, TradeSolver async: median \(median(delays)) s, all \(delays)")
        #expect(median(delays) < 5)
    }
}
