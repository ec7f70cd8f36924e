import Benchmark
import Foundation
import TradeModel
import TradeSolver

// A sweep against the same number of independent cold solves at its own points, side by side
// in one run, on the default model. docs/sweep.md records the medians and their ratio.

/// The default model, read from the repository.
let contoso: Scenario = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("models/contoso-ea-renewal.yaml")
    return try! ScenarioDecoder.decode(contentsOf: url).scenario
}()

/// The swept parameter and interval: the corporate tier's share of the baseline, 5% to 15%.
let sweep = Sweep(
    parameter: try! ScenarioParameter("envelope.tiers.corporate.maxPct", in: contoso), from: Decimal(string: "0.05")!,
    to: Decimal(string: "0.15")!)

/// The points one sweep solves, found once (outside any measurement).
final class SweepPoints: @unchecked Sendable {
    private let lock = NSLock()
    private var points: [Decimal]?

    func get() async throws -> [Decimal] {
        if let points = lock.withLock({ points }) { return points }
        let found = try await sweep.run(on: contoso).samples.map(\.at)
        lock.withLock { points = found }
        return found
    }
}

let sweepPoints = SweepPoints()

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal], warmupIterations: 1, maxDuration: .seconds(120), maxIterations: 5)

    Benchmark("Solve contoso-ea-renewal", configuration: configuration) { benchmark in
        blackHole(try TradeSolver().solve(contoso))
    }

    Benchmark("Sweep corporate.maxPct 0.05...0.15", configuration: configuration) { benchmark in
        blackHole(try await sweep.run(on: contoso))
    }

    Benchmark("Cold re-solves at the sweep's points, one at a time", configuration: configuration) { benchmark in
        let points = try await sweepPoints.get()
        benchmark.startMeasurement()
        for x in points { blackHole(try TradeSolver().solve(try sweep.parameter.setting(x, in: contoso))) }
        benchmark.stopMeasurement()
    }
}
