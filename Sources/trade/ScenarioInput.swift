import ArgumentParser
import Foundation
import TradeModel

/// The scenario argument shared by the subcommands.
struct ScenarioInput: ParsableArguments {
    @Argument(
        help: ArgumentHelp(
            "The scenario file, YAML or JSON; `-` reads standard input. Without it, the bundled default scenario.",
            valueName: "file"))
    var file: String?

    /// The file's name for messages.
    var displayName: String { file.map { $0 == "-" ? "<stdin>" : $0 } ?? "<default scenario>" }

    /// Decodes and validates the scenario, printing every problem and exiting when it is invalid.
    func load() throws -> LoadedScenario {
        do {
            return try decode()
        } catch let error as ScenarioError {
            for diagnostic in error.diagnostics { printError("\(displayName):\(diagnostic.description)") }
            let count = error.errors.count
            printError("trade: \(displayName) is invalid: \(count) problem\(count == 1 ? "" : "s")")
            throw ExitStatus.invalidInput
        }
    }

    /// Decodes and validates the scenario; an invalid one throws ``ScenarioError``, an unreadable
    /// file prints why and exits.
    func decode() throws -> LoadedScenario {
        switch file {
        case nil:
            return try ScenarioDecoder.decode(String(decoding: PackageResources.default_scenario_yaml, as: UTF8.self))
        case "-":
            // One byte over the limit is enough to refuse it; never read an endless stream whole.
            let data = FileHandle.standardInput.readData(ofLength: ScenarioLimits.maximumBytes + 1)
            return try ScenarioDecoder.decode(data, source: "standard input")
        case let path?:
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                printError("trade: cannot read '\(path)': it is a directory, not a scenario file")
                throw ExitStatus.failure
            }
            guard FileManager.default.isReadableFile(atPath: path) else {
                printError("trade: cannot read '\(path)': no such file, or not readable")
                throw ExitStatus.failure
            }
            return try ScenarioDecoder.decode(contentsOf: URL(fileURLWithPath: path))
        }
    }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Writes text to standard output, or atomically to a file: a complete file or none at all.
func emit(_ text: String, to path: String?) throws {
    guard let path else {
        FileHandle.standardOutput.write(Data(text.utf8))
        return
    }
    do {
        try AtomicFile.write(Data(text.utf8), to: path)
    } catch {
        printError("trade: cannot write '\(path)': \(error)")
        throw ExitStatus.failure
    }
}
