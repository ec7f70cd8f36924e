import Dispatch
import Optimization
import Synchronization
public import TradeModel

/// A program or tier the optimal trade leaves off, and the best trade that has it: what unlocking
/// it would cost, or that nothing can unlock it.
public struct NearMiss: Sendable, Hashable, Codable {
    /// What was left off.
    public enum Subject: Sendable, Hashable, Codable {
        case program(String)
        case tier(String)

        /// The program's or tier's id.
        public var id: String {
            switch self {
            case .program(let id), .tier(let id): id
            }
        }
    }

    public var subject: Subject
    /// The optimal trade with the subject forced on; `infeasible` when nothing unlocks it.
    public var forcedTrade: Trade

    /// Whether the forced re-solve settled its question: an optimal buyer value (to the requested
    /// gap), or proof that no trade exists. One stopped by a time limit or a cancellation says neither "blocked" nor "not worth
    /// it", so it must not be reported as either.
    public var isSettled: Bool {
        switch forcedTrade.status {
        case .optimal: true
        case .infeasible: forcedTrade.termination == .completed
        case .feasible, .noSolution: false
        }
    }

    /// The change in buyer value that unlocking costs (≤ 0 by optimality), when it can be unlocked.
    public func buyerValueChange(from trade: Trade) -> Double? {
        guard forcedTrade.hasTrade, let forced = forcedTrade.buyerValue, let best = trade.buyerValue else { return nil }
        return forced - best
    }
}

extension TradeSolver {
    /// ``TradeProblem/nearMisses(of:)`` on the program of `scenario` with `options`, built for this
    /// call; a caller that also solves the trade can build one ``TradeProblem`` for both.
    public func nearMisses(
        of trade: Trade, in scenario: Scenario, options: TradeOptions = TradeOptions()
    ) throws(TradeSolverError) -> [NearMiss] {
        guard trade.hasTrade else { return [] }
        return try TradeProblem(scenario, options: options).nearMisses(of: trade)
    }
}

extension TradeProblem {
    /// Re-solves with each inactive program, and each higher tier than the one reached, forced on:
    /// the same program with one more switch fixed at 1.
    ///
    /// The forced solves are independent and run concurrently; each keeps the options (what the
    /// caller fixed, forced or forbade) and adds one requirement.
    public func nearMisses(of trade: Trade) throws(TradeSolverError) -> [NearMiss] {
        guard trade.hasTrade else { return [] }
        guard trade.programs.map(\.id) == scenario.programs.map(\.id),
            scenario.envelope.tiers.contains(where: { $0.id == trade.envelope?.tier })
        else {
            throw TradeSolverError(["the trade is not one of this scenario's: its programs or tier differ"])
        }
        var subjects: [NearMiss.Subject] = trade.programs
            .filter { !$0.active && !options.forbiddenPrograms.contains($0.id) }
            .map { .program($0.id) }
        if let reached = scenario.envelope.tiers.first(where: { $0.id == trade.envelope?.tier }),
            options.forcedTier == nil
        {
            subjects += scenario.envelope.tiers.filter { $0.maxPct > reached.maxPct }.map { .tier($0.id) }
        }
        let all = subjects
        let results = Mutex([Result<Trade, TradeSolverError>?](repeating: nil, count: all.count))
        DispatchQueue.concurrentPerform(iterations: all.count) { index in
            let run = LexicographicRun(formulation: formulation.forcing(all[index]), options: options)
            let result = Result { () throws(TradeSolverError) in try run.solve(warnings: []) }
            results.withLock { $0[index] = result }
        }
        var misses: [NearMiss] = []
        for (subject, result) in zip(all, results.withLock { $0 }) {
            misses.append(NearMiss(subject: subject, forcedTrade: try result!.get()))
        }
        return misses
    }
}
