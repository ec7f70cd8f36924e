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
    ],
    targets: [
        .executableTarget(
            name: "TradeBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TradeModel", package: "RenewalTrade"),
                .product(name: "TradeSolver", package: "RenewalTrade"),
            ],
            path: "TradeBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
