// Solves a scenario the way a Swift service would: async, with a time limit, off the
// cooperative pool, and prints the buyer's value and the JSON contract's status.
//
//     swift run --package-path Examples/EmbeddingExample EmbeddingExample [scenario.yaml]
import Foundation
import TradeModel
import TradeReport
import TradeSolver

/// The README's small renewal, used when no file is given.
let readmeScenario = """
    schema: renewal-trade/v1
    name: Small renewal
    currency: USD
    termYears: 3
    baseline: {spend: 6000000}
    levers:
      - id: azure-commit
        kind: consumption
        step: 500000
        max: 4000000
        cost: [{from: 0, perUnit: 0}, {from: 2000000, perUnit: 0.4}]
        value: 0.15
      - id: case-study
        kind: reference
        type: binary
        cost: [{from: 0, perUnit: 10000}]
    programs:
      - id: migration-funding
        element: migration-funding
        requires: [{lever: azure-commit, atLeast: 2000000}]
        funding: {rate: 0.05, base: azure-commit, cap: 150000}
      - id: reference-credit
        element: reference-participation
        requires: [{lever: case-study, atLeast: 1}]
        concession: {cap: 60000}
    envelope: {discount: {maxPct: 0.02}, tiers: [{id: account-team, maxPct: 0.04}]}
    """

@main
struct EmbeddingExample {
    static func main() async {
        let arguments = CommandLine.arguments.dropFirst()
        do {
            let loaded =
                try arguments.first.map { try ScenarioDecoder.decode(contentsOf: URL(fileURLWithPath: $0)) }
                ?? ScenarioDecoder.decode(readmeScenario)
            // The async entry point: it runs on a solver thread, off the cooperative pool, and
            // cancelling this task would stop the search.
            let trade = try await TradeSolver().solve(loaded, options: TradeOptions(timeLimit: .seconds(10)))
            let document = TradeDocument(trade: trade, scenario: loaded.scenario)
            print("\(loaded.scenario.name): \(document.status.rawValue)")
            if let buyerValue = document.buyerValue {
                print("buyer value: \(buyerValue) \(document.currency)")
            }
        } catch let error as ScenarioError {
            for diagnostic in error.errors { print("invalid: \(diagnostic)") }
            exit(2)
        } catch {
            print("could not solve: \(error)")
            exit(1)
        }
    }
}
