import Foundation
import Testing

/// Debian's `glpsol`, run on a model written out to a temporary folder: a solve independent of the
/// code under test (its own reading of the file, presolver and report) to check results against.
public enum Glpsol {
    /// Runs glpsol on `model` (the text of an `.lp` or `.mps` file, named by `format`, such as
    /// `--lp` or `--freemps`) with `options`, and returns the report it writes with `reportOption`
    /// (`-o` for the solution, `--ranges` for LP sensitivity).
    public static func report(
        of model: String, format: String = "--lp", options: [String] = [], reportOption: String = "-o"
    ) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("glpsol-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let modelFile = directory.appendingPathComponent("model")
        let reportFile = directory.appendingPathComponent("report.txt")
        try model.write(to: modelFile, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/glpsol")
        process.arguments = [format, modelFile.path] + options + [reportOption, reportFile.path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "glpsol \(format) \(options)")
        return try String(contentsOf: reportFile, encoding: .utf8)
    }

    /// The objective value of glpsol's solution report (its "Objective: … = VALUE" line).
    public static func objective(
        of model: String, format: String = "--lp", options: [String] = []
    ) throws -> Double? {
        let text = try report(of: model, format: format, options: options)
        guard let line = text.split(separator: "\n").first(where: { $0.contains("Objective:") }),
            let value = line.split(separator: "=").last?.split(separator: " ").first
        else { return nil }
        return Double(value)
    }
}
