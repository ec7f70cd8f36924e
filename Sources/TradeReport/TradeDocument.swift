public import Foundation
public import Optimization
public import TradeModel
public import TradeSolver

/// The JSON contract of a solved trade, `renewal-trade-result/v1`: what embedders rely on.
///
/// Field meanings are documented in `docs/result-format.md`. Money is in the scenario's currency,
/// rounded to the cent; quantities and lever costs are exact. New fields may be added within v1;
/// none is removed or changes meaning.
public struct TradeDocument: Sendable, Hashable, Codable {
    public static let formatIdentifier = "renewal-trade-result/v1"

    public var format: String
    public var scenario: String
    public var currency: String
    public var termYears: Int
    public var objective: Objective
    public var status: TradeStatus
    public var termination: Termination
    @AlwaysPresent public var gap: Double? = nil
    @AlwaysPresent public var buyerValue: Decimal? = nil
    @AlwaysPresent public var microsoftNet: Decimal? = nil
    public var hurdle: Decimal
    /// True when the best trade leaves the buyer worse off than the plain renewal.
    public var worseThanPlainRenewal: Bool
    @AlwaysPresent public var totalFromMicrosoft: Decimal? = nil
    @AlwaysPresent public var totalCost: Decimal? = nil
    public var levers: [LeverEntry]
    public var programs: [ProgramEntry]
    @AlwaysPresent public var discount: Decimal? = nil
    @AlwaysPresent public var envelope: EnvelopeEntry? = nil
    public var constraints: [ConstraintEntry]
    public var tieBreaksComplete: Bool
    public var warnings: [Diagnostic]
    /// The offer in words, when it was asked for (`trade solve` always includes it).
    @AlwaysPresent public var explanation: OfferExplanation? = nil
    /// Why no trade exists and what would make one possible; only for an infeasible scenario that was diagnosed.
    @AlwaysPresent public var diagnosis: DiagnosisEntry? = nil

    /// The diagnosis of an infeasible scenario, as `docs/result-format.md` describes it.
    public struct DiagnosisEntry: Sendable, Hashable, Codable {
        /// The alternatives joined by "or" (or the relaxation's changes by "and"), in one sentence.
        public var summary: String
        /// The hard limits alone conflict: nothing negotiable helps.
        public var hardOnly: Bool
        /// The conflicting limits, with paths; hard ones marked.
        public var conflict: [ConflictingLimit]
        /// Single changes, each enough on its own.
        public var alternatives: [LimitChangeEntry]
        /// The least weighted change overall, all together.
        public var relaxation: [LimitChangeEntry]
        /// Re-solving with each suggestion confirmed a trade.
        public var verified: Bool
        /// Every solve of the search settled its question.
        public var irreducible: Bool

        /// The entry of a diagnosis.
        public init(_ diagnosis: TradeDiagnosis) {
            summary = diagnosis.summary
            hardOnly = diagnosis.hardOnly
            conflict = diagnosis.conflict
            alternatives = diagnosis.alternatives.map(LimitChangeEntry.init)
            relaxation = diagnosis.relaxation.map(LimitChangeEntry.init)
            verified = diagnosis.verified
            irreducible = diagnosis.irreducible
        }
    }

    /// A suggested move of one limit; `current`, `suggested` and `change` are null for a dropped
    /// `--force`/`--forbid`.
    public struct LimitChangeEntry: Sendable, Hashable, Codable {
        public var path: String
        public var kind: ConflictingLimit.Kind
        @AlwaysPresent public var current: Decimal? = nil
        @AlwaysPresent public var suggested: Decimal? = nil
        @AlwaysPresent public var change: Decimal? = nil
        public var sentence: String

        init(_ change: LimitChange) {
            path = change.path
            kind = change.kind
            current = change.current
            suggested = change.suggested
            self.change = change.change
            sentence = change.sentence
        }
    }

    public struct LeverEntry: Sendable, Hashable, Codable {
        public var id: String
        public var label: String
        public var unit: String
        public var quantity: Decimal
        public var minimum: Decimal
        public var cost: Decimal
        public var valueToMicrosoft: Decimal
    }

    public struct ProgramEntry: Sendable, Hashable, Codable {
        public var id: String
        public var label: String
        public var element: Program.Element
        public var active: Bool
        public var contribution: Decimal
        /// `funding`, `concession`, or `null` for a program that only widens the envelope.
        @AlwaysPresent public var kind: Contribution.Kind? = nil
        public var envelopeExpansion: Decimal
    }

    public struct EnvelopeEntry: Sendable, Hashable, Codable {
        public var tier: String
        public var size: Decimal
        public var used: Decimal
    }

    public struct ConstraintEntry: Sendable, Hashable, Codable {
        public var id: String
        public var label: String
        public var activity: Decimal
        public var slack: Decimal
        public var binding: Bool
    }

    /// The document of a trade; `explanation` explains one in hand, `diagnosis` an infeasible one.
    public init(
        trade: Trade, scenario: Scenario, explanation: OfferExplanation? = nil, diagnosis: TradeDiagnosis? = nil
    ) {
        self.explanation = explanation
        self.diagnosis = diagnosis.map(DiagnosisEntry.init)
        format = Self.formatIdentifier
        self.scenario = scenario.name
        currency = scenario.currency
        termYears = scenario.termYears
        objective = trade.objective
        status = trade.status
        termination = trade.termination
        gap = trade.gap
        buyerValue = trade.buyerValue.map(cents)
        microsoftNet = trade.microsoftNet.map(cents)
        hurdle = trade.hurdle
        worseThanPlainRenewal = trade.isWorseThanPlainRenewal
        totalFromMicrosoft = trade.totalFromMicrosoft.map(cents)
        totalCost = trade.hasTrade ? trade.totalCost : nil
        let index = ScenarioIndex(scenario)
        levers = trade.levers.compactMap { outcome in
            index.lever(id: outcome.id).map { lever in
                LeverEntry(
                    id: lever.id, label: lever.label, unit: lever.unit, quantity: outcome.quantity, minimum: lever.min,
                    cost: outcome.cost, valueToMicrosoft: outcome.valueToMicrosoft)
            }
        }
        programs = trade.programs.compactMap { outcome in
            index.program(id: outcome.id).map { program in
                ProgramEntry(
                    id: program.id, label: program.label, element: program.element, active: outcome.active,
                    contribution: cents(outcome.contribution), kind: program.contribution?.kind,
                    envelopeExpansion: cents(outcome.envelopeExpansion))
            }
        }
        discount = trade.discount.map(cents)
        envelope = trade.envelope.map { EnvelopeEntry(tier: $0.tier, size: cents($0.size), used: cents($0.used)) }
        constraints = trade.constraints.map { outcome in
            ConstraintEntry(
                id: outcome.id, label: index.constraint(id: outcome.id)?.label ?? outcome.id,
                activity: outcome.activity, slack: outcome.slack, binding: outcome.binding)
        }
        tieBreaksComplete = trade.tieBreaksComplete
        warnings = trade.warnings
    }

    /// The document as pretty-printed JSON with sorted keys: the same trade gives the same bytes.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain value types with finite numbers cannot fail.
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// Numbers are written with a point whatever the host's locale; made once, not per number (a
/// `Locale` per amount was a measurable share of rendering an offer).
let posix = Locale(identifier: "en_US_POSIX")

/// Money rounded to the cent, as an exact decimal: the number `%.2f` prints.
func cents(_ value: Double) -> Decimal {
    // |value| < 10^16: the digits `%.2f` prints, at most 18, fit a UInt64, and the Decimal is made
    // from them directly. `String(format:)` and `Decimal(string:)` cost ~10 µs an amount, most of
    // an explanation's time; C's own formatter gives the same text as Foundation's, which calls it.
    guard value.isFinite, value.magnitude < 1e16 else { return parsedCents(value) }
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 32) { buffer -> Decimal in
        let count = withVaList([value]) { vsnprintf(buffer.baseAddress!, 32, "%.2f", $0) }
        var digits: UInt64 = 0
        var negative = false
        for index in 0..<Int(count) {
            let byte = UInt8(bitPattern: buffer[index])
            switch byte {
            case UInt8(ascii: "-"): negative = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits = digits * 10 + UInt64(byte - UInt8(ascii: "0"))
            default: break  // the point
            }
        }
        if digits == 0 { return 0 }  // no "-0"
        return Decimal(sign: negative ? .minus : .plus, exponent: -2, significand: Decimal(digits))
    }
}

/// ``cents(_:)`` through Foundation's formatter and parser: its reference, and the path for
/// amounts beyond 10^16 and non-finite values.
func parsedCents(_ value: Double) -> Decimal {
    var exact = Decimal(string: String(format: "%.2f", value), locale: posix) ?? 0
    if exact.isZero { exact = 0 }  // no "-0"
    return exact
}
