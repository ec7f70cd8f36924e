public import Foundation

/// A renewal scenario in the `renewal-trade/v1` format: the buyer's levers, Microsoft's programs and
/// the limits that tie them together. See `docs/scenario-format.md` and the spec it follows.
///
/// Money and quantities are `Decimal`, decoded exactly from the document's text; the solver
/// converts them to `Double` only when it builds the integer program.
public struct Scenario: Sendable, Hashable, Codable {
    /// The only schema identifier this version reads.
    public static let schemaIdentifier = "renewal-trade/v1"

    public var schema: String
    public var name: String
    /// ISO 4217 code, for example `USD`.
    public var currency: String
    /// Shown to people, never multiplied in: all money is a total over the term.
    public var termYears: Int
    public var baseline: Baseline
    public var levers: [Lever]
    public var metrics: [Metric]
    public var programs: [Program]
    public var envelope: Envelope
    public var microsoft: MicrosoftSide
    public var constraints: [BuyerConstraint]
    /// Groups of program ids of which at most one may be active.
    public var exclusive: [[String]]
    public var objective: Objective

    public init(
        schema: String = Scenario.schemaIdentifier, name: String, currency: String, termYears: Int,
        baseline: Baseline, levers: [Lever], metrics: [Metric] = [], programs: [Program] = [],
        envelope: Envelope = Envelope(), microsoft: MicrosoftSide = MicrosoftSide(),
        constraints: [BuyerConstraint] = [], exclusive: [[String]] = [], objective: Objective = .buyerValue
    ) {
        self.schema = schema
        self.name = name
        self.currency = currency
        self.termYears = termYears
        self.baseline = baseline
        self.levers = levers
        self.metrics = metrics
        self.programs = programs
        self.envelope = envelope
        self.microsoft = microsoft
        self.constraints = constraints
        self.exclusive = exclusive
        self.objective = objective
    }
}

/// What the renewal costs with no trade.
public struct Baseline: Sendable, Hashable, Codable {
    public var spend: Decimal
    public init(spend: Decimal) { self.spend = spend }
}

/// Microsoft's side of the deal: the net gain it needs before it says yes.
public struct MicrosoftSide: Sendable, Hashable, Codable {
    public var hurdle: Decimal
    /// Whether a diagnosis may suggest moving the hurdle (`nil`: yes). An extension of the spec.
    public var negotiable: Bool?
    /// How costly moving the hurdle is, relative to other limits (`nil`: 1). An extension of the spec.
    public var weight: Decimal?
    public init(hurdle: Decimal = 0, negotiable: Bool? = nil, weight: Decimal? = nil) {
        self.hurdle = hurdle
        self.negotiable = negotiable
        self.weight = weight
    }
}

/// How freely a diagnosis may move a limit when no trade satisfies every limit.
public protocol NegotiableLimit {
    /// `false` marks the limit as a fact a diagnosis never moves; `nil` means negotiable.
    var negotiable: Bool? { get }
    /// Cost of moving the limit, relative to others; `nil` means 1.
    var weight: Decimal? { get }
}

extension NegotiableLimit {
    /// Whether a diagnosis may suggest moving the limit.
    public var isNegotiable: Bool { negotiable ?? true }
    /// The weight a diagnosis gives a move of the limit.
    public var negotiationWeight: Decimal { weight ?? 1 }
}

extension MicrosoftSide: NegotiableLimit {}
extension Lever: NegotiableLimit {}
extension BuyerConstraint: NegotiableLimit {}

/// What the optimizer maximizes.
public enum Objective: String, Sendable, Hashable, Codable, CaseIterable {
    /// The buyer's net value: money Microsoft puts in, less what the commitments cost the buyer.
    case buyerValue = "buyer-value"
    /// The max-min split between the buyer's value and Microsoft's gain over its hurdle.
    case balanced
}

// MARK: - Levers

/// Something the buyer may commit: a decision variable of the program.
public struct Lever: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case consumption, deployment, migration, reference, engineering, executive
    }

    public enum QuantityType: String, Sendable, Hashable, Codable, CaseIterable {
        case integer, binary
    }

    public var id: String
    public var kind: Kind
    public var label: String
    public var unit: String
    public var type: QuantityType
    /// The quantity moves in whole steps of this size.
    public var step: Decimal
    /// Bounds on the quantity, multiples of `step`. A binary lever has `min` 0 and `max` `step`.
    public var min: Decimal
    public var max: Decimal
    /// The buyer's convex piecewise-linear cost, measured from `min`. Empty means no cost.
    public var cost: [CostSegment]
    /// Microsoft's gain per unit of quantity.
    public var value: Decimal
    public var note: String?
    /// Whether a diagnosis may suggest moving `min` and `max` (`nil`: yes). An extension of the spec.
    public var negotiable: Bool?
    /// How costly moving `min` or `max` is (`nil`: 1). An extension of the spec.
    public var weight: Decimal?

    public init(
        id: String, kind: Kind, label: String? = nil, unit: String = "units", type: QuantityType = .integer,
        step: Decimal = 1, min: Decimal = 0, max: Decimal, cost: [CostSegment] = [], value: Decimal = 0,
        note: String? = nil, negotiable: Bool? = nil, weight: Decimal? = nil
    ) {
        self.negotiable = negotiable
        self.weight = weight
        self.id = id
        self.kind = kind
        self.label = label ?? id
        self.unit = unit
        self.type = type
        self.step = step
        self.min = min
        self.max = max
        self.cost = cost
        self.value = value
        self.note = note
    }
}

/// One piece of a lever's cost curve: from `from` on, each unit costs `perUnit`.
public struct CostSegment: Sendable, Hashable, Codable {
    public var from: Decimal
    public var perUnit: Decimal
    public init(from: Decimal, perUnit: Decimal) {
        self.from = from
        self.perUnit = perUnit
    }
}

// MARK: - Metrics, conditions, constraints

/// A named linear expression over levers and earlier metrics.
public struct Metric: Sendable, Hashable, Codable {
    public var id: String
    public var label: String
    /// Lever or metric id → coefficient, in document order.
    public var terms: [Term]
    public var constant: Decimal

    public init(id: String, label: String? = nil, terms: [Term], constant: Decimal = 0) {
        self.id = id
        self.label = label ?? id
        self.terms = terms
        self.constant = constant
    }
}

/// One `id: coefficient` entry of a metric or constraint.
public struct Term: Sendable, Hashable, Codable {
    public var id: String
    public var coefficient: Decimal
    public init(_ id: String, _ coefficient: Decimal) {
        self.id = id
        self.coefficient = coefficient
    }
}

/// A test on a lever's quantity or a metric's value, used by programs and tiers.
public struct Condition: Sendable, Hashable, Codable {
    public enum Subject: Sendable, Hashable, Codable {
        case lever(String)
        case metric(String)

        /// The lever or metric id.
        public var id: String {
            switch self {
            case .lever(let id), .metric(let id): id
            }
        }
    }

    public enum Comparison: String, Sendable, Hashable, Codable {
        case atLeast, atMost
    }

    public var subject: Subject
    public var comparison: Comparison
    public var threshold: Decimal

    public init(_ subject: Subject, _ comparison: Comparison, _ threshold: Decimal) {
        self.subject = subject
        self.comparison = comparison
        self.threshold = threshold
    }
}

/// A limit the buyer sets on its own commitments, such as engineering capacity.
public struct BuyerConstraint: Sendable, Hashable, Codable {
    public var id: String
    public var label: String
    public var terms: [Term]
    public var atLeast: Decimal?
    public var atMost: Decimal?
    /// Set when the document said `equals`; then `atLeast` and `atMost` both hold this value.
    public var equals: Decimal?
    /// Whether a diagnosis may suggest moving the bounds (`nil`: yes). An extension of the spec.
    public var negotiable: Bool?
    /// How costly moving a bound is (`nil`: 1). An extension of the spec.
    public var weight: Decimal?

    public init(
        id: String, label: String? = nil, terms: [Term], atLeast: Decimal? = nil, atMost: Decimal? = nil,
        equals: Decimal? = nil, negotiable: Bool? = nil, weight: Decimal? = nil
    ) {
        self.negotiable = negotiable
        self.weight = weight
        self.id = id
        self.label = label ?? id
        self.terms = terms
        self.atLeast = equals ?? atLeast
        self.atMost = equals ?? atMost
        self.equals = equals
    }
}

// MARK: - Programs

/// One of Microsoft's strategic programs: what it contributes, and what unlocks it.
public struct Program: Sendable, Hashable, Codable {
    public enum Element: String, Sendable, Hashable, Codable, CaseIterable {
        case migrationFunding = "migration-funding"
        case customIncentives = "custom-incentives"
        case referenceParticipation = "reference-participation"
        case designPartner = "design-partner"
        case executiveEngagement = "executive-engagement"
        case other
    }

    public var id: String
    public var element: Element
    public var label: String
    public var requires: [Condition]
    /// Money outside the concession envelope (`funding`) or counted against it (`concession`).
    public var contribution: Contribution?
    /// While active, the envelope grows by this fraction of the baseline spend.
    public var expandsEnvelope: Decimal?
    public var note: String?

    public init(
        id: String, element: Element, label: String? = nil, requires: [Condition] = [],
        contribution: Contribution? = nil, expandsEnvelope: Decimal? = nil, note: String? = nil
    ) {
        self.id = id
        self.element = element
        self.label = label ?? id
        self.requires = requires
        self.contribution = contribution
        self.expandsEnvelope = expandsEnvelope
        self.note = note
    }
}

/// A program's money: up to `cap`, and up to `rate × base` where both are given.
public struct Contribution: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Outside the envelope: migration or deployment money.
        case funding
        /// Counts against the concession envelope.
        case concession
    }

    public var kind: Kind
    public var cap: Decimal
    public var rate: Decimal?
    /// A lever or metric id, non-negative over the levers' bounds.
    public var base: String?

    public init(kind: Kind, cap: Decimal, rate: Decimal? = nil, base: String? = nil) {
        self.kind = kind
        self.cap = cap
        self.rate = rate
        self.base = base
    }
}

// MARK: - Envelope

/// What the account team may concede: the plain discount plus concessions, within the tier reached.
public struct Envelope: Sendable, Hashable, Codable {
    public enum Discount: Sendable, Hashable, Codable {
        /// Limited only by the envelope and Microsoft's participation (`discount: true`).
        case unlimited
        /// No plain discount (`discount: false`).
        case none
        /// At most this fraction of the baseline spend (`discount: {maxPct: F}`).
        case upTo(maxPct: Decimal)
    }

    public var discount: Discount
    /// Exactly one tier is reached. When the document gives none, one tier with `maxPct` 0.
    public var tiers: [Tier]

    /// The tier used when a document lists none.
    public static let defaultTiers = [Tier(id: "default", maxPct: 0)]

    public init(discount: Discount = .unlimited, tiers: [Tier] = Envelope.defaultTiers) {
        self.discount = discount
        self.tiers = tiers
    }
}

/// An approval tier: the share of the baseline spend the envelope reaches when its conditions hold.
public struct Tier: Sendable, Hashable, Codable {
    public var id: String
    public var maxPct: Decimal
    public var requires: [Condition]

    public init(id: String, maxPct: Decimal, requires: [Condition] = []) {
        self.id = id
        self.maxPct = maxPct
        self.requires = requires
    }
}
