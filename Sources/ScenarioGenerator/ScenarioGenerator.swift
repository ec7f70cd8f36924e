import Foundation
public import TradeModel

/// Makes large, realistic renewal scenarios for benchmarks and scale tests: a portfolio of divisions,
/// each with an Azure commitment, workloads to migrate, seat products, reference activities, an
/// engineering pool and an executive sponsor, built from the same blocks as the bundled models.
///
/// Every scenario is valid and feasible by construction: committing each division's Azure forecast,
/// and nothing else, costs the buyer nothing and meets Microsoft's hurdle (half the value of that
/// commitment). It is not trivially so: migrations and the design partnership draw on one engineering
/// pool per division, one-off migration spend is capped across the portfolio, and the higher approval
/// tiers need commitments above forecast, migrations and a sponsor.
///
/// The same `(levers, programs, seed)` always gives the same scenario, on every platform: randomness
/// comes from ``SplitMix64`` alone, never from the system generator or a hash order.
public struct ScenarioGenerator: Sendable {
    /// The named sizes of issue 8.
    public enum Size: String, Sendable, CaseIterable {
        /// The default model, `models/contoso-ea-renewal.yaml` (6 levers, 5 programs).
        case s
        /// About 200 levers and 50 programs.
        case m
        /// About 2,000 levers and 400 programs.
        case l
        /// About 20,000 levers and 4,000 programs: beyond the decoder's 5,000 entries per list, so
        /// only for code that builds the scenario in memory.
        case xl

        /// Levers and programs of a generated size; `nil` for `.s`, which is the default model.
        public var dimensions: (levers: Int, programs: Int)? {
            switch self {
            case .s: nil
            case .m: (200, 50)
            case .l: (2_000, 400)
            case .xl: (20_000, 4_000)
            }
        }
    }

    public let levers: Int
    public let programs: Int
    public let seed: UInt64

    /// At least one lever; any number of programs.
    public init(levers: Int, programs: Int, seed: UInt64) {
        precondition(levers >= 1 && programs >= 0, "a scenario needs at least one lever")
        self.levers = levers
        self.programs = programs
        self.seed = seed
    }

    /// The scenario of a named size: the default model for `.s`, else a generated one.
    public static func scenario(_ size: Size, seed: UInt64 = 1) -> Scenario {
        guard let dimensions = size.dimensions else { return defaultModel }
        return ScenarioGenerator(levers: dimensions.levers, programs: dimensions.programs, seed: seed).scenario()
    }

    /// The bundled default model, `models/contoso-ea-renewal.yaml`.
    public static var defaultModel: Scenario {
        do {
            return try ScenarioDecoder.decode(String(decoding: PackageResources.default_scenario_yaml, as: UTF8.self))
                .scenario
        } catch {
            preconditionFailure("the bundled default model is invalid: \(error)")
        }
    }

    public func scenario() -> Scenario {
        var builder = PortfolioBuilder(random: SplitMix64(seed: seed))
        return builder.build(
            levers: levers, programs: programs,
            name: "Portfolio renewal (\(levers) levers, \(programs) programs, seed \(seed))")
    }
}

/// The roles a division's levers take, in order; a division has up to ten levers.
private let divisionPattern: [Lever.Kind] = [
    .consumption, .migration, .migration, .deployment, .migration, .reference, .deployment, .engineering,
    .migration, .executive,
]

/// What the builder remembers of one division, to write its metrics, constraints and programs.
private struct Division {
    var index: Int
    var commit: Lever
    /// The Azure consumption the division forecasts: committing up to it costs nothing.
    var forecast: Decimal
    /// Migrations with their one-off cost and the engineering FTE-months each needs.
    var migrations: [(lever: Lever, oneOffCost: Decimal, fteMonths: Decimal)] = []
    var seats: [Lever] = []
    var references: Lever?
    var engineering: Lever?
    var sponsor: Lever?

    var name: String { "d\(index + 1)" }
}

private struct PortfolioBuilder {
    var random: SplitMix64
    var divisions: [Division] = []
    var levers: [Lever] = []
    var metrics: [Metric] = []
    var constraints: [BuyerConstraint] = []

    init(random: SplitMix64) { self.random = random }

    mutating func build(levers count: Int, programs programCount: Int, name: String) -> Scenario {
        for index in 0..<count { addLever(index) }
        for index in divisions.indices { addDivisionLimits(index) }
        let portfolio = addPortfolioMetrics()
        let programs = (0..<programCount).map { makeProgram($0) }

        let forecasts = divisions.reduce(Decimal(0)) { $0 + $1.forecast }
        let baseline = divisions.reduce(Decimal(0)) { total, _ in total + Decimal(random.int(15...50)) * 100_000 }
        let migrationCount = divisions.reduce(0) { $0 + $1.migrations.count }
        var dealDesk: [Condition] = [
            Condition(.metric(portfolio.totalCommit), .atLeast, rounded(forecasts * dec("1.1")))
        ]
        if let migrated = portfolio.totalMigrated {
            dealDesk.append(Condition(.metric(migrated), .atLeast, Decimal(Swift.max(1, migrationCount * 2 / 5))))
        }
        if let sponsor = divisions.first(where: { $0.sponsor != nil })?.sponsor {
            dealDesk.append(Condition(.lever(sponsor.id), .atLeast, 1))
        }
        let tiers = [
            Tier(id: "account-team", maxPct: dec("0.03")),
            Tier(
                id: "area-lead", maxPct: dec("0.05"),
                requires: [Condition(.metric(portfolio.totalCommit), .atLeast, rounded(forecasts * dec("0.9")))]),
            Tier(id: "deal-desk", maxPct: dec("0.08"), requires: dealDesk),
        ]
        // Committing every forecast is worth value × forecast to Microsoft at no cost to the buyer.
        let witnessGain = divisions.reduce(Decimal(0)) { $0 + $1.commit.value * $1.forecast }
        return Scenario(
            name: name, currency: "USD", termYears: 3, baseline: Baseline(spend: baseline), levers: levers,
            metrics: metrics, programs: programs,
            envelope: Envelope(discount: .upTo(maxPct: dec("0.02")), tiers: tiers),
            microsoft: MicrosoftSide(hurdle: rounded(witnessGain / 2)), constraints: constraints)
    }

    // MARK: - Levers

    private mutating func addLever(_ index: Int) {
        let position = index % divisionPattern.count
        if position == 0 {
            divisions.append(makeDivision(divisions.count))
            levers.append(divisions[divisions.count - 1].commit)
            return
        }
        let division = divisions.count - 1
        let tag = "\(divisions[division].name)-\(position)"
        switch divisionPattern[position] {
        case .migration:
            let workload = random.pick([
                "sap", "datacentre", "sql-estate", "vmware", "mainframe", "file-shares", "oracle",
            ])
            let lever = Lever(
                id: "migrate-\(workload)-\(tag)", kind: .migration,
                label: "Commit the \(workload) migration of \(divisions[division].name)",
                unit: "migration", type: .binary, max: 1,
                cost: [CostSegment(from: 0, perUnit: Decimal(random.int(10...40)) * 10_000)],
                value: Decimal(random.int(6...30)) * 50_000)
            let oneOff = Decimal(random.int(5...30)) * 100_000
            divisions[division].migrations.append((lever, oneOff, Decimal(random.int(2...8))))
            levers.append(lever)
        case .deployment:
            let product = random.pick(["copilot", "e5-security", "teams-phone", "dynamics-sales", "power-bi-premium"])
            let max = Decimal(random.int(10...50)) * 100
            let planned = Decimal(random.int(2...6)) * 100
            // Seats up to the rollout plan cost change management; beyond it, licences nobody uses yet.
            let lever = Lever(
                id: "seats-\(product)-\(tag)", kind: .deployment,
                label: "\(product) seats in \(divisions[division].name)",
                unit: "seats", step: 100, max: max,
                cost: [
                    CostSegment(from: 0, perUnit: Decimal(random.int(4...8)) * 10),
                    CostSegment(from: planned, perUnit: Decimal(random.int(5...9)) * 100),
                ],
                value: Decimal(random.int(3...9)) * 100)
            divisions[division].seats.append(lever)
            levers.append(lever)
        case .reference:
            let lever = Lever(
                id: "references-\(tag)", kind: .reference, label: "Reference activities of \(divisions[division].name)",
                unit: "activities", max: 4,
                cost: [
                    CostSegment(from: 0, perUnit: Decimal(random.int(10...20)) * 1_000),
                    CostSegment(from: 2, perUnit: Decimal(random.int(35...55)) * 1_000),
                ],
                value: Decimal(random.int(40...80)) * 1_000)
            divisions[division].references = lever
            levers.append(lever)
        case .engineering:
            let lever = Lever(
                id: "eng-months-\(tag)", kind: .engineering,
                label: "Engineering FTE-months of \(divisions[division].name) for a design partnership",
                unit: "FTE-months", max: 12,
                cost: [CostSegment(from: 0, perUnit: Decimal(random.int(15...22)) * 1_000)],
                value: Decimal(random.int(20...30)) * 1_000)
            divisions[division].engineering = lever
            levers.append(lever)
        case .executive:
            let lever = Lever(
                id: "exec-sponsor-\(tag)", kind: .executive, label: "Executive sponsor of \(divisions[division].name)",
                unit: "sponsor", type: .binary, max: 1,
                cost: [CostSegment(from: 0, perUnit: Decimal(random.int(4...8)) * 10_000)],
                value: Decimal(random.int(10...20)) * 10_000)
            divisions[division].sponsor = lever
            levers.append(lever)
        case .consumption:
            preconditionFailure("a division has one consumption lever, its first")
        }
    }

    /// A division and its Azure commitment: free up to the forecast, then shortfall risk of 30 and 60 cents.
    private mutating func makeDivision(_ index: Int) -> Division {
        let step: Decimal = 100_000
        let forecast = Decimal(random.int(20...120)) * step
        let max = rounded(forecast * dec("1.6"), to: step)
        let steep = forecast + rounded((max - forecast) / 2, to: step)
        let commit = Lever(
            id: "azure-commit-d\(index + 1)", kind: .consumption, label: "Azure commitment of division \(index + 1)",
            unit: "USD", step: step, max: max,
            cost: [
                CostSegment(from: 0, perUnit: 0), CostSegment(from: forecast, perUnit: dec("0.3")),
                CostSegment(from: steep, perUnit: dec("0.6")),
            ],
            value: dec(random.pick(["0.15", "0.2", "0.25"])))
        return Division(index: index, commit: commit, forecast: forecast)
    }

    // MARK: - Metrics and constraints

    /// Each division's metrics, and its engineering pool, which migrations and the design partnership share.
    private mutating func addDivisionLimits(_ index: Int) {
        let division = divisions[index]
        if !division.migrations.isEmpty {
            metrics.append(
                Metric(
                    id: "migration-cost-\(division.name)", label: "One-off migration cost of \(division.name)",
                    terms: division.migrations.map { Term($0.lever.id, $0.oneOffCost) }))
            metrics.append(
                Metric(
                    id: "migrated-\(division.name)", label: "Committed migrations of \(division.name)",
                    terms: division.migrations.map { Term($0.lever.id, 1) }))
        }
        if !division.seats.isEmpty {
            metrics.append(
                Metric(
                    id: "seats-\(division.name)", label: "Seats committed in \(division.name)",
                    terms: division.seats.map { Term($0.id, 1) }))
        }
        if let references = division.references {
            metrics.append(
                Metric(
                    id: "reference-value-\(division.name)", label: "Concession value of \(division.name)'s references",
                    terms: [Term(references.id, 100_000)]))
        }
        var pool = division.migrations.map { Term($0.lever.id, $0.fteMonths) }
        if let engineering = division.engineering { pool.append(Term(engineering.id, 1)) }
        guard !pool.isEmpty else { return }
        // About half of what every claim on the pool would need: the claims compete.
        let demand = pool.reduce(Decimal(0)) { $0 + $1.coefficient } + (division.engineering == nil ? 0 : 11)
        constraints.append(
            BuyerConstraint(
                id: "engineering-capacity-\(division.name)",
                label: "Engineering capacity of \(division.name) (FTE-months)",
                terms: pool, atMost: rounded(demand * dec("0.55"), to: 1)))
    }

    /// Portfolio-wide metrics for the tiers, and the cap on one-off migration spend across divisions.
    private mutating func addPortfolioMetrics() -> (totalCommit: String, totalMigrated: String?) {
        metrics.append(
            Metric(
                id: "total-commit", label: "Azure commitment across the portfolio",
                terms: divisions.map { Term($0.commit.id, 1) }))
        let migrating = divisions.filter { !$0.migrations.isEmpty }
        guard !migrating.isEmpty else { return ("total-commit", nil) }
        metrics.append(
            Metric(
                id: "total-migrated", label: "Committed migrations across the portfolio",
                terms: migrating.map { Term("migrated-\($0.name)", 1) }))
        let spend = migrating.flatMap(\.migrations).reduce(Decimal(0)) { $0 + $1.oneOffCost }
        constraints.append(
            BuyerConstraint(
                id: "migration-budget", label: "One-off migration budget across the portfolio",
                terms: migrating.map { Term("migration-cost-\($0.name)", 1) }, atMost: rounded(spend * dec("0.4"))))
        return ("total-commit", "total-migrated")
    }

    // MARK: - Programs

    private mutating func makeProgram(_ index: Int) -> Program {
        let division = divisions[random.int(0...(divisions.count - 1))]
        let id = "\(division.name)-p\(index + 1)"
        switch index % 6 {
        case 0 where !division.migrations.isEmpty:
            // A share of the migration cost, for committed migrations and a commitment near forecast.
            let needed = random.int(1...Swift.min(2, division.migrations.count))
            return Program(
                id: "migration-funding-\(id)", element: .migrationFunding,
                label: "Azure migration funding for \(division.name)",
                requires: [
                    Condition(.metric("migrated-\(division.name)"), .atLeast, Decimal(needed)),
                    Condition(
                        .lever(division.commit.id), .atLeast,
                        rounded(division.forecast * dec("0.8"), to: division.commit.step)),
                ],
                contribution: Contribution(
                    kind: .funding, cap: Decimal(random.int(3...18)) * 50_000, rate: dec("0.25"),
                    base: "migration-cost-\(division.name)"))
        case 2 where !division.seats.isEmpty:
            // Deployment vouchers: 10% of seat value from 500 seats, capped at 75k (domain.md).
            return Program(
                id: "deployment-voucher-\(id)", element: .other, label: "Deployment vouchers for \(division.name)",
                requires: [Condition(.metric("seats-\(division.name)"), .atLeast, Decimal(random.int(5...10)) * 100)],
                contribution: Contribution(kind: .funding, cap: 75_000, rate: 108, base: "seats-\(division.name)"))
        case 3 where division.references != nil:
            return Program(
                id: "reference-credits-\(id)", element: .referenceParticipation,
                label: "Reference credits for \(division.name)",
                contribution: Contribution(
                    kind: .concession, cap: Decimal(random.int(1...5)) * 50_000, rate: 1,
                    base: "reference-value-\(division.name)"))
        case 4 where division.engineering != nil:
            return Program(
                id: "design-partner-\(id)", element: .designPartner, label: "Design partnership of \(division.name)",
                requires: [Condition(.lever(division.engineering!.id), .atLeast, Decimal(random.int(4...8)))],
                expandsEnvelope: dec(random.pick(["0.001", "0.002", "0.003"])))
        case 5 where division.sponsor != nil:
            return Program(
                id: "executive-engagement-\(id)", element: .executiveEngagement,
                label: "Executive engagement with \(division.name)",
                requires: [Condition(.lever(division.sponsor!.id), .atLeast, 1)],
                contribution: Contribution(kind: .funding, cap: Decimal(random.int(1...3)) * 50_000))
        default:
            // A strategic incentive for committing above the forecast; also what a division lacking
            // the lever another program needs gets instead.
            let above = rounded(division.forecast * dec(random.pick(["1.1", "1.2", "1.3"])), to: division.commit.step)
            return Program(
                id: "strategic-incentive-\(id)", element: .customIncentives,
                label: "Strategic incentive for \(division.name)",
                requires: [Condition(.lever(division.commit.id), .atLeast, Swift.min(above, division.commit.max))],
                contribution: Contribution(kind: .concession, cap: Decimal(random.int(2...12)) * 50_000))
        }
    }
}

// MARK: - Numbers

/// An exact decimal from its text (`Decimal(0.3)` would go through `Double`).
private func dec(_ text: String) -> Decimal { Decimal(string: text)! }

/// `value` rounded down to a multiple of `unit` (1,000 by default: money in whole thousands).
private func rounded(_ value: Decimal, to unit: Decimal = 1_000) -> Decimal {
    var quotient = value / unit
    var whole = Decimal()
    NSDecimalRound(&whole, &quotient, 0, .down)
    return whole * unit
}
