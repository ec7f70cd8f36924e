// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// A path dependency's identity is its folder's name, which differs between clones and worktrees.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

// A libFuzzer harness over the whole pipeline, in its own package so that users of RenewalTrade never
// build it. Built and run by ../scripts/fuzz.sh with `-sanitize=fuzzer,address -parse-as-library`.
let package = Package(
    name: "RenewalTradeFuzz",
    dependencies: [.package(path: "../")],
    targets: [
        .executableTarget(
            name: "FuzzPipeline",
            dependencies: [
                .product(name: "TradeModel", package: root),
                .product(name: "TradeSolver", package: root),
                .product(name: "TradeReport", package: root),
            ]
        )
    ]
)
