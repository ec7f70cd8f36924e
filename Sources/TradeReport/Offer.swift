import Optimization
public import TradeModel
public import TradeSolver

/// How an offer is written out: `trade solve --format` and `POST /v1/solve?format=`.
public enum OfferFormat: String, Sendable, CaseIterable {
    case text, markdown, json, html

    /// The media type of the rendered offer, for an HTTP response.
    public var mediaType: String {
        switch self {
        case .text: "text/plain; charset=utf-8"
        case .markdown: "text/markdown; charset=utf-8"
        case .json: "application/json"
        case .html: "text/html; charset=utf-8"
        }
    }
}

/// A solved trade with what explains it: near misses and the offer in words for a trade in hand,
/// the diagnosis for an infeasible scenario. The one path from a scenario to a rendered offer,
/// shared by `trade solve` and the HTTP service so that both answer the same thing.
///
/// ```swift
/// let offer = try await Offer.solve(loaded, options: TradeOptions(timeLimit: .seconds(10)))
/// print(offer.render(.markdown))
/// ```
public struct Offer: Sendable {
    public let scenario: Scenario
    public let trade: Trade
    /// The offer in words; `nil` when there is no trade in hand.
    public let explanation: OfferExplanation?
    /// Why no trade exists; only for an infeasible scenario.
    public let diagnosis: TradeDiagnosis?
    /// When diagnosing an infeasible scenario failed: the offer is still reported, without the diagnosis.
    public let diagnosisFailure: TradeSolverError?
    /// Why some or all near misses are missing although they were asked for: the time limit left
    /// no time for them, or some re-solves did not finish. Callers say it (standard error, a log).
    public let nearMissesCutShort: String?

    /// Solves, re-solves the near misses (unless `nearMisses` is false: they take one solve per
    /// program or tier left off) and diagnoses an infeasible scenario. Blocks the calling thread.
    public init(
        solving loaded: LoadedScenario, options: TradeOptions = TradeOptions(), nearMisses: Bool = true
    ) throws(TradeSolverError) {
        // Built once: the near misses re-solve this program with one more switch fixed.
        let problem = try TradeProblem(loaded, options: options)
        trade = try problem.trade()
        scenario = loaded.scenario
        var misses: [NearMiss] = []
        var cutShort: String?
        if nearMisses && trade.hasTrade {
            // Once the search itself was stopped by a limit there is no time left for them; one cut
            // short says neither "blocked" nor "not worth it", so it is left out, and said so.
            if trade.termination == .completed || trade.termination == .gapLimit, !options.isOutOfTime() {
                let all = try problem.nearMisses(of: trade)
                misses = all.filter(\.isSettled)
                if misses.count < all.count {
                    cutShort = "\(all.count - misses.count) of \(all.count) near misses did not finish within the time limit and are left out"
                }
            } else {
                cutShort = "the time limit left no time to explain the programs and tiers left off (near misses)"
            }
        }
        nearMissesCutShort = cutShort
        explanation = OfferExplanation(trade: trade, scenario: scenario, nearMisses: misses)
        var diagnosis: TradeDiagnosis?
        var failure: TradeSolverError?
        if trade.status == .infeasible {
            do {
                diagnosis = try TradeSolver().diagnose(scenario, options: options)
            } catch {
                failure = error
            }
        }
        self.diagnosis = diagnosis
        diagnosisFailure = failure
    }

    /// ``init(solving:options:nearMisses:)`` off Swift's cooperative thread pool; cancelling the
    /// task stops the searches, which then report what they had found.
    public static func solve(
        _ loaded: LoadedScenario, options: TradeOptions = TradeOptions(), nearMisses: Bool = true
    ) async throws(TradeSolverError) -> Offer {
        try await options.runOnSolverThread { options throws(TradeSolverError) in
            try Offer(solving: loaded, options: options, nearMisses: nearMisses)
        }
    }

    /// The offer in `format`; `colour` adds ANSI bold headings to the text report (for a terminal).
    public func render(_ format: OfferFormat, colour: Bool = false) -> String {
        switch format {
        case .text:
            TextReport(trade: trade, scenario: scenario, explanation: explanation, diagnosis: diagnosis, colour: colour)
                .render()
        case .markdown:
            MarkdownReport(trade: trade, scenario: scenario, explanation: explanation, diagnosis: diagnosis).render()
        case .json:
            TradeDocument(trade: trade, scenario: scenario, explanation: explanation, diagnosis: diagnosis).json()
        case .html:
            HTMLReport(trade: trade, scenario: scenario, explanation: explanation, diagnosis: diagnosis).render()
        }
    }
}
