import Foundation
import ScenarioGenerator
import Testing
import TradeModel
import TradeSolver

@Suite("Scenario generator")
struct ScenarioGeneratorTests {
    static let modelsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../models").standardizedFileURL

    @Test("the same options give the same bytes; another seed gives other bytes")
    func deterministic() throws {
        let first = try ScenarioEncoder.yaml(ScenarioGenerator(levers: 120, programs: 30, seed: 7).scenario())
        let second = try ScenarioEncoder.yaml(ScenarioGenerator(levers: 120, programs: 30, seed: 7).scenario())
        let other = try ScenarioEncoder.yaml(ScenarioGenerator(levers: 120, programs: 30, seed: 8).scenario())
        #expect(first == second)
        #expect(first != other)
    }

    /// SplitMix64's published first outputs for seed 0 (the reference implementation by Vigna),
    /// so that the sequence, and with it every generated scenario, cannot drift silently.
    @Test("SplitMix64 matches the reference sequence")
    func referenceSequence() {
        var random = SplitMix64(seed: 0)
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(random.next() == 0x06C4_5D18_8009_454F)
    }

    @Test("generated scenarios are valid for many sizes and seeds", arguments: 0..<40)
    func valid(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed) &+ 1_000)
        let levers = random.int(1...60), programs = random.int(0...20)
        let scenario = ScenarioGenerator(levers: levers, programs: programs, seed: UInt64(seed)).scenario()
        let errors = scenario.validate().filter { $0.severity == .error }
        #expect(errors.isEmpty, "levers \(levers), programs \(programs), seed \(seed): \(errors)")
        #expect(scenario.levers.count == levers)
        #expect(scenario.programs.count == programs)
    }

    /// Feasible, and not trivially: Microsoft's hurdle is positive, so the plain renewal (every lever
    /// at 0, which is every lever's minimum) is not a trade; committing each division's forecast, which
    /// costs the buyer nothing, is one, so the optimum is worth at least 0 to the buyer.
    @Test("small generated scenarios are feasible, and need real commitments", arguments: 0..<20)
    func feasible(seed: Int) throws {
        var random = SplitMix64(seed: UInt64(seed) &+ 2_000)
        let levers = random.int(1...30), programs = random.int(0...8)
        let scenario = ScenarioGenerator(levers: levers, programs: programs, seed: UInt64(seed)).scenario()
        #expect(scenario.microsoft.hurdle > 0)
        #expect(scenario.levers.allSatisfy { $0.min == 0 })
        let trade = try TradeSolver().solve(scenario)
        try #require(trade.status == .optimal, "levers \(levers), programs \(programs), seed \(seed)")
        #expect((trade.buyerValue ?? -1) >= -1e-6)
        let gain = trade.levers.reduce(Decimal(0)) { $0 + $1.valueToMicrosoft }
        #expect(gain >= scenario.microsoft.hurdle, "Microsoft's gross gain must reach the hurdle")
    }

    @Test("decoding the written YAML gives the same scenario", arguments: [(40, 12, 3), (200, 50, 1), (9, 0, 5)])
    func roundTrip(levers: Int, programs: Int, seed: UInt64) throws {
        let scenario = ScenarioGenerator(levers: levers, programs: programs, seed: seed).scenario()
        let decoded = try ScenarioDecoder.decode(try ScenarioEncoder.yaml(scenario))
        #expect(decoded.scenario == scenario)
    }

    @Test("the bundled models survive writing and reading back")
    func modelsRoundTrip() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.modelsFolder.path).filter {
            $0.hasSuffix(".yaml")
        }
        #expect(files.count >= 4)
        for file in files {
            let scenario = try ScenarioDecoder.decode(contentsOf: Self.modelsFolder.appendingPathComponent(file))
                .scenario
            let again = try ScenarioDecoder.decode(try ScenarioEncoder.yaml(scenario)).scenario
            #expect(again == scenario, "\(file)")
        }
    }

    @Test("strings that plain YAML would read as something else are quoted")
    func quoting() throws {
        var scenario = ScenarioGenerator(levers: 3, programs: 1, seed: 1).scenario()
        scenario.name = "true"
        scenario.levers[1].label = "1e5"
        scenario.levers[2].note = "null: or ~ # not a comment"
        let again = try ScenarioDecoder.decode(try ScenarioEncoder.yaml(scenario)).scenario
        #expect(again == scenario)
    }

    /// M is generated and checked in full; L and XL only by their dimensions, since generating and
    /// encoding them in a debug build takes minutes (docs/performance.md).
    @Test("the named sizes are as promised")
    func sizes() throws {
        let bundled = try ScenarioDecoder.decode(
            contentsOf: Self.modelsFolder.appendingPathComponent("contoso-ea-renewal.yaml"))
        #expect(ScenarioGenerator.scenario(.s) == bundled.scenario)
        #expect(ScenarioGenerator.Size.s.dimensions == nil)
        #expect(ScenarioGenerator.Size.l.dimensions?.levers == 2_000)
        #expect(ScenarioGenerator.Size.l.dimensions?.programs == 400)
        #expect(ScenarioGenerator.Size.xl.dimensions?.levers == 20_000)
        #expect(ScenarioGenerator.Size.xl.dimensions?.programs == 4_000)
        let medium = ScenarioGenerator.scenario(.m)
        #expect(medium.levers.count == 200)
        #expect(medium.programs.count == 50)
        #expect(Set(medium.levers.map(\.kind)) == Set(Lever.Kind.allCases))
        #expect(Set(medium.programs.map(\.element)).count == Program.Element.allCases.count)
        #expect(try ScenarioEncoder.yaml(medium).utf8.count < ScenarioLimits.maximumBytes)
    }
}
