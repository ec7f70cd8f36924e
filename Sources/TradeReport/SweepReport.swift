public import Foundation
public import TradeModel
public import TradeSolver

/// The JSON contract of a sweep, `renewal-trade-sweep/v1`, documented in `docs/sweep.md`.
///
/// Money is rounded to the cent; parameter values are exact decimals as solved (a kink's
/// location is computed, so it may carry many digits).
public struct SweepDocument: Sendable, Hashable, Codable {
    /// The format identifier written to `format`.
    public static let formatIdentifier = "renewal-trade-sweep/v1"

    /// Always ``formatIdentifier``.
    public var format: String
    /// The scenario's name.
    public var scenario: String
    /// The scenario's currency.
    public var currency: String
    /// The swept parameter's path.
    public var parameter: String
    /// `buyer-value` (the value is the buyer's value) or `balanced` (the fair share).
    public var objective: Objective
    /// The swept interval's lower end.
    public var from: Decimal
    /// The swept interval's upper end.
    public var to: Decimal
    /// The parameter's value in the scenario as given.
    public var current: Decimal
    /// Breakpoints lie within this distance of `at`.
    public var tolerance: Decimal
    /// How many solves the sweep ran.
    public var solves: Int
    /// The linear pieces, in increasing order.
    public var pieces: [PieceEntry]
    /// The breakpoints between pieces, in increasing order.
    public var breakpoints: [BreakpointEntry]

    /// One linear piece.
    public struct PieceEntry: Sendable, Hashable, Codable {
        /// First solved point of the piece.
        public var start: Decimal
        /// Last solved point of the piece.
        public var end: Decimal
        /// The value at `start`; null when no trade exists.
        @AlwaysPresent public var valueAtStart: Decimal? = nil
        /// The value at `end`.
        @AlwaysPresent public var valueAtEnd: Decimal? = nil
        /// Value per unit of the parameter.
        @AlwaysPresent public var slope: Double? = nil
        /// The tier reached on the piece.
        @AlwaysPresent public var tier: String? = nil
        /// The programs active on the piece.
        @AlwaysPresent public var activePrograms: [String]? = nil
        /// Lever id → committed quantity on the piece.
        @AlwaysPresent public var quantities: [String: Decimal]? = nil
    }

    /// One breakpoint.
    public struct BreakpointEntry: Sendable, Hashable, Codable {
        /// Where it is reported.
        public var at: Decimal
        /// The last solved point below.
        public var lower: Decimal
        /// The first solved point above.
        public var upper: Decimal
        /// The value just below and just above, on each piece's line at `at`.
        @AlwaysPresent public var valueBelow: Decimal? = nil
        /// The value just above.
        @AlwaysPresent public var valueAbove: Decimal? = nil
        /// `valueAbove − valueBelow`.
        @AlwaysPresent public var jump: Decimal? = nil
        /// The slope below and above.
        @AlwaysPresent public var slopeBelow: Double? = nil
        /// The slope above.
        @AlwaysPresent public var slopeAbove: Double? = nil
        /// What changes, as `{kind, ...}` objects.
        public var changes: [ChangeEntry]
        /// The change in words: `above 3,000,000 the area-lead tier unlocks: +30,000`.
        public var summary: String
        /// False where only the solver's choice among equally good trades changes.
        public var changesValue: Bool
    }

    /// One change at a breakpoint: `kind` is `tier`, `program-on`, `program-off`, `quantity`,
    /// `becomes-feasible` or `becomes-infeasible`.
    public struct ChangeEntry: Sendable, Hashable, Codable {
        /// What kind of change.
        public var kind: String
        /// The program, lever or (for `tier`) the new tier.
        @AlwaysPresent public var id: String? = nil
        /// The old tier or quantity.
        @AlwaysPresent public var from: String? = nil
        /// The new tier or quantity.
        @AlwaysPresent public var to: String? = nil
    }

    /// The document for `function`, swept on `scenario`.
    public init(function: ValueFunction, scenario: Scenario) {
        format = Self.formatIdentifier
        self.scenario = scenario.name
        currency = scenario.currency
        parameter = function.parameter
        objective = function.objective
        from = function.from
        to = function.to
        current = function.current
        tolerance = function.tolerance
        solves = function.samples.count
        pieces = function.pieces.map { piece in
            PieceEntry(
                start: piece.start, end: piece.end, valueAtStart: piece.valueAtStart.map(cents),
                valueAtEnd: piece.valueAtEnd.map(cents), slope: piece.slope, tier: piece.decisions?.tier,
                activePrograms: piece.decisions?.activePrograms,
                quantities: piece.decisions.map { Dictionary(uniqueKeysWithValues: $0.quantities.map { ($0.id, $0.quantity) }) })
        }
        let words = SweepWords(function: function, scenario: scenario)
        breakpoints = function.breakpoints.map { point in
            BreakpointEntry(
                at: point.at, lower: point.lower, upper: point.upper, valueBelow: point.valueBelow.map(cents),
                valueAbove: point.valueAbove.map(cents), jump: point.jump.map(cents), slopeBelow: point.slopeBelow,
                slopeAbove: point.slopeAbove, changes: point.changes.map(Self.entry), summary: words.summary(point),
                changesValue: point.changesValue)
        }
    }

    static func entry(_ change: TradeChange) -> ChangeEntry {
        switch change {
        case .tier(let from, let to): ChangeEntry(kind: "tier", id: to, from: from, to: to)
        case .programOn(let id): ChangeEntry(kind: "program-on", id: id)
        case .programOff(let id): ChangeEntry(kind: "program-off", id: id)
        case .quantity(let lever, let from, let to):
            ChangeEntry(kind: "quantity", id: lever, from: from.description, to: to.description)
        case .becomesFeasible: ChangeEntry(kind: "becomes-feasible")
        case .becomesInfeasible: ChangeEntry(kind: "becomes-infeasible")
        }
    }

    /// Pretty-printed JSON with sorted keys.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// A sweep for people: a table of pieces, one of breakpoints, and each breakpoint in words.
public struct SweepTextReport: Sendable {
    /// The swept value function.
    public let function: ValueFunction
    /// The scenario it was swept on (for names and the currency).
    public let scenario: Scenario

    /// A report of `function` on `scenario`.
    public init(function: ValueFunction, scenario: Scenario) {
        self.function = function
        self.scenario = scenario
    }

    /// The report as aligned text.
    public func render() -> String {
        let words = SweepWords(function: function, scenario: scenario)
        let what = function.objective == .balanced ? "fair share (balanced)" : "buyer value"
        var lines = [
            "\(scenario.name): \(what) as \(function.parameter) moves from \(words.number(function.from)) to "
                + "\(words.number(function.to)) (now \(words.number(function.current)))",
            "Breakpoints located to ±\(words.number(function.tolerance)); \(function.samples.count) solves. "
                + "Money in \(scenario.currency).",
            "",
        ]
        var table = TextTable(columns: [
            ("from", .right), ("to", .right), ("value at from", .right), ("value at to", .right),
            ("slope", .right), ("tier", .left), ("active programs", .left),
        ])
        for piece in function.pieces {
            table.rows.append([
                words.number(piece.start), words.number(piece.end), piece.valueAtStart.map(Formatting.amount) ?? "no trade",
                piece.valueAtEnd.map(Formatting.amount) ?? "no trade", piece.slope.map(words.slope) ?? "",
                piece.decisions?.tier ?? "", piece.decisions.map { $0.activePrograms.joined(separator: ", ") } ?? "",
            ])
        }
        // A new piece starts wherever the best trade changes, also between equally good trades (a
        // commitment that moves at no change in value), so neighbouring rows may read alike.
        lines.append("Pieces (on each, the best trade's commitments, programs and tier stay the same)")
        lines.append(table.render())
        lines.append("")
        let moving = function.breakpoints.filter(\.changesValue)
        let ties = function.breakpoints.filter { !$0.changesValue }
        if moving.isEmpty {
            lines.append("No breakpoints: the optimal value is linear over the whole interval.")
        } else {
            var points = TextTable(columns: [
                ("at", .right), ("between", .left), ("jump", .right), ("slope below", .right), ("slope above", .right),
            ])
            for point in moving {
                points.rows.append([
                    words.number(point.at),
                    point.lower == point.upper ? "(solved)" : "\(words.number(point.lower)) .. \(words.number(point.upper))",
                    point.jump.map(words.signed) ?? "", point.slopeBelow.map(words.slope) ?? "",
                    point.slopeAbove.map(words.slope) ?? "",
                ])
            }
            lines.append("Breakpoints")
            lines.append(points.render())
            lines.append("")
            lines += moving.map { "  - " + words.summary($0) }
        }
        if !ties.isEmpty {
            let shown = ties.prefix(8).map { words.number($0.at) }.joined(separator: ", ")
            lines.append("")
            lines.append(
                "The best trade also changes without any change in value (a tie among equally good trades) at "
                    + "\(ties.count) point\(ties.count == 1 ? "" : "s"): \(shown)\(ties.count > 8 ? ", ..." : "")")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `parameter,value` rows: both ends of every piece, so each breakpoint appears from both
    /// sides; an empty value where no trade exists.
    public func csv() -> String {
        let words = SweepWords(function: function, scenario: scenario)
        var rows = ["\(function.parameter),\(function.objective == .balanced ? "fairShare" : "buyerValue")"]
        for piece in function.pieces {
            let ends = piece.start == piece.end ? [piece.start] : [piece.start, piece.end]
            for x in ends {
                rows.append("\(words.plain(x)),\(piece.line(at: x).map { cents($0).description } ?? "")")
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }
}

/// Numbers and sentences shared by the text, JSON and chart.
struct SweepWords {
    let function: ValueFunction
    let scenario: Scenario

    /// Decimal places that show the tolerance: one digit more than its leading digit.
    var places: Int {
        let tolerance = function.tolerance.double
        guard tolerance > 0 else { return 6 }
        return Swift.max(0, Swift.min(12, Int((-log10(tolerance)).rounded(.up)) + 1))
    }

    /// `x` rounded to the tolerance's precision, without grouping (for CSV).
    func plain(_ x: Decimal) -> String {
        var value = x
        var result = Decimal()
        NSDecimalRound(&result, &value, places, .plain)
        return result.isZero ? "0" : result.description
    }

    /// `x` rounded to the tolerance's precision, with thousands separators.
    func number(_ x: Decimal) -> String {
        let text = plain(x)
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let parts = body.split(separator: ".", maxSplits: 1)
        var grouped = Formatting.thousands(parts[0])
        if parts.count == 2 { grouped += "." + parts[1] }
        return (negative ? "-" : "") + grouped
    }

    /// `+340,000`, `-20,000` or `0`.
    func signed(_ money: Double) -> String {
        let rounded = cents(money)
        return rounded > 0 ? "+" + Formatting.amount(rounded) : Formatting.amount(rounded)
    }

    /// A slope per unit of the parameter: money with separators from 1 up, else four significant digits.
    func slope(_ value: Double) -> String {
        if abs(value) < 1e-9 { return "0" }
        if abs(value) >= 1 { return Formatting.amount(value) }
        return String(format: "%.4g", value)
    }

    func phrase(_ change: TradeChange) -> String {
        let tiers = scenario.envelope.tiers.map(\.id)
        switch change {
        case .tier(let from, let to):
            let up = (tiers.firstIndex(of: to) ?? 0) > (tiers.firstIndex(of: from) ?? 0)
            return up ? "the \(to) tier unlocks (was \(from))" : "the envelope falls back to the \(to) tier (was \(from))"
        case .programOn(let id): return "\(id) turns on"
        case .programOff(let id): return "\(id) turns off"
        case .quantity(let lever, let from, let to):
            return "\(lever) moves from \(Formatting.amount(from)) to \(Formatting.amount(to))"
        case .becomesFeasible: return "a trade exists"
        case .becomesInfeasible: return "no trade satisfies every limit"
        }
    }

    /// `above 3,000,000 the area-lead tier unlocks (was account-team): +30,000`.
    func summary(_ point: ValueFunction.Breakpoint) -> String {
        // At the bracket's upper end the new piece is known to hold there: "from"; else "above".
        let from = point.lower != point.upper && point.at == point.upper
        var text = "\(from ? "from" : "above") \(number(point.at))"
        if point.lower != point.upper, !from, point.at != point.lower {
            text += " (between \(number(point.lower)) and \(number(point.upper)))"
        }
        if point.changes.isEmpty {
            text += " a different limit binds"
        } else {
            text += " " + point.changes.map(phrase).joined(separator: ", ")
        }
        var effects: [String] = []
        if let jump = point.jump, cents(jump) != 0 { effects.append(signed(jump)) }
        if let below = point.slopeBelow, let above = point.slopeAbove,
            abs(below - above) > 1e-9 * Swift.max(1, abs(below), abs(above))
        {
            effects.append("slope \(slope(below)) → \(slope(above)) per unit")
        }
        if effects.isEmpty && point.valueBelow != nil && point.valueAbove != nil { effects.append("no change in value") }
        return text + (effects.isEmpty ? "" : ": " + effects.joined(separator: ", "))
    }
}

extension Decimal {
    var double: Double { NSDecimalNumber(decimal: self).doubleValue }
}
