import Benchmark
import Foundation
import ScenarioGenerator
import TradeModel
import TradeSolver

// Issue 5's benchmarks: the full sensitivity report, and sweeps measured side by side against cold
// re-solves, one at a time, at the sweep's own points and at the points that bisection alone (the
// sweep before LP ranging and warm starts) needs for the same tolerance. docs/sweep.md records the
// medians and their ratios.

/// A scenario of `models/`, read from the repository.
func model(_ file: String) -> Scenario {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("models/\(file)")
    return try! ScenarioDecoder.decode(contentsOf: url).scenario
}

/// One sweep to measure, and its bisection-only twin over the same interval and tolerance.
struct SweepCase: Sendable {
    let label: String
    let scenario: Scenario
    let sweep: Sweep

    init(_ label: String, _ scenario: Scenario, _ path: String, from: String, to: String) {
        self.label = label
        self.scenario = scenario
        // `trade sweep`'s default limit per solve, for every solve of both sides: without it a
        // tie-break pass at one of Contoso's points runs for minutes (docs/sweep.md).
        sweep = Sweep(
            parameter: try! ScenarioParameter(path, in: scenario), from: Decimal(string: from)!,
            to: Decimal(string: to)!, options: TradeOptions(timeLimit: .seconds(10)))
    }

    /// The sweep as it ran before LP ranging: bisection with the midpoint check, cold solves.
    var bisection: Sweep {
        var sweep = sweep
        sweep.method = .bisection
        sweep.warmStarts = false
        return sweep
    }

    /// The sweep solving one point at a time, as the cold re-solves do: the work it saves, apart
    /// from the second core.
    var oneAtATime: Sweep {
        var sweep = sweep
        sweep.maxConcurrency = 1
        return sweep
    }

    /// Independent cold solves, one at a time, at `points`.
    func coldSolves(at points: [Decimal]) throws {
        for x in points {
            blackHole(try TradeSolver().solve(try sweep.parameter.setting(x, in: scenario), options: sweep.options))
        }
    }
}

/// Points a sweep solves, found once outside any measurement.
final class PointCache: @unchecked Sendable {
    private let lock = NSLock()
    private var points: [String: [Decimal]] = [:]

    func points(of sweep: Sweep, on scenario: Scenario, key: String) async throws -> [Decimal] {
        if let found = lock.withLock({ points[key] }) { return found }
        let found = try await sweep.run(on: scenario).samples.map(\.at)
        lock.withLock { points[key] = found }
        return found
    }
}

let pointCache = PointCache()

/// The default model, the largest other model of `models/`, and a generated portfolio (60 levers,
/// 15 programs, seed 1) whose engineering capacity moves two breakpoints of the value. A generated M
/// (200 levers) takes ~3.5 s a solve, too long for a side-by-side run of four sweeps.
let sweepCases = [
    SweepCase(
        "contoso corporate.maxPct 0.05...0.15", model("contoso-ea-renewal.yaml"), "envelope.tiers.corporate.maxPct",
        from: "0.05", to: "0.15"),
    SweepCase(
        "migration-stacking hurdle 0...1,600,000", model("migration-stacking.yaml"), "microsoft.hurdle", from: "0",
        to: "1600000"),
    SweepCase(
        "generated 60 levers engineering-capacity-d1.atMost 0...30",
        ScenarioGenerator(levers: 60, programs: 15, seed: 1).scenario(), "constraints.engineering-capacity-d1.atMost",
        from: "0", to: "30"),
]

func sensitivityBenchmarks(_ configuration: Benchmark.Configuration) {
    // The generated portfolio: ~5 s a report in release (every limit re-solved at ±10%).
    let reports = ["contoso-ea-renewal.yaml", "migration-stacking.yaml"].map { ($0, model($0)) } + [
        ("generated 60 levers", ScenarioGenerator(levers: 60, programs: 15, seed: 1).scenario())
    ]
    for (name, scenario) in reports {
        Benchmark("Sensitivity report \(name)", configuration: configuration) { _ in
            blackHole(try TradeSolver().sensitivity(scenario))
        }
    }
    // Up to 20 samples: these take 0.03 to 3 s, and 5 samples of the short ones moved by 2x with
    // the scheduling of the sweep's second solver thread.
    let sweeps = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal], warmupIterations: 1, maxDuration: .seconds(60), maxIterations: 20)
    for item in sweepCases {
        Benchmark("Sweep one point at a time, \(item.label)", configuration: sweeps) { _ in
            blackHole(try await item.oneAtATime.run(on: item.scenario))
        }
        // The sweep, then the sweep as it ran before ranging; each followed by cold re-solves at its points.
        for (method, sweep) in [("Sweep", item.sweep), ("Bisection-only sweep", item.bisection)] {
            Benchmark("\(method), \(item.label)", configuration: sweeps) { _ in
                blackHole(try await sweep.run(on: item.scenario))
            }
            Benchmark("Cold re-solves at the points of: \(method), \(item.label)", configuration: sweeps) {
                benchmark in
                let points = try await pointCache.points(of: sweep, on: item.scenario, key: "\(method) \(item.label)")
                benchmark.startMeasurement()
                try item.coldSolves(at: points)
                benchmark.stopMeasurement()
            }
        }
    }
}
