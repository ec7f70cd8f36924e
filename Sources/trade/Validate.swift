import ArgumentParser
import Foundation
import TradeModel

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a scenario and list every problem with its path and line.",
        discussion: "Exits 0 when the scenario is valid (warnings are printed), 2 when it is not.")

    @OptionGroup var input: ScenarioInput

    func run() throws {
        let loaded = try input.load()
        for warning in loaded.warnings { printError("\(input.displayName):\(warning.description)") }
        let scenario = loaded.scenario
        print(
            "\(input.displayName): valid renewal-trade/v1 scenario '\(scenario.name)': \(scenario.levers.count) levers, "
                + "\(scenario.programs.count) programs, \(scenario.envelope.tiers.count) tiers, "
                + "\(scenario.constraints.count) constraints, \(loaded.warnings.count) warnings")
    }
}
