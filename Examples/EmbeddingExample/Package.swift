// swift-tools-version: 6.1
import PackageDescription

// A host that embeds RenewalTrade as a library. Linking it links GLPK (GPL-3.0), so this example
// is a combined work under GPL-3.0-or-later, like RenewalTrade itself.
let package = Package(
    name: "EmbeddingExample",
    dependencies: [
        .package(name: "RenewalTrade", path: "../..")
    ],
    targets: [
        .executableTarget(
            name: "EmbeddingExample",
            dependencies: [
                .product(name: "TradeModel", package: "RenewalTrade"),
                .product(name: "TradeSolver", package: "RenewalTrade"),
                .product(name: "TradeReport", package: "RenewalTrade"),
            ],
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("MemberImportVisibility"),
                .enableUpcomingFeature("InternalImportsByDefault"),
            ]
        )
    ]
)
