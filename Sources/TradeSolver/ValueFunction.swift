public import Foundation
public import TradeModel

/// The discrete decisions of a trade: what the integer program chooses. While they stay the same,
/// the optimum moves linearly with a limit; where they change, it may jump.
public struct TradeDecisions: Sendable, Hashable, Codable {
    /// One lever's committed quantity.
    public struct Quantity: Sendable, Hashable, Codable {
        /// The lever id.
        public var id: String
        /// The committed quantity, a whole number of steps.
        public var quantity: Decimal
    }

    /// Every lever's quantity, in scenario order.
    public var quantities: [Quantity]
    /// The ids of the active programs, in scenario order.
    public var activePrograms: [String]
    /// The approval tier reached.
    public var tier: String

    /// The decisions of `trade`, or nil when it has no trade in hand.
    public init?(_ trade: Trade) {
        guard trade.hasTrade, let envelope = trade.envelope else { return nil }
        quantities = trade.levers.map { Quantity(id: $0.id, quantity: $0.quantity) }
        activePrograms = trade.programs.filter(\.active).map(\.id)
        tier = envelope.tier
    }

    /// What changes from `self` to `other`, in scenario order: tier, programs, then lever quantities.
    public func changes(to other: TradeDecisions) -> [TradeChange] {
        var changes: [TradeChange] = []
        if tier != other.tier { changes.append(.tier(from: tier, to: other.tier)) }
        let before = Set(activePrograms)
        let after = Set(other.activePrograms)
        for id in activePrograms where !after.contains(id) { changes.append(.programOff(id)) }
        for id in other.activePrograms where !before.contains(id) { changes.append(.programOn(id)) }
        for (old, new) in zip(quantities, other.quantities) where old.id == new.id && old.quantity != new.quantity {
            changes.append(.quantity(lever: old.id, from: old.quantity, to: new.quantity))
        }
        return changes
    }
}

/// One thing that changes in the best trade at a breakpoint, read from below to above.
public enum TradeChange: Sendable, Hashable, Codable {
    /// The envelope reaches another approval tier.
    case tier(from: String, to: String)
    /// A program becomes active.
    case programOn(String)
    /// A program stops being active.
    case programOff(String)
    /// A lever's committed quantity moves.
    case quantity(lever: String, from: Decimal, to: Decimal)
    /// Below the breakpoint no trade satisfies every limit; above it one does.
    case becomesFeasible
    /// Below the breakpoint a trade exists; above it none does.
    case becomesInfeasible
}

/// The optimal value (buyer value, or the fair share under `balanced`) as a function of one
/// parameter: linear pieces separated by breakpoints, found by ``Sweep``.
public struct ValueFunction: Sendable, Hashable, Codable {
    /// The parameter's path.
    public var parameter: String
    /// What the value is: `buyer-value` (the buyer's value) or `balanced` (the fair share `w`).
    public var objective: Objective
    /// The swept interval.
    public var from: Decimal
    /// The swept interval's upper end.
    public var to: Decimal
    /// The parameter's value in the scenario as given.
    public var current: Decimal
    /// Each breakpoint lies within this distance of where it is reported.
    public var tolerance: Decimal
    /// Where the value is linear and the trade's discrete decisions fixed, in increasing order.
    public var pieces: [Piece]
    /// Where one piece ends and the next begins.
    public var breakpoints: [Breakpoint]
    /// Every point solved, in increasing order.
    public var samples: [Sample]

    /// A solved point.
    public struct Sample: Sendable, Hashable, Codable {
        /// The parameter's value.
        public var at: Decimal
        /// The optimal value there; nil when no trade satisfies every limit.
        public var value: Double?
        /// The best trade's discrete decisions; nil when there is none.
        public var decisions: TradeDecisions?
    }

    /// An interval on which the value is `valueAtStart + slope · (x − start)` and the decisions are fixed.
    public struct Piece: Sendable, Hashable, Codable {
        /// The first solved point of the piece.
        public var start: Decimal
        /// The last solved point of the piece.
        public var end: Decimal
        /// The value at `start`; nil when no trade exists on the piece.
        public var valueAtStart: Double?
        /// The value at `end`.
        public var valueAtEnd: Double?
        /// Value per unit of the parameter; nil on a single-point piece or where no trade exists.
        public var slope: Double?
        /// The discrete decisions on the piece; nil when no trade exists.
        public var decisions: TradeDecisions?

        /// The piece's line at `x`, also outside the piece (to measure a jump).
        public func line(at x: Decimal) -> Double? {
            guard let valueAtStart else { return nil }
            return valueAtStart + (slope ?? 0) * NSDecimalNumber(decimal: x - start).doubleValue
        }
    }

    /// Where the optimum jumps or its slope changes, and what changes in the trade there.
    public struct Breakpoint: Sendable, Hashable, Codable {
        /// The last solved point below the change.
        public var lower: Decimal
        /// The first solved point above it (equal to `lower` when a kink sits on a solved point).
        public var upper: Decimal
        /// Where it is reported: the lines' crossing for a kink, else the roundest number in
        /// `[lower, upper]`; within `tolerance` of the true point either way.
        public var at: Decimal
        /// The value just below, on the lower piece's line at `at`.
        public var valueBelow: Double?
        /// The value just above, on the upper piece's line at `at`.
        public var valueAbove: Double?
        /// The lower piece's slope.
        public var slopeBelow: Double?
        /// The upper piece's slope.
        public var slopeAbove: Double?
        /// What changes in the trade, from below to above.
        public var changes: [TradeChange]
        /// Whether the value jumps or bends here (or a trade appears or vanishes); false where
        /// only the solver's choice among equally good trades changes.
        public var changesValue: Bool

        /// `valueAbove − valueBelow`, when both sides have a trade.
        public var jump: Double? {
            guard let valueBelow, let valueAbove else { return nil }
            return valueAbove - valueBelow
        }
    }

    /// The reported function at `x`: nil outside `[from, to]`, where no trade exists, or strictly
    /// inside a breakpoint's bracket (where the sweep did not pin the value down).
    public func value(at x: Decimal) -> Double? {
        guard x >= from, x <= to else { return nil }
        for piece in pieces where piece.start <= x && x <= piece.end { return piece.line(at: x) }
        return nil
    }

    /// The piece that holds `x`, if any.
    public func piece(at x: Decimal) -> Piece? { pieces.first { $0.start <= x && x <= $0.end } }
}
