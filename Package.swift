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
        .executable(name: "trade", targets: ["trade"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
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
        .executableTarget(
            name: "trade",
            dependencies: [
                "Optimization", "TradeModel", "TradeSolver", "TradeReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            resources: [.embedInCode("Resources/default-scenario.yaml")],
            swiftSettings: upcoming
        ),
        .testTarget(name: "OptimizationTests", dependencies: ["Optimization"], swiftSettings: upcoming),
        .testTarget(name: "TradeModelTests", dependencies: ["TradeModel"], swiftSettings: upcoming),
        .testTarget(
            name: "TradeSolverTests",
            dependencies: ["TradeSolver", "TradeModel", "Optimization"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "TradeReportTests",
            dependencies: ["TradeReport", "TradeSolver", "TradeModel"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "TradeCLITests",
            dependencies: ["trade"],
            swiftSettings: upcoming
        ),
    ]
)
