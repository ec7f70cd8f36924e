import Foundation
import Optimization
import Testing
import TradeModel
import TradeSolver

/// Diagnoses of infeasible scenarios: random ones checked by re-solving edited scenarios through the
/// plain formulation, and hand-worked fixtures in `fixtures/infeasible/`.
@Suite struct DiagnosisTests {
    static let seeds: [UInt64] = {
        var seeds: [UInt64] = []
        var seed: UInt64 = 0
        while seeds.count < 120 && seed < 2000 {
            if InfeasibleScenarioGenerator.make(seed: seed) != nil { seeds.append(seed) }
            seed += 1
        }
        return seeds
    }()

    @Test func thereAreManyRandomInfeasibleScenarios() { #expect(Self.seeds.count >= 100) }

    @Test("random infeasible scenarios: the conflict, its irreducibility and the relaxations hold up", arguments: seeds)
    func randomDiagnosis(seed: UInt64) throws {
        let (scenario, options) = try #require(InfeasibleScenarioGenerator.make(seed: seed))
        let base =
            "seed \(seed), options fix \(options.fixedQuantities) force \(options.forcedPrograms) "
            + "forbid \(options.forbiddenPrograms)\n\(scenario.yaml)"
        let context0 = base
        let found = try #require(try TradeSolver().diagnose(scenario, options: options), "no diagnosis\n\(context0)")
        let diagnosis = found
        let context = "conflict \(found.conflict.map { "\($0.path)\($0.hard ? " (hard)" : "")" })\n" + base
        let soft = DiagnosisOracle.softLimits(scenario, options)
        let conflictSoft = Set(diagnosis.conflict.filter { !$0.hard }.map(\.path))
        let conflictHard = diagnosis.conflict.filter(\.hard).map(\.path)
        #expect(diagnosis.irreducible, "\(context)")
        // Soft means negotiable: the diagnosis and the oracle agree on which limits those are.
        #expect(conflictSoft.isSubset(of: soft), "soft members \(conflictSoft) outside \(soft)\n\(context)")
        #expect(Set(conflictHard).isDisjoint(with: soft), "hard members \(conflictHard)\n\(context)")

        // Infeasible on its own: every limit outside the conflict dropped, non-negotiable ones and
        // conditions and exclusive groups too (one tier, the envelope and the caps cannot be dropped
        // by editing the scenario, and with zero contributions they always hold).
        let members = conflictSoft.union(conflictHard)
        let others = DiagnosisOracle.softLimits(scenario, options, hardToo: true)
            .union(DiagnosisOracle.droppableStructure(scenario)).subtracting(members)
        let (alone, aloneOptions) = DiagnosisOracle.dropping(others, from: scenario, options)
        #expect(try !DiagnosisOracle.isFeasible(alone, aloneOptions), "the conflict alone is feasible\n\(context)")
        // Irreducible: without any one negotiable member, a trade exists.
        for member in conflictSoft {
            let (without, withoutOptions) = DiagnosisOracle.dropping(others.union([member]), from: scenario, options)
            #expect(
                try DiagnosisOracle.isFeasible(without, withoutOptions),
                "still infeasible without \(member)\n\(context)")
        }
        // Each named hard member that a scenario edit can drop (a non-negotiable limit, a condition, an
        // exclusive group) is needed too.
        for member in conflictHard where !member.hasPrefix("envelope.tiers") || member.contains(".requires[") {
            guard !member.hasPrefix("programs[") || member.contains(".requires[") else { continue }
            guard member != "envelope" else { continue }
            let (without, withoutOptions) = DiagnosisOracle.dropping(others.union([member]), from: scenario, options)
            #expect(try DiagnosisOracle.isFeasible(without, withoutOptions), "\(member) is not needed\n\(context)")
        }
        // Hard-only exactly when the hard limits alone admit no trade; then nothing is offered.
        let (hardAlone, hardOptions) = DiagnosisOracle.dropping(soft, from: scenario, options)
        let hardFeasible = try DiagnosisOracle.isFeasible(hardAlone, hardOptions)
        #expect(diagnosis.hardOnly == !hardFeasible, "hardOnly \(diagnosis.hardOnly)\n\(context)")
        if diagnosis.hardOnly {
            #expect(conflictSoft.isEmpty && diagnosis.alternatives.isEmpty && diagnosis.relaxation.isEmpty)
            #expect(diagnosis.summary.contains("No negotiable change helps"))
            return
        }
        // Only soft limits are offered, and each suggestion, applied, makes a trade possible.
        #expect(!diagnosis.relaxation.isEmpty, "no relaxation\n\(context)")
        for change in diagnosis.relaxation + diagnosis.alternatives {
            #expect(soft.contains(change.path), "\(change.path) is not negotiable\n\(context)")
        }
        let (relaxed, relaxedOptions) = DiagnosisOracle.applying(diagnosis.relaxation, to: scenario, options)
        #expect(
            try DiagnosisOracle.isFeasible(relaxed, relaxedOptions), "relaxation \(diagnosis.relaxation)\n\(context)")
        for alternative in diagnosis.alternatives {
            #expect(conflictSoft.contains(alternative.path), "\(alternative.path) is not in the conflict")
            let (changed, changedOptions) = DiagnosisOracle.applying([alternative], to: scenario, options)
            #expect(try DiagnosisOracle.isFeasible(changed, changedOptions), "alternative \(alternative)\n\(context)")
        }
        #expect(diagnosis.verified)
    }

    @Test("solves per diagnosis over the random scenarios")
    func measuresSolves() throws {
        var total = 0
        var largest = 0
        var members = 0
        var hardOnly = 0
        for seed in Self.seeds {
            let (scenario, options) = try #require(InfeasibleScenarioGenerator.make(seed: seed))
            let diagnosis = try #require(try TradeSolver().diagnose(scenario, options: options))
            total += diagnosis.solves
            largest = max(largest, diagnosis.solves)
            members += diagnosis.conflict.count
            if diagnosis.hardOnly { hardOnly += 1 }
        }
        let count = Double(Self.seeds.count)
        print(
            "diagnoses of \(Self.seeds.count) random infeasible scenarios: \(Double(total) / count) solves on average,",
            "at most \(largest); \(Double(members) / count) limits per conflict; \(hardOnly) hard-only")
        #expect(total > 0 && hardOnly < Self.seeds.count)
    }

    @Test func theAsyncDiagnosisMatchesTheBlockingOne() async throws {
        let loaded = try ScenarioDecoder.decode(
            contentsOf: Fixture.root.appendingPathComponent("fixtures/infeasible/lever-minimum-above-capacity.yaml"))
        let blocking = try TradeSolver().diagnose(loaded.scenario)
        let concurrent = try await TradeSolver().diagnose(loaded)
        #expect(blocking != nil && blocking == concurrent)
    }

    @Test func aFeasibleScenarioHasNoDiagnosis() throws {
        let loaded = try ScenarioDecoder.decode(
            contentsOf: Fixture.root.appendingPathComponent("models/readme-small.yaml"))
        #expect(try TradeSolver().diagnose(loaded.scenario) == nil)
    }

    // MARK: Hand-worked fixtures

    struct Expected: Decodable {
        var scenario: String?
        var options: Options?
        var conflict: [String]
        var hard: [String]
        var hardOnly: Bool
        var alternatives: [String: Decimal]
        var relaxation: [String: Decimal]
        var sentences: [String]

        struct Options: Decodable {
            var fix: [String: String]?
            var force: [String]?
            var forbid: [String]?
        }
    }

    static let fixtures: [String] = {
        let directory = Fixture.root.appendingPathComponent("fixtures/infeasible")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".expected.json") }.map { String($0.dropLast(".expected.json".count)) }
            .sorted()
    }()

    @Test func thereAreFixtures() { #expect(Self.fixtures.count >= 5) }

    @Test("hand-worked infeasible fixtures", arguments: fixtures)
    func fixture(name: String) throws {
        let directory = Fixture.root.appendingPathComponent("fixtures/infeasible")
        let expected = try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: directory.appendingPathComponent("\(name).expected.json")))
        let file = directory.appendingPathComponent(expected.scenario ?? "\(name).yaml")
        let loaded = try ScenarioDecoder.decode(contentsOf: file)
        var options = TradeOptions()
        for (id, quantity) in expected.options?.fix ?? [:] { options.fixedQuantities[id] = Decimal(string: quantity)! }
        options.forcedPrograms = Set(expected.options?.force ?? [])
        options.forbiddenPrograms = Set(expected.options?.forbid ?? [])
        #expect(try TradeSolver().solve(loaded, options: options).status == .infeasible)
        let diagnosis = try #require(try TradeSolver().diagnose(loaded.scenario, options: options))
        #expect(Set(diagnosis.conflict.filter { !$0.hard }.map(\.path)) == Set(expected.conflict), "\(name)")
        #expect(Set(diagnosis.conflict.filter(\.hard).map(\.path)) == Set(expected.hard), "\(name)")
        #expect(diagnosis.hardOnly == expected.hardOnly, "\(name)")
        func values(_ changes: [LimitChange]) -> [String: Decimal] {
            Dictionary(uniqueKeysWithValues: changes.map { ($0.path, $0.suggested ?? -1) })
        }
        #expect(values(diagnosis.alternatives) == expected.alternatives, "\(name): \(diagnosis.alternatives)")
        #expect(values(diagnosis.relaxation) == expected.relaxation, "\(name): \(diagnosis.relaxation)")
        for sentence in expected.sentences {
            #expect(
                diagnosis.summary.contains(sentence)
                    || diagnosis.relaxation.contains { $0.sentence.contains(sentence) },
                "\(name): '\(sentence)' missing from '\(diagnosis.summary)'")
        }
        #expect(diagnosis.verified)
    }
}

enum Fixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}
