// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live in their own package so that users of RenewalTrade never pull ordo-one/benchmark in.
// Run from this folder: swift package --allow-writing-to-package-directory benchmark
let package = Package(
    name: "RenewalTradeBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "RenewalTrade", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .executableTarget(
            name: "TradeBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ScenarioGenerator", package: "RenewalTrade"),
                .product(name: "TradeModel", package: "RenewalTrade"),
                .product(name: "TradeSolver", package: "RenewalTrade"),
            ],
            path: "TradeBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Each stage of `trade solve` at the sizes of issue 8 (see docs/performance.md). Its own
        // executable, so that its sizes are not built when only the other benchmarks run.
        .executableTarget(
            name: "ScaleBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ScenarioGenerator", package: "RenewalTrade"),
                .product(name: "TradeModel", package: "RenewalTrade"),
                .product(name: "TradeReport", package: "RenewalTrade"),
                .product(name: "TradeSolver", package: "RenewalTrade"),
            ],
            path: "ScaleBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
            // One size, stage by stage, one CSV row per process: the growth table and the XL figures of
        // docs/performance.md (scripts/growth-run). Not a benchmark: no ordo-one/benchmark.
        .executableTarget(
            name: "ScaleDriver",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Optimization", package: "RenewalTrade"),
                .product(name: "ScenarioGenerator", package: "RenewalTrade"),
                .product(name: "TradeModel", package: "RenewalTrade"),
                .product(name: "TradeReport", package: "RenewalTrade"),
                .product(name: "TradeSolver", package: "RenewalTrade"),
            ],
            path: "ScaleDriver"
        ),
    ]
)
