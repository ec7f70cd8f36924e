import Benchmark
import Foundation
import TradeModel
import TradeSolver

// The benchmarks of the package; each group lives in its own file and is registered here.

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal], warmupIterations: 1, maxDuration: .seconds(120), maxIterations: 5)

    let contoso = model("contoso-ea-renewal.yaml")
    Benchmark("Solve contoso-ea-renewal", configuration: configuration) { _ in
        blackHole(try TradeSolver().solve(contoso))
    }

    sensitivityBenchmarks(configuration)
}
