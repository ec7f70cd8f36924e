import Benchmark
import Foundation
import ScenarioGenerator
import TradeModel
import TradeReport
import TradeSolver

// Each stage of `trade solve`, and the whole pipeline in process, on the sizes of issue 8:
// S (the default model), M (200 levers, 50 programs), L (2,000 levers, 400 programs) and
// XL (20,000 levers, 4,000 programs; built in memory, since it is beyond what the decoder reads).
// docs/performance.md records the figures; Thresholds/ holds the checked-in p90 values.

/// One size's inputs, made once, outside any measurement.
struct Size: Sendable {
    let name: String
    let scenario: Scenario
    /// The document as `trade generate` writes it; nil for XL, which the decoder refuses.
    let yaml: String?
    let options: TradeOptions
    /// The solved trade, for the explain benchmark.
    let trade: Trade

    init(_ size: ScenarioGenerator.Size, timeLimit: Duration? = nil) {
        name = size.rawValue.uppercased()
        scenario = ScenarioGenerator.scenario(size)
        let text = try! ScenarioEncoder.yaml(scenario)
        yaml =
            text.utf8.count <= ScenarioLimits.maximumBytes && scenario.levers.count <= ScenarioLimits.maximumElements
            ? text : nil
        options = TradeOptions(timeLimit: timeLimit)
        trade = try! TradeSolver().solve(scenario, options: options)
    }
}

/// Sizes are built on first use, so that running one benchmark (`--filter`) does not solve them all.
final class Sizes: @unchecked Sendable {
    private let lock = NSLock()
    private var made: [ScenarioGenerator.Size: Size] = [:]

    subscript(size: ScenarioGenerator.Size) -> Size {
        lock.withLock {
            if let found = made[size] { return found }
            // L is not proven optimal within minutes yet (docs/performance.md): L and XL solve under
            // the 60 s limit of issue 8's XL target, so that every benchmark of theirs ends.
            let new = Size(size, timeLimit: size == .l || size == .xl ? .seconds(60) : nil)
            made[size] = new
            return new
        }
    }
}

let sizes = Sizes()

let benchmarks: @Sendable () -> Void = {
    // Allocation counts are deterministic: 2% is noise from Foundation and the dispatch pool, and
    // they are the fine regression signal. Memory varies a little (15%). Wall-clock p90s of the
    // same build moved by 40-57% between consecutive checks on the shared 2-core machine, so time
    // catches only gross regressions (a doubling), not the 25% it was set to and failed on.
    let thresholds: [BenchmarkMetric: BenchmarkThresholds] = [
        .wallClock: .init(relative: [.p50: 25, .p90: 100]),
        .mallocCountTotal: .init(relative: [.p50: 2, .p90: 2]),
        .peakMemoryResident: .init(relative: [.p50: 15, .p90: 15]),
    ]
    func configuration(_ size: ScenarioGenerator.Size) -> Benchmark.Configuration {
        let slow = size == .l || size == .xl
        return Benchmark.Configuration(
            metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident], timeUnits: .milliseconds,
            warmupIterations: slow ? 0 : 1, maxDuration: .seconds(slow ? 150 : 20), maxIterations: slow ? 3 : 25,
            thresholds: thresholds)
    }

    for size in ScenarioGenerator.Size.allCases {
        // Names without spaces: `thresholds update` writes "S_solve" for "S solve" while
        // `thresholds check` (ordo-one/benchmark 1.38.1) looks for "S solve", and finds nothing.
        let tag = size.rawValue.uppercased()
        let configuration = configuration(size)

        if size != .xl {
            Benchmark("\(tag)-decode-and-validate", configuration: configuration) { benchmark in
                let yaml = sizes[size].yaml!
                benchmark.startMeasurement()
                blackHole(try ScenarioDecoder.decode(yaml))
            }
        }

        Benchmark("\(tag)-formulate", configuration: configuration) { benchmark in
            let scenario = sizes[size].scenario
            benchmark.startMeasurement()
            blackHole(try Formulation(scenario))
        }

        Benchmark("\(tag)-solve", configuration: configuration) { benchmark in
            let input = sizes[size]
            benchmark.startMeasurement()
            blackHole(try TradeSolver().solve(input.scenario, options: input.options))
        }

        Benchmark("\(tag)-explain", configuration: configuration) { benchmark in
            let input = sizes[size]
            benchmark.startMeasurement()
            let explanation = OfferExplanation(trade: input.trade, scenario: input.scenario, nearMisses: [])
            blackHole(TradeDocument(trade: input.trade, scenario: input.scenario, explanation: explanation).json())
        }

        // What `trade solve --no-near-misses --format json` does between reading the file and writing
        // the answer. Near misses re-solve once per program left off; docs/performance.md measures them.
        if size != .xl {
            Benchmark("\(tag)-pipeline", configuration: configuration) { benchmark in
                let input = sizes[size]
                benchmark.startMeasurement()
                let loaded = try ScenarioDecoder.decode(input.yaml!)
                let trade = try TradeSolver().solve(loaded, options: input.options)
                let explanation = OfferExplanation(trade: trade, scenario: loaded.scenario, nearMisses: [])
                blackHole(TradeDocument(trade: trade, scenario: loaded.scenario, explanation: explanation).json())
            }
        }
    }
}
