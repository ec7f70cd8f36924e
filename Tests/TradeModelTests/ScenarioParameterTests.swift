import Foundation
import Testing
import TradeModel

/// Parameter paths on a scenario built by hand: every kind of number is read, written, and the
/// rest of the scenario is left alone; bad paths name what is wrong.
@Suite struct ScenarioParameterTests {
    static func d(_ text: String) -> Decimal { Decimal(string: text)! }

    static let scenario = Scenario(
        name: "Hand-made", currency: "USD", termYears: 3, baseline: Baseline(spend: 1_000_000),
        levers: [
            Lever(
                id: "azure-commit", kind: .consumption, step: 1000, max: 10000,
                cost: [CostSegment(from: 0, perUnit: 0), CostSegment(from: 5000, perUnit: d("0.6"))], value: d("0.12")),
            Lever(id: "case-study", kind: .reference, type: .binary, max: 1, cost: [CostSegment(from: 0, perUnit: 900)]),
        ],
        metrics: [Metric(id: "migration-cost", terms: [Term("azure-commit", 2)], constant: 7)],
        programs: [
            Program(
                id: "reference-credits", element: .referenceParticipation,
                requires: [Condition(.lever("case-study"), .atLeast, 1)],
                contribution: Contribution(kind: .concession, cap: 500)),
            Program(
                id: "migration-funding", element: .migrationFunding,
                contribution: Contribution(kind: .funding, cap: 900, rate: d("0.25"), base: "migration-cost")),
            Program(
                id: "design-partner", element: .designPartner,
                requires: [Condition(.metric("migration-cost"), .atMost, 30000)], expandsEnvelope: d("0.02")),
        ],
        envelope: Envelope(
            discount: .upTo(maxPct: d("0.03")),
            tiers: [
                Tier(id: "account-team", maxPct: d("0.04")),
                Tier(id: "area-lead", maxPct: d("0.08"), requires: [Condition(.lever("azure-commit"), .atLeast, 8000)]),
            ]),
        microsoft: MicrosoftSide(hurdle: 250),
        constraints: [
            BuyerConstraint(id: "engineering-capacity", terms: [Term("case-study", 4)], atMost: 14),
            BuyerConstraint(id: "exact", terms: [Term("azure-commit", 1)], equals: 3000),
        ])

    /// (path, value in the hand-made scenario)
    static let readable: [(String, String)] = [
        ("baseline.spend", "1000000"), ("microsoft.hurdle", "250"), ("envelope.discount.maxPct", "0.03"),
        ("envelope.tiers.area-lead.maxPct", "0.08"), ("envelope.tiers.area-lead.requires.0.atLeast", "8000"),
        ("levers.azure-commit.max", "10000"), ("levers.azure-commit.value", "0.12"),
        ("levers.azure-commit.cost.1.perUnit", "0.6"), ("levers.azure-commit.cost.1.from", "5000"),
        ("levers.case-study.max", "1"), ("metrics.migration-cost.constant", "7"),
        ("metrics.migration-cost.terms.azure-commit", "2"), ("programs.reference-credits.concession.cap", "500"),
        ("programs.reference-credits.requires.0.atLeast", "1"), ("programs.migration-funding.funding.rate", "0.25"),
        ("programs.migration-funding.funding.cap", "900"), ("programs.design-partner.expandsEnvelope", "0.02"),
        ("programs.design-partner.requires.0.atMost", "30000"), ("constraints.engineering-capacity.atMost", "14"),
        ("constraints.engineering-capacity.terms.case-study", "4"), ("constraints.exact.equals", "3000"),
    ]

    @Test func readsEveryKindOfNumber() throws {
        for (path, expected) in Self.readable {
            let parameter = try ScenarioParameter(path, in: Self.scenario)
            #expect(parameter.path == path)
            #expect(try parameter.value(in: Self.scenario) == Self.d(expected), "\(path)")
        }
    }

    @Test func writesOnlyTheAddressedNumber() throws {
        for (path, old) in Self.readable {
            let parameter = try ScenarioParameter(path, in: Self.scenario)
            let changed = try parameter.setting(Self.d(old) + Self.d("0.5"), in: Self.scenario)
            #expect(try parameter.value(in: changed) == Self.d(old) + Self.d("0.5"), "\(path)")
            #expect(changed != Self.scenario, "\(path)")
            // Setting it back gives the original scenario: nothing else moved.
            #expect(try parameter.setting(Self.d(old), in: changed) == Self.scenario, "\(path)")
        }
    }

    @Test func specificWritesLandWhereExpected() throws {
        let cap = try ScenarioParameter("programs.migration-funding.funding.cap", in: Self.scenario)
        let changed = try cap.setting(1234, in: Self.scenario)
        #expect(changed.programs[1].contribution?.cap == 1234)
        #expect(changed.programs[1].contribution?.rate == Self.d("0.25"))
        let slope = try ScenarioParameter("levers.azure-commit.cost.1.perUnit", in: Self.scenario)
        #expect(try slope.setting(Self.d("0.7"), in: Self.scenario).levers[0].cost[1].perUnit == Self.d("0.7"))
        let equals = try ScenarioParameter("constraints.exact.equals", in: Self.scenario)
        let moved = try equals.setting(4000, in: Self.scenario).constraints[1]
        #expect(moved.atLeast == 4000 && moved.atMost == 4000 && moved.equals == 4000)
        let tier = try ScenarioParameter("envelope.tiers.area-lead.maxPct", in: Self.scenario)
        let tiers = try tier.setting(Self.d("0.1"), in: Self.scenario).envelope.tiers
        #expect(tiers.map(\.maxPct) == [Self.d("0.04"), Self.d("0.1")])
    }

    @Test(arguments: [
        ("programs.referense-credits.concession.cap", "unknown program 'referense-credits' (did you mean 'reference-credits'?)"),
        ("programs.x.concession.cap", "unknown program 'x'"),
        ("programs.reference-credits.funding.cap", "has a concession, not funding"),
        ("programs.reference-credits.concession.rate", "has no number 'rate'"),
        ("programs.design-partner.funding.cap", "has no funding or concession"),
        ("envelope.tiers.area-led.maxPct", "did you mean 'area-lead'?"),
        ("envelope.tiers.area-lead.requires.1.atLeast", "index 1 is out of range"),
        ("envelope.tiers.area-lead.requires.0.atMost", "is an atLeast condition"),
        ("levers.azure-commit.cost.x.perUnit", "'x' is not an index"),
        ("levers.azure-commit.vlaue", "did you mean 'value'?"),
        ("constraints.engineering-capacity.atLeast", "has no number 'atLeast'"),
        ("constraints.exact.atMost", "has no number 'atMost'"),
        ("microsoft.hurdle.extra", "unexpected 'extra'"),
        ("microsoft", "expected one of hurdle after 'microsoft'"),
        ("budget.spend", "a scenario has no number 'budget'"),
        ("metrics.migration-cost.terms.case-study", "unknown term 'case-study' in metric 'migration-cost'; known: azure-commit"),
    ])
    func badPathsSayWhatIsWrong(path: String, message: String) {
        #expect {
            try ScenarioParameter(path, in: Self.scenario)
        } throws: { error in
            let error = error as! ScenarioParameterError
            return error.message.contains(message) && error.description.hasPrefix("parameter '\(path)'")
        }
    }

    @Test func discountThatIsNotAPercentageHasNoMaxPct() {
        var scenario = Self.scenario
        scenario.envelope.discount = .unlimited
        #expect(throws: ScenarioParameterError.self) { try ScenarioParameter("envelope.discount.maxPct", in: scenario) }
    }

    @Test func listsEveryNumberOnce() throws {
        let all = ScenarioParameter.all(in: Self.scenario).map(\.path)
        #expect(Set(all).count == all.count)
        for (path, _) in Self.readable { #expect(all.contains(path), "\(path)") }
        // Counted by hand: 1 baseline; azure 3 bounds + 4 cost + value; case-study 3 + 2 + 1; metric 2;
        // programs 2 + 2 + 2; discount 1; tiers 1 + 2; hurdle 1; constraints 2 + 2.
        #expect(all.count == 1 + 8 + 6 + 2 + 6 + 1 + 3 + 1 + 4)
        for path in all { #expect(throws: Never.self) { try ScenarioParameter(path, in: Self.scenario) } }
    }

    @Test func lowerBoundsMoveOnTheLeversStep() throws {
        let max = try ScenarioParameter("levers.azure-commit.max", in: Self.scenario)
        #expect(max.granularity(in: Self.scenario) == 1000)
        #expect(try ScenarioParameter("microsoft.hurdle", in: Self.scenario).granularity(in: Self.scenario) == nil)
    }
}
