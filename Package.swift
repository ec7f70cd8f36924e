// swift-tools-version: 6.1
import PackageDescription

// GLPK is GPL-3.0; this package is GPL-3.0-or-later so that anything built from it may link GLPK.
let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "RenewalTrade",
    products: [
        .library(name: "Optimization", targets: ["Optimization"]),
        .library(name: "TradeModel", targets: ["TradeModel"]),
        .library(name: "TradeSolver", targets: ["TradeSolver"]),
        .library(name: "TradeReport", targets: ["TradeReport"]),
        .library(name: "ScenarioGenerator", targets: ["ScenarioGenerator"]),
        .library(name: "TradeServer", targets: ["TradeServer"]),
        .executable(name: "trade", targets: ["trade"]),
        .executable(name: "trade-serve", targets: ["trade-serve"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Already in Hummingbird's graph; named so that TradeServer may import them.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CGLPK",
            providers: [.apt(["libglpk-dev"])]
        ),
        .target(
            name: "CGLPKGuard",
            dependencies: ["CGLPK"],
            linkerSettings: [.linkedLibrary("glpk")]
        ),
        .target(
            name: "Optimization",
            dependencies: [
                "CGLPKGuard",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        .target(
            name: "TradeModel",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: upcoming
        ),
        // Large realistic scenarios for benchmarks and scale tests (issue 8); `trade generate` writes them.
        .target(
            name: "ScenarioGenerator",
            dependencies: ["TradeModel"],
            resources: [.embedInCode("Resources/default-scenario.yaml")],
            swiftSettings: upcoming
        ),
        .target(
            name: "TradeSolver",
            dependencies: ["TradeModel", "Optimization"],
            swiftSettings: upcoming
        ),
        .target(
            name: "TradeReport",
            dependencies: ["TradeModel", "TradeSolver"],
            swiftSettings: upcoming
        ),
        // The HTTP service: a thin adapter over TradeModel, TradeSolver and TradeReport; it never
        // names GLPK or Optimization's solver types.
        .target(
            name: "TradeServer",
            dependencies: [
                "TradeModel", "TradeSolver", "TradeReport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.embedInCode("Resources/openapi.yaml")],
            swiftSettings: upcoming
        ),
        // The command-line tool. It does not link the HTTP service: `trade serve` execs trade-serve
        // from the same directory, so that every other command starts without loading SwiftNIO and
        // Hummingbird (docs/performance.md). trade-serve is deliberately not a dependency here:
        // SwiftPM would link its libraries into `trade`.
        .executableTarget(
            name: "trade",
            dependencies: [
                "Optimization", "TradeModel", "TradeSolver", "TradeReport", "ScenarioGenerator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            resources: [.embedInCode("Resources/default-scenario.yaml")],
            swiftSettings: upcoming
        ),
        // `trade serve`: TradeServer behind the same command line as before.
        .executableTarget(
            name: "trade-serve",
            dependencies: [
                "TradeServer",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: upcoming
        ),
        // Helpers that several test targets share: a seeded generator, a hang guard, hard scenarios.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: upcoming),
        .testTarget(name: "OptimizationTests", dependencies: ["Optimization", "TestSupport"], swiftSettings: upcoming),
        .testTarget(name: "TradeModelTests", dependencies: ["TradeModel", "TestSupport"], swiftSettings: upcoming),
        .testTarget(
            name: "TradeSolverTests",
            dependencies: ["TradeSolver", "TradeModel", "Optimization", "TestSupport"],
            swiftSettings: upcoming
        ),
        // Its own target, so that the other suites never wait for Hummingbird's build.
        .testTarget(
            name: "TradeServerTests",
            dependencies: [
                "TradeServer", "TradeModel", "TradeSolver", "TradeReport", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "ScenarioGeneratorTests",
            dependencies: ["ScenarioGenerator", "TradeModel", "TradeSolver"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "TradeReportTests",
            dependencies: ["TradeReport", "TradeSolver", "TradeModel", "TestSupport"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "TradeCLITests",
            dependencies: ["trade", "trade-serve", "TestSupport"],
            swiftSettings: upcoming
        ),
    ]
)
