import ArgumentParser
import Foundation
import TradeModel

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario and list every problem with its path and line.",
        discussion: "Exits 0 when the scenario is valid (warnings are printed), 2 when it is not.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var input: ScenarioInput

    @Option(help: "text, or json: {\"valid\": bool, \"diagnostics\": [{severity, path, message, line, column}]} on standard output.")
    var format: Format = .text

    /// What `--format json` prints.
    struct Verdict: Encodable {
        var valid: Bool
        var diagnostics: [Diagnostic]
    }

    func run() throws {
        guard format == .json else { return try runText() }
        let verdict: Verdict
        var status: ExitCode? = nil
        do {
            verdict = Verdict(valid: true, diagnostics: try input.decode().warnings)
        } catch let error as ScenarioError {
            verdict = Verdict(valid: false, diagnostics: error.diagnostics)
            status = ExitStatus.invalidInput
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(verdict), as: UTF8.self))
        if let status { throw status }
    }

    private func runText() throws {
        let loaded = try input.load()
        for warning in loaded.warnings { printError("\(input.displayName):\(warning.description)") }
        let scenario = loaded.scenario
        print(
            "\(input.displayName): valid renewal-trade/v1 scenario '\(scenario.name)': \(scenario.levers.count) levers, "
                + "\(scenario.programs.count) programs, \(scenario.envelope.tiers.count) tiers, "
                + "\(scenario.constraints.count) constraints, \(loaded.warnings.count) warnings")
    }
}
