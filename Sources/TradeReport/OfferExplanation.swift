public import Foundation
public import TradeModel
public import TradeSolver

/// The offer in words: what to commit, what each commitment buys, why Microsoft can say yes, and
/// what to push on next. Built from a solved trade, its scenario and the near-miss re-solves.
public struct OfferExplanation: Sendable, Hashable, Codable {
    /// The trade in one paragraph.
    public var summary: String
    public var commitments: [Commitment]
    public var contributions: [ContributionReason]
    @AlwaysPresent public var envelope: EnvelopeReason? = nil
    public var microsoft: MicrosoftSide
    public var nearMisses: [NearMissReason]
    /// Limits with no slack left, in plain words.
    public var bindingLimits: [String]

    /// A condition of a program or tier, and how the trade meets it.
    public struct Qualification: Sendable, Hashable, Codable {
        /// `program` or `tier`.
        public var kind: String
        public var id: String
        /// The condition in the scenario's words: `azure-commit at least 25,000,000`.
        public var condition: String
        public var threshold: Decimal
        /// The lever's quantity or metric's value in the trade.
        public var value: Decimal
        /// How far the trade is past the threshold (≥ 0 when met).
        public var margin: Decimal
    }

    /// A lever that moved from its minimum.
    public struct Commitment: Sendable, Hashable, Codable {
        public var lever: String
        public var label: String
        public var quantity: Decimal
        public var unit: String
        public var cost: Decimal
        public var valueToMicrosoft: Decimal
        /// Active programs and the reached tier whose conditions this lever (directly or through a metric) meets.
        public var qualifies: [Qualification]
        public var sentence: String
    }

    /// Why an active program gives what it gives.
    public struct ContributionReason: Sendable, Hashable, Codable {
        public var program: String
        public var label: String
        public var contribution: Decimal
        /// `cap`, `rate`, `envelope`, `participation`, `fair-split`, or `envelope-expansion` for a
        /// program that only widens the envelope.
        public var limitedBy: String
        public var qualifiedBy: [Qualification]
        public var sentence: String
    }

    /// The tier reached, the envelope's size, and what uses it.
    public struct EnvelopeReason: Sendable, Hashable, Codable {
        public var tier: String
        public var tierShare: Decimal
        public var size: Decimal
        public var used: Decimal
        public var discount: Decimal
        public var qualifiedBy: [Qualification]
        public var sentence: String
    }

    /// Microsoft's gain against its hurdle: the argument for why the account team can approve.
    public struct MicrosoftSide: Sendable, Hashable, Codable {
        public var grossValue: Decimal
        public var contributions: Decimal
        public var net: Decimal
        public var hurdle: Decimal
        public var sentence: String
    }

    /// A program or tier left off, and what unlocking it would do.
    public struct NearMissReason: Sendable, Hashable, Codable {
        /// `program` or `tier`.
        public var kind: String
        public var id: String
        /// `not-worth-it`, `as-good` or `blocked`.
        public var verdict: String
        /// Buyer value of the best trade that unlocks it, when one exists.
        @AlwaysPresent public var buyerValueIfUnlocked: Decimal? = nil
        /// Change in buyer value (≤ 0), when it can be unlocked.
        @AlwaysPresent public var change: Decimal? = nil
        /// What the best unlocking trade does differently.
        public var changes: [String]
        public var sentence: String
    }
}

extension OfferExplanation {
    /// Explains a trade that is in hand; `nil` for an infeasible or unfinished solve.
    public init?(trade: Trade, scenario: Scenario, nearMisses: [NearMiss]) {
        guard trade.hasTrade, let buyerValue = trade.buyerValue, let net = trade.microsoftNet else { return nil }
        let facts = Facts(trade: trade, scenario: scenario)
        let money = Formatting.amount as (Decimal) -> String
        let fromMicrosoft = cents(trade.totalFromMicrosoft ?? 0)
        let committed = facts.moved.map { outcome in
            facts.index.lever(id: outcome.id)?.type == .binary
                ? facts.label(outcome.id) : "\(facts.label(outcome.id)) (\(money(outcome.quantity)) \(facts.unit(outcome.id)))"
        }
        var summary =
            "The buyer nets \(money(cents(buyerValue))): Microsoft puts in \(money(fromMicrosoft)) and the commitments cost the buyer \(money(trade.totalCost)). "
        summary += committed.isEmpty
            ? "The buyer commits nothing beyond the plain renewal. "
            : "The buyer commits \(Self.list(committed)). "
        summary += "Microsoft keeps a net gain of \(money(cents(net))), \(money(cents(net) - trade.hurdle)) above its hurdle of \(money(trade.hurdle))."
        if trade.isWorseThanPlainRenewal {
            summary += " This is worse for the buyer than the plain renewal: the scenario's minimums or Microsoft's hurdle force commitments that cost more than they bring."
        }
        self.summary = summary
        commitments = facts.commitments()
        contributions = facts.contributions()
        envelope = facts.envelope()
        let gross = trade.levers.reduce(Decimal(0)) { $0 + $1.valueToMicrosoft }
        microsoft = MicrosoftSide(
            grossValue: gross, contributions: fromMicrosoft, net: cents(net), hurdle: trade.hurdle,
            sentence: "The commitments are worth \(money(gross)) to Microsoft; after the \(money(fromMicrosoft)) it puts in, it keeps \(money(cents(net))) against a hurdle of \(money(trade.hurdle)), so the account team can approve.")
        self.nearMisses = nearMisses.map { facts.reason(for: $0) }
        bindingLimits = facts.bindingLimits()
    }

    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }
}

/// What the explanation is computed from: the trade's exact quantities and the scenario.
private struct Facts {
    let trade: Trade
    let scenario: Scenario
    /// Ids and metric expansions, computed once: every condition and lever asks for them.
    let index: ScenarioIndex
    let quantities: [String: Decimal]
    /// Each program's outcome by id: looked up once per program, so a search of the list would
    /// make the explanation grow with the square of the programs (4,000 on XL).
    let outcomes: [String: ProgramOutcome]

    init(trade: Trade, scenario: Scenario) {
        self.trade = trade
        self.scenario = scenario
        index = ScenarioIndex(scenario)
        quantities = Dictionary(uniqueKeysWithValues: trade.levers.map { ($0.id, $0.quantity) })
        outcomes = Dictionary(trade.programs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    var money: (Decimal) -> String { Formatting.amount }

    /// Levers the trade moves from their minimum.
    var moved: [LeverOutcome] {
        trade.levers.filter { outcome in outcome.quantity != (index.lever(id: outcome.id)?.min ?? outcome.quantity) }
    }

    func label(_ lever: String) -> String { index.lever(id: lever)?.label ?? lever }
    func unit(_ lever: String) -> String { index.lever(id: lever)?.unit ?? "" }

    /// A lever's quantity or a metric's value in the trade.
    func value(of id: String) -> Decimal {
        guard let form = index.linearForm(of: id) else { return 0 }
        return form.coefficients.reduce(form.constant) { $0 + $1.value * quantities[$1.key, default: 0] }
    }

    func qualification(_ condition: Condition, kind: String, id: String) -> OfferExplanation.Qualification {
        let value = value(of: condition.subject.id)
        let words = condition.comparison == .atLeast ? "at least" : "at most"
        return OfferExplanation.Qualification(
            kind: kind, id: id, condition: "\(condition.subject.id) \(words) \(money(condition.threshold))",
            threshold: condition.threshold, value: value,
            margin: condition.comparison == .atLeast ? value - condition.threshold : condition.threshold - value)
    }

    /// Every condition of an active program or the reached tier.
    var qualifications: [(subject: String, OfferExplanation.Qualification)] {
        var all: [(String, OfferExplanation.Qualification)] = []
        for program in scenario.programs where outcomes[program.id]?.active == true {
            all += program.requires.map { ($0.subject.id, qualification($0, kind: "program", id: program.id)) }
        }
        if let tier = scenario.envelope.tiers.first(where: { $0.id == trade.envelope?.tier }) {
            all += tier.requires.map { ($0.subject.id, qualification($0, kind: "tier", id: tier.id)) }
        }
        return all
    }

    func commitments() -> [OfferExplanation.Commitment] {
        // A condition counts for a lever when it names the lever or a metric that uses it. Each
        // condition is filed under its levers once, in order: asking every condition for every moved
        // lever grew with levers × conditions (about 100 × from L to XL).
        var byLever: [String: [OfferExplanation.Qualification]] = [:]
        for (subject, qualification) in qualifications {
            guard let form = index.linearForm(of: subject) else { continue }
            for lever in form.coefficients.keys { byLever[lever, default: []].append(qualification) }
        }
        return moved.map { outcome in
            let qualifies = byLever[outcome.id] ?? []
            let needs = qualifies.map { "\($0.id)\($0.kind == "tier" ? " tier" : "") (needs \($0.condition.split(separator: " ").dropFirst().joined(separator: " ")))" }
            var sentence = "\(label(outcome.id)) \(money(outcome.quantity)) \(unit(outcome.id)): costs the buyer \(money(outcome.cost)), worth \(money(outcome.valueToMicrosoft)) to Microsoft"
            if !needs.isEmpty { sentence += "; qualifies \(OfferExplanation.list(needs))" }
            return OfferExplanation.Commitment(
                lever: outcome.id, label: label(outcome.id), quantity: outcome.quantity, unit: unit(outcome.id),
                cost: outcome.cost, valueToMicrosoft: outcome.valueToMicrosoft, qualifies: qualifies,
                sentence: sentence + ".")
        }
    }

    /// Whether two amounts agree to a cent (contributions carry the solver's tolerance).
    func same(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= Swift.max(0.01, 1e-7 * abs(b)) }

    var envelopeFull: Bool { trade.envelope.map { same($0.used, $0.size) } ?? false }
    var participationBinds: Bool { same(trade.microsoftNet ?? 0, trade.hurdle.doubleValue) }

    func contributions() -> [OfferExplanation.ContributionReason] {
        scenario.programs.compactMap { program in
            guard let outcome = outcomes[program.id], outcome.active else { return nil }
            let qualified = program.requires.map { qualification($0, kind: "program", id: program.id) }
            let because = qualified.isEmpty
                ? "it has no conditions"
                : "qualified by " + OfferExplanation.list(qualified.map { "\($0.condition) (the trade has \(money($0.value)), margin \(money($0.margin)))" })
            guard let contribution = program.contribution else {
                let expansion = cents(outcome.envelopeExpansion)
                return OfferExplanation.ContributionReason(
                    program: program.id, label: program.label, contribution: 0, limitedBy: "envelope-expansion",
                    qualifiedBy: qualified,
                    sentence: "\(program.label) widens the envelope by \(money(expansion)); \(because).")
            }
            let (limit, why) = limit(of: program, contribution: contribution, amount: outcome.contribution)
            let amount = cents(outcome.contribution)
            return OfferExplanation.ContributionReason(
                program: program.id, label: program.label, contribution: amount, limitedBy: limit,
                qualifiedBy: qualified,
                sentence: "\(program.label) puts in \(money(amount)) as \(contribution.kind.rawValue); \(because). It stops there because of \(why).")
        }
    }

    /// Which limit stopped a program from giving more: its own cap or rate first, then the
    /// envelope (for a concession), then Microsoft's participation, then the fair split.
    func limit(of program: Program, contribution: Contribution, amount: Double) -> (String, String) {
        if same(amount, contribution.cap.doubleValue) { return ("cap", "its cap of \(money(contribution.cap))") }
        if let rate = contribution.rate, let base = contribution.base {
            let limit = rate * value(of: base)
            if same(amount, limit.doubleValue) {
                return ("rate", "its rate: \(Formatting.percent(rate)) of \(base) \(money(value(of: base))) is \(money(limit))")
            }
        }
        if contribution.kind == .concession && envelopeFull {
            return ("envelope", "the concession envelope, which is fully used")
        }
        if participationBinds { return ("participation", "Microsoft's participation: its gain is exactly its hurdle") }
        if scenario.objective == .balanced { return ("fair-split", "the fair split: the balanced objective takes only what it needs") }
        return ("envelope", "the concession envelope")
    }

    func envelope() -> OfferExplanation.EnvelopeReason? {
        guard let outcome = trade.envelope, let tier = scenario.envelope.tiers.first(where: { $0.id == outcome.tier }) else {
            return nil
        }
        let qualified = tier.requires.map { qualification($0, kind: "tier", id: tier.id) }
        let tierSize = tier.maxPct * scenario.baseline.spend
        let expansions = trade.programs.filter { $0.envelopeExpansion > 0 }.map { "\($0.id) adds \(money(cents($0.envelopeExpansion)))" }
        let concessions = trade.programs.filter { program in
            program.contribution > 0 && index.program(id: program.id)?.contribution?.kind == .concession
        }.map { "\($0.id) \(money(cents($0.contribution)))" }
        let discount = cents(trade.discount ?? 0)
        var sentence = "Tier \(tier.id) (\(Formatting.percent(tier.maxPct)) of the \(money(scenario.baseline.spend)) baseline: \(money(tierSize)))"
        sentence += qualified.isEmpty ? " needs no conditions" : " is reached because " + OfferExplanation.list(qualified.map { "\($0.condition) holds (\(money($0.value)))" })
        if !expansions.isEmpty { sentence += "; \(OfferExplanation.list(expansions))" }
        let users = (discount > 0 ? ["the plain discount \(money(discount))"] : []) + concessions
        sentence += ". The envelope of \(money(cents(outcome.size))) is \(envelopeFull ? "fully used" : "used for \(money(cents(outcome.used)))")"
        sentence += users.isEmpty ? "." : " by \(OfferExplanation.list(users))."
        return OfferExplanation.EnvelopeReason(
            tier: tier.id, tierShare: tier.maxPct, size: cents(outcome.size), used: cents(outcome.used), discount: discount,
            qualifiedBy: qualified, sentence: sentence)
    }

    func reason(for miss: NearMiss) -> OfferExplanation.NearMissReason {
        let kind: String
        let name: String
        switch miss.subject {
        case .program(let id):
            kind = "program"
            name = index.program(id: id)?.label ?? id
        case .tier(let id):
            kind = "tier"
            name = "tier \(id)"
        }
        guard let change = miss.buyerValueChange(from: trade), let forced = miss.forcedTrade.buyerValue else {
            return OfferExplanation.NearMissReason(
                kind: kind, id: miss.subject.id, verdict: "blocked", buyerValueIfUnlocked: nil, change: nil, changes: [],
                sentence: "\(name): blocked — no trade within the scenario's limits unlocks it.")
        }
        let changes = differences(to: miss.forcedTrade)
        let what = changes.isEmpty ? "" : " It would take: \(OfferExplanation.list(changes))."
        if cents(change) == 0 {
            return OfferExplanation.NearMissReason(
                kind: kind, id: miss.subject.id, verdict: "as-good", buyerValueIfUnlocked: cents(forced), change: 0,
                changes: changes, sentence: "\(name): an alternative as good as this trade.\(what)")
        }
        return OfferExplanation.NearMissReason(
            kind: kind, id: miss.subject.id, verdict: "not-worth-it", buyerValueIfUnlocked: cents(forced),
            change: cents(change), changes: changes,
            sentence: "\(name): not worth it — unlocking it costs \(money(-cents(change))) more than it brings (buyer value \(money(cents(forced)))).\(what)")
    }

    /// What another trade does differently: lever moves, programs switched, tier.
    func differences(to other: Trade) -> [String] {
        var changes: [String] = []
        for (mine, theirs) in zip(trade.levers, other.levers) where mine.quantity != theirs.quantity {
            changes.append("\(mine.id) \(money(mine.quantity)) → \(money(theirs.quantity))")
        }
        for (mine, theirs) in zip(trade.programs, other.programs) where mine.active != theirs.active {
            changes.append("\(theirs.active ? "activates" : "drops") \(mine.id)")
        }
        if let tier = other.envelope?.tier, tier != trade.envelope?.tier { changes.append("tier \(tier)") }
        return changes
    }

    func bindingLimits() -> [String] {
        var limits: [String] = []
        for outcome in trade.constraints where outcome.binding {
            let constraint = index.constraint(id: outcome.id)
            let bound = constraint?.equals ?? (outcome.activity == constraint?.atMost ? constraint?.atMost : constraint?.atLeast)
            limits.append("\(constraint?.label ?? outcome.id) is at its limit: \(money(outcome.activity)) of \(money(bound ?? outcome.activity)).")
        }
        if let envelope = trade.envelope, envelopeFull {
            limits.append("The concession envelope (tier \(envelope.tier)) is fully used: \(money(cents(envelope.used))) of \(money(cents(envelope.size))).")
        }
        if participationBinds {
            limits.append("Microsoft's gain is exactly its hurdle of \(money(trade.hurdle)): it will give no more.")
        }
        for program in scenario.programs {
            guard let contribution = program.contribution,
                let outcome = outcomes[program.id], outcome.active,
                same(outcome.contribution, contribution.cap.doubleValue)
            else { continue }
            limits.append("\(program.label) is at its cap of \(money(contribution.cap)).")
        }
        for outcome in trade.levers {
            // A binary lever at 1 is simply committed; only a quantity that would go higher is a limit.
            guard let lever = index.lever(id: outcome.id), lever.type == .integer, lever.max > lever.min,
                outcome.quantity == lever.max
            else { continue }
            limits.append("\(lever.label) is at its maximum of \(money(lever.max)) \(lever.unit).")
        }
        return limits
    }
}

extension Decimal {
    var doubleValue: Double { NSDecimalNumber(decimal: self).doubleValue }
}
