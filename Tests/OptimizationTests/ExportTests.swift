import Foundation
import Testing
import Optimization

@Suite struct ExportTests {
    static func sample() -> Model {
        var model = Model(name: "export-sample")
        let a = model.addVariable("cost:azure-commit", upperBound: 40)
        let b = model.addVariable("n:case-study", kind: .integer, upperBound: 6)
        let y = model.addVariable("y:reference", kind: .binary)
        model.addConstraint("cap:reference-credits", a - 30 * y <= 0)
        model.addConstraint("cond:reference:0", LinearExpression(b) - 2 * y >= 0)
        model.addConstraint("range", LinearRelation(a + b, in: 1...42))
        model.setObjective(.maximize, a + 2 * b - 5 * y)
        return model
    }

    @Test(arguments: ExportFormat.allCases) func exportIsByteIdentical(format: ExportFormat) throws {
        let first = try Self.sample().export(format)
        let second = try Self.sample().export(format)
        #expect(first == second)
        #expect(!first.isEmpty)
    }

    @Test func lpNamesAreMadeValidAndKeptDistinct() throws {
        let text = try Self.sample().export(.lp)
        #expect(text.contains("cap.reference_credits:"))
        #expect(text.contains("cond.reference.0:"))
        #expect(text.contains("cost.azure_commit"))
        #expect(text.contains("y.reference"))
        // GLPK falls back to r_N / x_N names for names it cannot write; none must remain.
        #expect(!text.contains("r_1") && !text.contains("x_1"))
    }

    @Test func mpsKeepsNamesAndStatesTheSense() throws {
        let text = try Self.sample().export(.mps)
        #expect(text.hasPrefix("* Objective sense: MAXIMIZE"))
        #expect(text.contains("cap:reference-credits"))
    }

    /// Worked by hand: y = 1 costs 5 and allows a ≤ 30, b ≤ 6 with a + b ≤ 42: a = 30, b = 6 gives
    /// 30 + 12 − 5 = 37. With y = 0, a = 0 and b ≤ 6 but a + b ≥ 1: b = 6 gives 12. So 37.
    @Test func glpsolSolvesTheExportedFilesToTheSameObjective() throws {
        let model = Self.sample()
        let ours = try model.solve()
        #expect(ours.objectiveValue == 37)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let lp = directory.appendingPathComponent("model.lp")
        let mps = directory.appendingPathComponent("model.mps")
        try model.export(.lp).write(to: lp, atomically: true, encoding: .utf8)
        try model.export(.mps).write(to: mps, atomically: true, encoding: .utf8)
        #expect(try glpsolObjective(["--lp", lp.path]) == 37)
        #expect(try glpsolObjective(["--freemps", mps.path, "--max"]) == 37)
    }

    /// Runs Debian's glpsol and reads the "obj = …" line of its report.
    private func glpsolObjective(_ arguments: [String]) throws -> Double? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/glpsol")
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("glpsol-\(UUID()).txt")
        defer { try? FileManager.default.removeItem(at: report) }
        process.arguments = arguments + ["-o", report.path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "glpsol \(arguments)")
        let text = try String(contentsOf: report, encoding: .utf8)
        guard let line = text.split(separator: "\n").first(where: { $0.contains("Objective:") }),
            let value = line.split(separator: "=").last?.split(separator: " ").first
        else { return nil }
        return Double(value)
    }
}
