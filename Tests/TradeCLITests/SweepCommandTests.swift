import Foundation
import Testing

/// `trade sweep` end to end: formats, files and exit statuses.
@Suite struct SweepCommandTests {
    static let threshold = [
        "sweep", "fixtures/solve/tier-unlock.yaml", "--param", "envelope.tiers.area-lead.requires.0.atLeast", "--from", "0",
        "--to", "4000000",
    ]

    /// By hand (the fixture's comment): 130,000 while the threshold is at most 3,000,000, then 100,000.
    @Test func textNamesTheBreakpointAndItsJump() throws {
        let result = try CommandRunner.run(Self.threshold)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("above 3,000,000"))
        #expect(result.standardOutput.contains("the envelope falls back to the account-team tier"))
        #expect(result.standardOutput.contains("-30,000"))
        #expect(result.standardError.isEmpty, "progress only on a terminal or with --progress")
    }

    @Test func csvHasBothSidesOfTheBreakpoint() throws {
        let result = try CommandRunner.run(Self.threshold + ["--format", "csv"])
        #expect(result.status == 0)
        let rows = result.standardOutput.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(rows.first == ["envelope.tiers.area-lead.requires.0.atLeast", "buyerValue"])
        let points = rows.dropFirst().map { (Double($0[0])!, Double($0[1])!) }
        #expect(points.first! == (0, 130_000))
        #expect(points.last! == (4_000_000, 100_000))
        #expect(points.contains { $0.0 == 3_000_000 && $0.1 == 130_000 })
        #expect(points.contains { $0.0 > 3_000_000 && $0.0 <= 3_000_400 && $0.1 == 100_000 })
    }

    @Test func jsonAndSvgFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let json = directory.appendingPathComponent("sweep.json").path
        let svg = directory.appendingPathComponent("sweep.svg").path
        let result = try CommandRunner.run(Self.threshold + ["--format", "json", "--output", json, "--svg", svg, "--progress"])
        #expect(result.status == 0)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.contains("trade sweep:"))
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as! [String: Any]
        #expect(object["format"] as? String == "renewal-trade-sweep/v1")
        let breakpoints = object["breakpoints"] as! [[String: Any]]
        #expect(breakpoints.count == 1)
        #expect((breakpoints[0]["jump"] as? NSNumber)?.doubleValue == -30_000)
        let picture = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(picture.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(picture.hasSuffix("</svg>\n"))
        #expect(!picture.contains("href"))
    }

    @Test func unknownParameterExitsTwoWithAHint() throws {
        let result = try CommandRunner.run([
            "sweep", "fixtures/solve/tier-unlock.yaml", "--param", "envelope.tiers.area-led.maxPct", "--from", "0", "--to", "1",
        ])
        #expect(result.status == 2)
        #expect(result.standardError.contains("unknown tier 'area-led' (did you mean 'area-lead'?)"))
    }

    @Test func valueThatMakesTheScenarioInvalidExitsTwo() throws {
        let result = try CommandRunner.run([
            "sweep", "fixtures/solve/tier-unlock.yaml", "--param", "envelope.tiers.area-lead.maxPct", "--from", "-1", "--to", "1",
        ])
        #expect(result.status == 2)
        #expect(result.standardError.contains("envelope.tiers.area-lead.maxPct = -1"))
    }

    @Test func listShowsEveryPath() throws {
        let result = try CommandRunner.run(["sweep", "fixtures/solve/tier-unlock.yaml", "--list"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("envelope.tiers.area-lead.requires.0.atLeast\t3000000\n"))
        #expect(result.standardOutput.contains("levers.azure-commit.cost.2.perUnit\t0.2\n"))
    }

    @Test func missingIntervalIsACommandLineError() throws {
        let result = try CommandRunner.run(["sweep", "fixtures/solve/tier-unlock.yaml", "--param", "microsoft.hurdle"])
        #expect(result.status == 64)
    }
}
