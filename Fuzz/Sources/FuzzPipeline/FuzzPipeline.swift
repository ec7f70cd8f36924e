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

/// libFuzzer's driver, which the runtime linked by `-sanitize=fuzzer` provides.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafeRawPointer, Int) -> CInt
) -> CInt

/// SwiftPM links an executable target's entry point as `<target>_main`; with `-parse-as-library` there is
/// no Swift `main`, so this hands control to libFuzzer's driver.
@_cdecl("FuzzPipeline_main")
public func fuzzMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { start, size in fuzzPipeline(start, size) }
}
