public import Foundation
public import Optimization
public import TradeModel

/// The answer of a trade solve, in the scenario's own terms.
///
/// Money is in the scenario's currency, as totals over the term. Quantities and costs are exact
/// (quantities are whole steps, and costs follow from them); contributions and the discount come
/// from the solver and carry its tolerance (about 1e-7 relative).
public struct Trade: Sendable, Hashable, Codable {
    public var status: TradeStatus
    /// Why the search stopped.
    public var termination: Termination
    /// The relative gap to the best bound when a limit stopped the search with a trade in hand.
    public var gap: Double?
    /// Money Microsoft puts in, less what the commitments cost the buyer; `nil` without a trade.
    public var buyerValue: Double?
    /// Microsoft's gain: the value of the commitments less everything it puts in.
    public var microsoftNet: Double?
    /// The gain Microsoft needs before it says yes.
    public var hurdle: Decimal
    public var objective: Objective
    public var levers: [LeverOutcome]
    public var programs: [ProgramOutcome]
    /// The plain discount `d`.
    public var discount: Double?
    public var envelope: EnvelopeOutcome?
    public var constraints: [ConstraintOutcome]
    /// Whether every tie-break pass ran to the end (see the spec's "Among optimal trades").
    public var tieBreaksComplete: Bool
    /// Warnings from the scenario and from the solve.
    public var warnings: [Diagnostic]

    /// Whether a trade is in hand.
    public var hasTrade: Bool { status == .optimal || status == .feasible }

    /// The best trade leaves the buyer worse off than the plain renewal, possible when minimums
    /// or the hurdle force commitments.
    public var isWorseThanPlainRenewal: Bool { (buyerValue ?? 0) < -1e-6 }

    /// Everything Microsoft puts in: all contributions plus the discount.
    public var totalFromMicrosoft: Double? {
        discount.map { $0 + programs.reduce(0) { $0 + $1.contribution } }
    }

    /// What the commitments cost the buyer.
    public var totalCost: Decimal { levers.reduce(0) { $0 + $1.cost } }
}

/// The spec's status words.
public enum TradeStatus: String, Sendable, Hashable, Codable {
    /// Proven optimal.
    case optimal
    /// A limit stopped the search with a trade in hand; see ``Trade/gap``.
    case feasible
    /// No trade satisfies every limit.
    case infeasible
    /// A limit stopped the search before any trade was found.
    case noSolution = "no-solution"
}

/// A lever's committed quantity and its cost to the buyer.
public struct LeverOutcome: Sendable, Hashable, Codable {
    public var id: String
    public var quantity: Decimal
    /// The buyer's cost of the quantity, measured from the lever's minimum.
    public var cost: Decimal
    /// Microsoft's gain from the quantity (`value × quantity`).
    public var valueToMicrosoft: Decimal
}

/// A program's state in the trade.
public struct ProgramOutcome: Sendable, Hashable, Codable {
    public var id: String
    public var active: Bool
    /// Money the program puts in (0 for a program that only widens the envelope).
    public var contribution: Double
    /// How much the program widens the envelope while active.
    public var envelopeExpansion: Double
}

/// The concession envelope as the trade uses it.
public struct EnvelopeOutcome: Sendable, Hashable, Codable {
    /// The approval tier reached.
    public var tier: String
    /// The envelope's size: the tier's share of the baseline plus active expansions.
    public var size: Double
    /// The discount plus every concession.
    public var used: Double
}

/// A buyer constraint's activity and slack.
public struct ConstraintOutcome: Sendable, Hashable, Codable {
    public var id: String
    /// The value of the constraint's terms.
    public var activity: Decimal
    /// Distance to the nearer bound (0 when it binds).
    public var slack: Decimal
    public var binding: Bool { slack == 0 }
}
