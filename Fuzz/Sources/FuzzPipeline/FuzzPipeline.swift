import Foundation
import TradeModel
import TradeReport
import TradeSolver

/// libFuzzer's entry point: one input through decode, validate, formulate, solve, explain and render.
///
/// Any outcome is fine except a crash, a sanitizer report, a leak or a hang (libFuzzer's `-timeout`).
/// Errors are expected results: invalid scenarios throw `ScenarioError`, and solves are time-limited.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPipeline(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    guard let loaded = try? ScenarioDecoder.decode(data, source: "fuzz input") else { return 0 }
    let scenario = loaded.scenario
    let solver = TradeSolver()
    let options = TradeOptions(timeLimit: .milliseconds(200))
    guard let trade = try? solver.solve(loaded, options: options) else { return 0 }
    let nearMisses = (try? solver.nearMisses(of: trade, in: scenario, options: options)) ?? []
    let explanation = OfferExplanation(trade: trade, scenario: scenario, nearMisses: nearMisses)
    _ = TextReport(trade: trade, scenario: scenario, explanation: explanation).render()
    _ = MarkdownReport(trade: trade, scenario: scenario, explanation: explanation).render()
    _ = TradeDocument(trade: trade, scenario: scenario, explanation: explanation).json()
    _ = HTMLReport(trade: trade, scenario: scenario, explanation: explanation).render()
    return 0
}
