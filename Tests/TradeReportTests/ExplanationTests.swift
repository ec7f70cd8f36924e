import Foundation
import Testing
import TradeModel
import TradeReport
import TradeSolver

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

func load(_ path: String) throws -> LoadedScenario {
    try ScenarioDecoder.decode(contentsOf: packageRoot.appendingPathComponent(path))
}

func explain(_ path: String) throws -> (Trade, Scenario, OfferExplanation) {
    let loaded = try load(path)
    let solver = TradeSolver()
    let trade = try solver.solve(loaded)
    let misses = try solver.nearMisses(of: trade, in: loaded.scenario)
    return (trade, loaded.scenario, OfferExplanation(trade: trade, scenario: loaded.scenario, nearMisses: misses)!)
}

@Suite struct ExplanationTests {
    /// Each "which limit stopped it" sentence, on a fixture whose comment shows that limit binding.
    @Test(arguments: [
        ("fixtures/solve/concession-cap-limited.yaml", "reference-credits", "cap"),
        ("fixtures/solve/funding-rate-limited.yaml", "migration-funding", "rate"),
        ("fixtures/solve/envelope-binding.yaml", "strategic-incentive", "envelope"),
        ("fixtures/solve/participation-limited.yaml", "migration-funding", "participation"),
        ("fixtures/solve/balanced-fair-split.yaml", "strategic-incentive", "fair-split"),
        ("fixtures/solve/expands-envelope.yaml", "design-partner", "envelope-expansion"),
    ])
    func limitThatStoppedTheProgram(path: String, program: String, limit: String) throws {
        let (_, _, explanation) = try explain(path)
        let reason = explanation.contributions.first { $0.program == program }
        #expect(reason?.limitedBy == limit, "\(path): \(reason?.sentence ?? "no reason for \(program)")")
    }

    /// The rate sentence states the arithmetic of funding-rate-limited.yaml's comment.
    @Test func rateSentenceShowsTheArithmetic() throws {
        let (trade, _, explanation) = try explain("fixtures/solve/funding-rate-limited.yaml")
        let reason = try #require(explanation.contributions.first { $0.program == "migration-funding" })
        let contribution = try #require(trade.programs.first { $0.id == "migration-funding" }?.contribution)
        #expect(reason.sentence.contains("its rate"))
        #expect(reason.sentence.contains(Formatting.amount(contribution)))
    }

    /// The default model's design-partner near miss: scripts/crosscheck_fixtures.py --solve
    /// (SciPy's MILP) gives 2,996,000 with design-partner forced on, 374,000 below the optimum.
    @Test func nearMissMatchesASeparateForcedSolve() throws {
        let loaded = try load("models/contoso-ea-renewal.yaml")
        let (trade, _, explanation) = try explain("models/contoso-ea-renewal.yaml")
        let miss = try #require(explanation.nearMisses.first { $0.id == "design-partner" })
        #expect(miss.verdict == "not-worth-it")
        #expect(miss.buyerValueIfUnlocked == 2_996_000)
        #expect(miss.change == -374_000)
        let forced = try TradeSolver().solve(loaded, options: TradeOptions(forcedPrograms: ["design-partner"]))
        #expect(forced.buyerValue == 2_996_000)
        #expect((trade.buyerValue ?? 0) - (forced.buyerValue ?? 0) == 374_000)
        #expect(miss.sentence.contains("costs 374,000 more than it brings"))
    }

    /// Near misses of a trade from another scenario would force switches the program does not have.
    @Test func nearMissesRefuseAnotherScenariosTrade() throws {
        let contoso = try load("models/contoso-ea-renewal.yaml").scenario
        let other = try load("fixtures/solve/tier-unlock.yaml").scenario
        let trade = try TradeSolver().solve(other)
        #expect(trade.hasTrade)
        #expect(throws: TradeSolverError.self) { try TradeProblem(contoso).nearMisses(of: trade) }
        #expect(try TradeProblem(other).nearMisses(of: trade).count == trade.programs.filter { !$0.active }.count)
    }

    /// A tier that nothing can reach is reported as blocked: the tier needs a sponsor the
    /// scenario caps at zero.
    @Test func blockedTierIsSaidPlainly() throws {
        var scenario = try load("fixtures/solve/tier-unlock.yaml").scenario
        scenario.levers.append(Lever(id: "sponsor", kind: .executive, type: .binary, max: 1))
        scenario.constraints.append(BuyerConstraint(id: "no-sponsor", terms: [Term("sponsor", 1)], atMost: 0))
        scenario.envelope.tiers.append(Tier(id: "corporate", maxPct: 0.1, requires: [Condition(.lever("sponsor"), .atLeast, 1)]))
        let trade = try TradeSolver().solve(scenario)
        let misses = try TradeSolver().nearMisses(of: trade, in: scenario)
        let explanation = try #require(OfferExplanation(trade: trade, scenario: scenario, nearMisses: misses))
        let corporate = try #require(explanation.nearMisses.first { $0.id == "corporate" })
        #expect(corporate.verdict == "blocked")
        #expect(corporate.buyerValueIfUnlocked == nil)
    }

    /// Worked from the fixture's comment: q = 3M qualifies the area-lead tier (needs 3,000,000),
    /// with margin 0; the envelope of 200,000 is used for 150,000 and participation binds.
    @Test func commitmentsNameWhatTheyQualify() throws {
        let (_, _, explanation) = try explain("fixtures/solve/tier-unlock.yaml")
        let commitment = try #require(explanation.commitments.first { $0.lever == "azure-commit" })
        let tier = try #require(commitment.qualifies.first { $0.kind == "tier" && $0.id == "area-lead" })
        #expect(tier.threshold == 3_000_000 && tier.value == 3_000_000 && tier.margin == 0)
        #expect(commitment.sentence.contains("qualifies area-lead tier (needs at least 3,000,000)"))
        #expect(explanation.envelope?.size == 200_000 && explanation.envelope?.used == 150_000)
        #expect(explanation.bindingLimits.contains { $0.hasPrefix("Microsoft's gain is exactly its hurdle") })
        #expect(!explanation.bindingLimits.contains { $0.contains("envelope") })
    }

    /// The hurdle forces commitments that cost more than they bring: case studies cost the buyer
    /// 50,000 each and are worth 10,000 each to Microsoft, whose hurdle is 30,000. Three are the
    /// least that clears it (30,000, leaving no discount): buyer value −150,000. Four would allow a
    /// 10,000 discount but cost 200,000: −190,000. So −150,000, below the plain renewal.
    @Test func worseThanThePlainRenewalIsSaidPlainly() throws {
        let scenario = Scenario(
            name: "Hurdle forces references", currency: "USD", termYears: 3, baseline: Baseline(spend: 2_000_000),
            levers: [
                Lever(id: "case-study", kind: .reference, max: 4, cost: [CostSegment(from: 0, perUnit: 50_000)], value: 10_000)
            ],
            envelope: Envelope(tiers: [Tier(id: "account-team", maxPct: 0.05)]), microsoft: MicrosoftSide(hurdle: 30_000))
        let trade = try TradeSolver().solve(scenario)
        #expect(trade.buyerValue == -150_000)
        #expect(trade.levers[0].quantity == 3)
        #expect(trade.isWorseThanPlainRenewal)
        let explanation = try #require(OfferExplanation(trade: trade, scenario: scenario, nearMisses: []))
        #expect(explanation.summary.contains("worse for the buyer than the plain renewal"))
        let text = TextReport(trade: trade, scenario: scenario, explanation: explanation).render()
        #expect(text.contains("worse for the buyer than the plain renewal"))
    }
}

/// Each commitment's "qualifies" list, computed the slow, obvious way: every condition of an
/// active program (in the scenario's order), then of the reached tier, whose subject is the lever
/// or a metric that uses it. The explanation files conditions under their levers once (so that
/// XL's 20,000 levers and 4,000 programs do not make it quadratic); this says the order and
/// contents are those of the plain definition, on every bundled model and solve fixture.
@Suite struct CommitmentQualificationTests {
    static let files: [String] = ["models", "fixtures/solve"].flatMap { folder in
        ((try? FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent(folder).path)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted().map { "\(folder)/\($0)" }
    }

    /// The levers a lever or metric id depends on, by walking the metric terms by hand.
    static func levers(of id: String, in scenario: Scenario) -> Set<String> {
        if scenario.levers.contains(where: { $0.id == id }) { return [id] }
        guard let metric = scenario.metrics.first(where: { $0.id == id }) else { return [] }
        return metric.terms.filter { $0.coefficient != 0 }.reduce(into: Set<String>()) {
            $0.formUnion(levers(of: $1.id, in: scenario))
        }
    }

    /// Not vacuous: the files are found, and the default model's commitments do qualify something.
    @Test func theListsAreNotEmpty() throws {
        #expect(Self.files.count >= 15)
        let (_, _, explanation) = try explain("models/contoso-ea-renewal.yaml")
        #expect(explanation.commitments.contains { !$0.qualifies.isEmpty })
    }

    @Test(arguments: files)
    func qualifiesListsEveryConditionOnTheLever(path: String) throws {
        let loaded = try load(path)
        let scenario = loaded.scenario
        let trade = try TradeSolver().solve(loaded)
        guard let explanation = OfferExplanation(trade: trade, scenario: scenario, nearMisses: []) else { return }
        var conditions: [(kind: String, id: String, condition: Condition)] = []
        for program in scenario.programs where trade.programs.first(where: { $0.id == program.id })?.active == true {
            conditions += program.requires.map { ("program", program.id, $0) }
        }
        if let tier = scenario.envelope.tiers.first(where: { $0.id == trade.envelope?.tier }) {
            conditions += tier.requires.map { ("tier", tier.id, $0) }
        }
        for commitment in explanation.commitments {
            let expected = conditions.filter {
                Self.levers(of: $0.condition.subject.id, in: scenario).contains(commitment.lever)
            }
            #expect(commitment.qualifies.map(\.kind) == expected.map(\.kind), "\(path) \(commitment.lever)")
            #expect(commitment.qualifies.map(\.id) == expected.map(\.id), "\(path) \(commitment.lever)")
            #expect(
                commitment.qualifies.map(\.threshold) == expected.map(\.condition.threshold),
                "\(path) \(commitment.lever)")
        }
    }
}
