import Foundation
import Testing
import TradeModel

/// A document using every section, in YAML.
private let fullYAML = """
    schema: renewal-trade/v1
    name: Contoso EA renewal 2027
    currency: USD
    termYears: 3
    baseline:
      spend: 36000000.01
    levers:
      - id: azure-commit
        kind: consumption
        label: Azure consumption commitment
        unit: USD
        step: 1000000
        max: 30000000
        cost:
          - {from: 0, perUnit: 0}
          - {from: 18000000, perUnit: 0.6}
        value: 0.12
        note: Free text.
      - id: migrate-sap
        kind: migration
        type: binary
        value: 80000
      - id: eng-fte-months
        kind: engineering
        min: 2
        max: 12
    metrics:
      - id: migration-cost
        terms: {migrate-sap: 2400000}
      - id: migrated-workloads
        label: Workloads migrated
        terms: {migrate-sap: 1}
        constant: 0.1
    programs:
      - id: migration-funding
        element: migration-funding
        requires: [{metric: migrated-workloads, atLeast: 1}, {lever: azure-commit, atLeast: 10000000}]
        funding: {rate: 0.25, base: migration-cost, cap: 900000}
      - id: strategic-incentive
        element: custom-incentives
        requires: [{lever: azure-commit, atMost: 25000000}]
        concession: {cap: 1200000}
      - id: design-partner
        element: design-partner
        expandsEnvelope: 0.02
    envelope:
      discount: {maxPct: 0.03}
      tiers:
        - {id: account-team, maxPct: 0.04}
        - {id: area-lead, maxPct: 0.08, requires: [{lever: azure-commit, atLeast: 20000000}]}
    microsoft: {hurdle: 250000}
    constraints:
      - id: engineering-capacity
        terms: {eng-fte-months: 1, migrate-sap: 4}
        atMost: 14
      - id: fixed-sap
        label: SAP goes
        terms: {migrate-sap: 1}
        equals: 1
    exclusive: [[migration-funding, strategic-incentive]]
    objective: balanced
    """

/// The same document in JSON.
private let fullJSON = """
    {
      "schema": "renewal-trade/v1",
      "name": "Contoso EA renewal 2027",
      "currency": "USD",
      "termYears": 3,
      "baseline": {"spend": 36000000.01},
      "levers": [
        {"id": "azure-commit", "kind": "consumption", "label": "Azure consumption commitment", "unit": "USD",
         "step": 1000000, "max": 30000000,
         "cost": [{"from": 0, "perUnit": 0}, {"from": 18000000, "perUnit": 0.6}],
         "value": 0.12, "note": "Free text."},
        {"id": "migrate-sap", "kind": "migration", "type": "binary", "value": 80000},
        {"id": "eng-fte-months", "kind": "engineering", "min": 2, "max": 12}
      ],
      "metrics": [
        {"id": "migration-cost", "terms": {"migrate-sap": 2400000}},
        {"id": "migrated-workloads", "label": "Workloads migrated", "terms": {"migrate-sap": 1}, "constant": 0.1}
      ],
      "programs": [
        {"id": "migration-funding", "element": "migration-funding",
         "requires": [{"metric": "migrated-workloads", "atLeast": 1}, {"lever": "azure-commit", "atLeast": 10000000}],
         "funding": {"rate": 0.25, "base": "migration-cost", "cap": 900000}},
        {"id": "strategic-incentive", "element": "custom-incentives",
         "requires": [{"lever": "azure-commit", "atMost": 25000000}], "concession": {"cap": 1200000}},
        {"id": "design-partner", "element": "design-partner", "expandsEnvelope": 0.02}
      ],
      "envelope": {
        "discount": {"maxPct": 0.03},
        "tiers": [
          {"id": "account-team", "maxPct": 0.04},
          {"id": "area-lead", "maxPct": 0.08, "requires": [{"lever": "azure-commit", "atLeast": 20000000}]}
        ]
      },
      "microsoft": {"hurdle": 250000},
      "constraints": [
        {"id": "engineering-capacity", "terms": {"eng-fte-months": 1, "migrate-sap": 4}, "atMost": 14},
        {"id": "fixed-sap", "label": "SAP goes", "terms": {"migrate-sap": 1}, "equals": 1}
      ],
      "exclusive": [["migration-funding", "strategic-incentive"]],
      "objective": "balanced"
    }
    """

private func decimal(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }

/// A minimal valid document with `extra` appended at the top level.
private func minimal(_ extra: String = "", lever: String = "{id: seats, kind: deployment, max: 10}") -> String {
    """
    schema: renewal-trade/v1
    name: Minimal
    currency: EUR
    termYears: 1
    baseline: {spend: 100}
    levers:
      - \(lever)
    \(extra)
    """
}

@Suite("Decoding")
struct DecodingTests {
    @Test("YAML and the equivalent JSON decode to equal scenarios")
    func yamlEqualsJSON() throws {
        let yaml = try ScenarioDecoder.decode(fullYAML)
        let json = try ScenarioDecoder.decode(fullJSON)
        #expect(yaml.scenario == json.scenario)
        #expect(yaml.warnings.isEmpty)
    }

    @Test("the full document decodes to the scenario written out by hand")
    func fullDocumentByHand() throws {
        let expected = Scenario(
            name: "Contoso EA renewal 2027", currency: "USD", termYears: 3,
            baseline: Baseline(spend: decimal("36000000.01")),
            levers: [
                Lever(
                    id: "azure-commit", kind: .consumption, label: "Azure consumption commitment", unit: "USD",
                    step: 1_000_000, max: 30_000_000,
                    cost: [CostSegment(from: 0, perUnit: 0), CostSegment(from: 18_000_000, perUnit: decimal("0.6"))],
                    value: decimal("0.12"), note: "Free text."),
                Lever(id: "migrate-sap", kind: .migration, type: .binary, min: 0, max: 1, value: 80_000),
                Lever(id: "eng-fte-months", kind: .engineering, min: 2, max: 12),
            ],
            metrics: [
                Metric(id: "migration-cost", terms: [Term("migrate-sap", 2_400_000)]),
                Metric(
                    id: "migrated-workloads", label: "Workloads migrated", terms: [Term("migrate-sap", 1)],
                    constant: decimal("0.1")),
            ],
            programs: [
                Program(
                    id: "migration-funding", element: .migrationFunding,
                    requires: [
                        Condition(.metric("migrated-workloads"), .atLeast, 1),
                        Condition(.lever("azure-commit"), .atLeast, 10_000_000),
                    ],
                    contribution: Contribution(
                        kind: .funding, cap: 900_000, rate: decimal("0.25"), base: "migration-cost")),
                Program(
                    id: "strategic-incentive", element: .customIncentives,
                    requires: [Condition(.lever("azure-commit"), .atMost, 25_000_000)],
                    contribution: Contribution(kind: .concession, cap: 1_200_000)),
                Program(id: "design-partner", element: .designPartner, expandsEnvelope: decimal("0.02")),
            ],
            envelope: Envelope(
                discount: .upTo(maxPct: decimal("0.03")),
                tiers: [
                    Tier(id: "account-team", maxPct: decimal("0.04")),
                    Tier(
                        id: "area-lead", maxPct: decimal("0.08"),
                        requires: [Condition(.lever("azure-commit"), .atLeast, 20_000_000)]),
                ]),
            microsoft: MicrosoftSide(hurdle: 250_000),
            constraints: [
                BuyerConstraint(
                    id: "engineering-capacity", terms: [Term("eng-fte-months", 1), Term("migrate-sap", 4)],
                    atMost: 14),
                BuyerConstraint(id: "fixed-sap", label: "SAP goes", terms: [Term("migrate-sap", 1)], equals: 1),
            ],
            exclusive: [["migration-funding", "strategic-incentive"]],
            objective: .balanced)
        let decoded = try ScenarioDecoder.decode(fullYAML).scenario
        #expect(decoded == expected)
        // Spot checks that say which part differs when the whole comparison fails.
        #expect(decoded.levers == expected.levers)
        #expect(decoded.programs == expected.programs)
        #expect(decoded.constraints[1].atLeast == 1 && decoded.constraints[1].atMost == 1)
    }

    @Test(
        "numbers are read exactly from their text",
        arguments: [
            ("0.1", "0.1"), ("36000000.01", "36000000.01"), ("1e6", "1000000"), ("2.5E-3", "0.0025"),
            ("-0.35", "-0.35"), ("+7", "7"), ("0.30000000000000004", "0.30000000000000004"),
        ])
    func exactNumbers(text: String, expected: String) throws {
        let loaded = try ScenarioDecoder.decode(minimal("microsoft: {hurdle: \(text)}"))
        #expect(loaded.scenario.microsoft.hurdle == decimal(expected))
    }

    @Test("0.1 is the decimal one tenth, not the nearest double")
    func oneTenthIsExact() throws {
        let hurdle = try ScenarioDecoder.decode(minimal("microsoft: {hurdle: 0.1}")).scenario.microsoft.hurdle
        #expect(hurdle == Decimal(string: "0.1"))
        #expect(hurdle * 10 == 1)
        // A Double route gives 0.1000000000000000055511151231257827...; Decimal(0.1) differs from the text.
        #expect("\(hurdle)" == "0.1")
    }

    @Test("36000000.01 survives to the last cent")
    func centsSurvive() throws {
        let spend = try ScenarioDecoder.decode(fullJSON).scenario.baseline.spend
        #expect(spend - 36_000_000 == decimal("0.01"))
    }

    @Test("defaults fill every optional field")
    func defaults() throws {
        let scenario = try ScenarioDecoder.decode(minimal()).scenario
        #expect(scenario.metrics.isEmpty)
        #expect(scenario.programs.isEmpty)
        #expect(scenario.constraints.isEmpty)
        #expect(scenario.exclusive.isEmpty)
        #expect(scenario.objective == .buyerValue)
        #expect(scenario.microsoft.hurdle == 0)
        #expect(scenario.envelope.discount == .unlimited)
        #expect(scenario.envelope.tiers == [Tier(id: "default", maxPct: 0)])
        let lever = try #require(scenario.levers.first)
        #expect(lever.label == "seats")
        #expect(lever.unit == "units")
        #expect(lever.type == .integer)
        #expect(lever.step == 1)
        #expect(lever.min == 0)
        #expect(lever.max == 10)
        #expect(lever.cost.isEmpty)
        #expect(lever.value == 0)
        #expect(lever.note == nil)
    }

    @Test("a binary lever gets min 0 and max step")
    func binaryBounds() throws {
        let lever = try ScenarioDecoder.decode(minimal(lever: "{id: sponsor, kind: executive, type: binary, step: 5}"))
            .scenario.levers[0]
        #expect(lever.min == 0)
        #expect(lever.max == 5)
    }

    @Test("an envelope without tiers gets the default tier; discount false means none")
    func envelopeDefaults() throws {
        let envelope = try ScenarioDecoder.decode(minimal("envelope: {discount: false}")).scenario.envelope
        #expect(envelope.discount == Envelope.Discount.none)
        #expect(envelope.tiers == [Tier(id: "default", maxPct: 0)])
        let unlimited = try ScenarioDecoder.decode(minimal("envelope: {discount: true}")).scenario.envelope
        #expect(unlimited.discount == .unlimited)
    }

    @Test("null means absent for an optional field")
    func nullIsAbsent() throws {
        let scenario = try ScenarioDecoder.decode(
            minimal("metrics: ~\nobjective: null", lever: "{id: seats, kind: deployment, max: 10, step: null}")
        ).scenario
        #expect(scenario.metrics.isEmpty)
        #expect(scenario.objective == .buyerValue)
        #expect(scenario.levers[0].step == 1)
    }

    @Test("terms keep document order")
    func termOrder() throws {
        let scenario = try ScenarioDecoder.decode(
            minimal(
                "metrics:\n  - {id: mix, terms: {c: 3, a: 1, b: 2}}",
                lever: "{id: a, kind: deployment, max: 1}\n  - {id: b, kind: deployment, max: 1}\n"
                    + "  - {id: c, kind: deployment, max: 1}")
        ).scenario
        #expect(scenario.metrics[0].terms.map(\.id) == ["c", "a", "b"])
    }

    @Test("diagnostics carry the line and column of the offending node")
    func lineAndColumn() {
        // Line 9 is `    maxx: 10`: the key starts in column 5.
        let text = """
            schema: renewal-trade/v1
            name: Minimal
            currency: EUR
            termYears: 1
            baseline: {spend: 100}
            levers:
              - id: seats
                kind: deployment
                maxx: 10
                max: 10
            """
        #expect(throws: ScenarioError.self) { try ScenarioDecoder.decode(text) }
        do {
            _ = try ScenarioDecoder.decode(text)
        } catch {
            #expect(error.errors.count == 1)
            let diagnostic = error.errors.first
            #expect(diagnostic?.path == "levers[0].maxx")
            #expect(diagnostic?.line == 9)
            #expect(diagnostic?.column == 5)
            #expect(diagnostic?.description == "line 9: levers[0].maxx: unknown key (did you mean 'max'?)")
        }
    }

    @Test("a semantic error is placed on the line of its field")
    func semanticLine() {
        // baseline.spend 0 is on line 5, column 19 (the value inside the flow mapping).
        do {
            _ = try ScenarioDecoder.decode(minimal().replacingOccurrences(of: "spend: 100", with: "spend: 0"))
            Issue.record("spend 0 was accepted")
        } catch {
            #expect(error.errors.map(\.path) == ["baseline.spend"])
            #expect(error.errors.first?.line == 5)
            #expect(error.errors.first?.column == 19)
        }
    }

    @Test("a defaulted field's error is placed on its parent")
    func defaultedFieldLine() {
        // A binary lever with step 0: the error is at levers[0].step, which the document gives on line 7.
        let text = minimal(lever: "{id: sponsor, kind: executive, type: binary, step: 0}")
        do {
            _ = try ScenarioDecoder.decode(text)
            Issue.record("step 0 was accepted")
        } catch {
            let step = error.errors.first { $0.path == "levers[0].step" }
            #expect(step?.line == 7)
        }
    }

    @Test("an unreadable file is one error with an empty path")
    func unreadableFile() {
        let url = URL(fileURLWithPath: "/nonexistent/renewal-trade/scenario.yaml")
        do {
            _ = try ScenarioDecoder.decode(contentsOf: url)
            Issue.record("a missing file decoded")
        } catch {
            #expect(error.diagnostics.count == 1)
            #expect(error.diagnostics.first?.path == "")
            #expect(error.diagnostics.first?.severity == .error)
        }
    }

    @Test("quoted numbers and bare text are not numbers", arguments: ["\"100\"", "100k", "0x64", "1_000", ".inf"])
    func notNumbers(text: String) {
        do {
            _ = try ScenarioDecoder.decode(minimal().replacingOccurrences(of: "spend: 100", with: "spend: \(text)"))
            Issue.record("spend \(text) was accepted")
        } catch {
            #expect(error.errors.map(\.path) == ["baseline.spend"])
        }
    }

    @Test("termYears must be whole", arguments: ["2.5", "1e-1"])
    func wholeTermYears(text: String) {
        do {
            _ = try ScenarioDecoder.decode(
                minimal().replacingOccurrences(of: "termYears: 1", with: "termYears: \(text)"))
            Issue.record("termYears \(text) was accepted")
        } catch {
            #expect(error.errors.map(\.path) == ["termYears"])
            #expect(error.errors.first?.message.contains("whole number") == true)
        }
    }

    @Test("2.0 is a whole number of years")
    func twoPointZeroYears() throws {
        let scenario = try ScenarioDecoder.decode(
            minimal().replacingOccurrences(of: "termYears: 1", with: "termYears: 2.0")
        )
        .scenario
        #expect(scenario.termYears == 2)
    }
}
