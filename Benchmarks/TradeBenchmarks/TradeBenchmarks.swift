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
    // The same solve with every tie-break pass built and solved from scratch: side by side with
    // the one above, what keeping one GLPK problem across the passes saves.
    var fromScratch = TradeOptions()
    fromScratch.keepsProblemWarm = false
    let frozen = fromScratch
    let many = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal], warmupIterations: 10, maxDuration: .seconds(30), maxIterations: 200)
    Benchmark("Solve contoso-ea-renewal, passes on one problem", configuration: many) { _ in
        blackHole(try TradeSolver().solve(contoso))
    }
    Benchmark("Solve contoso-ea-renewal, passes from scratch", configuration: many) { _ in
        blackHole(try TradeSolver().solve(contoso, options: frozen))
    }

    sensitivityBenchmarks(configuration)
}
