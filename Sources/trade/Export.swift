import ArgumentParser
import Optimization
import TradeModel
import TradeSolver

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the scenario's integer program as CPLEX LP or free MPS.",
        discussion: """
            Rows and columns are named after the scenario elements they come from, and the same \
            scenario always gives the same bytes. In LP files, characters LP does not allow in \
            names are replaced (':' becomes '.', '-' becomes '_'). MPS does not record the \
            objective's sense; the file's first comment says it (the trade model maximizes).
            """)

    @OptionGroup var input: ScenarioInput

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case lp, mps
    }

    @Option(help: "lp (CPLEX LP) or mps (free MPS).")
    var format: Format = .lp

    @Option(help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "path"))
    var output: String?

    func run() throws {
        let loaded = try input.load()
        do {
            let formulation = try Formulation(loaded.scenario)
            try emit(try formulation.model.export(format == .lp ? .lp : .mps), to: output)
        } catch let error as TradeSolverError {
            printError("trade: \(error)")
            throw ExitStatus.invalidInput
        } catch let error as ModelError {
            printError("trade: \(error)")
            throw ExitStatus.failure
        }
    }
}
