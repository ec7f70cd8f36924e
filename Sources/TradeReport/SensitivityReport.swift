public import Foundation
public import TradeModel
public import TradeSolver

/// The JSON contract of a sensitivity report, `renewal-trade-sensitivity/v1` (see `docs/sensitivity.md`).
///
/// Figures are rounded for people: money to the cent, marginal values to 6 significant digits.
/// An unbounded end of a valid interval is `null`.
public struct SensitivityDocument: Sendable, Hashable, Codable {
    /// The format identifier.
    public static let formatIdentifier = "renewal-trade-sensitivity/v1"
    /// The caveat every local figure carries.
    public static let caveat =
        "Local marginal values come from the LP with the trade's discrete decisions fixed: they are valid "
        + "only while the discrete decisions (quantities, active programs, tier) stay as they are, and only "
        + "within the stated interval. Global effects are real re-solves of the whole scenario."

    /// Always `renewal-trade-sensitivity/v1`.
    public var format: String
    /// The scenario's name.
    public var scenario: String
    /// The scenario's currency.
    public var currency: String
    /// The scenario's objective.
    public var objective: Objective
    /// The trade's status.
    public var status: TradeStatus
    /// The optimal trade's buyer value.
    public var buyerValue: Decimal
    /// The relative step of the global moves.
    public var relativeStep: Decimal
    /// The caveat on local values.
    public var caveat: String
    /// Every limit, in scenario order.
    public var limits: [Entry]
    /// Limit paths ranked by swing, largest first (the tornado).
    public var ranking: [String]

    /// One limit.
    public struct Entry: Sendable, Hashable, Codable {
        /// Scenario path of the number, e.g. `envelope.tiers.area-lead.maxPct`.
        public var path: String
        /// Kind of limit, e.g. `tier-max-pct`.
        public var kind: Limit.Kind
        /// Unit of the limit.
        public var unit: String
        /// The limit's value in the scenario.
        public var value: Decimal
        /// Distance of the trade from the limit, in its unit; null where it does not apply.
        @AlwaysPresent public var slack: Decimal? = nil
        /// Whether the limit holds the trade.
        public var binding: Bool
        /// Local figures (fixed discrete decisions).
        public var local: Local
        /// Global figures (re-solves).
        public var global: Global
    }

    /// The local marginal value and where it holds.
    public struct Local: Sendable, Hashable, Codable {
        /// Buyer value (objective value, for `balanced`) per unit of the limit.
        public var marginalValue: Decimal
        /// Lower end of the limit's interval where the marginal value holds; null for −∞.
        @AlwaysPresent public var validFrom: Decimal? = nil
        /// Upper end; null for +∞.
        @AlwaysPresent public var validTo: Decimal? = nil
    }

    /// The global effect of moving the limit by ±step.
    public struct Global: Sendable, Hashable, Codable {
        /// How far the limit moves each way.
        public var step: Decimal
        /// The limit moved down.
        public var down: Move
        /// The limit moved up.
        public var up: Move
        /// The larger absolute change of the optimal buyer value.
        public var swing: Decimal
    }

    /// One re-solve.
    public struct Move: Sendable, Hashable, Codable {
        /// The limit's value after the move.
        public var value: Decimal
        /// The re-solve's status, null when the moved scenario is invalid.
        @AlwaysPresent public var status: TradeStatus? = nil
        /// The optimal buyer value there; null without a trade.
        @AlwaysPresent public var buyerValue: Decimal? = nil
        /// Its change from the current optimum; null without a trade.
        @AlwaysPresent public var change: Decimal? = nil
        /// Why there is no figure.
        @AlwaysPresent public var note: String? = nil
    }

    /// Builds the document from a report.
    public init(_ report: TradeSensitivity, scenario: Scenario) {
        format = Self.formatIdentifier
        self.scenario = scenario.name
        currency = scenario.currency
        objective = scenario.objective
        status = report.trade.status
        buyerValue = cents(report.buyerValue)
        relativeStep = report.relativeStep
        caveat = Self.caveat
        let base = report.buyerValue
        func move(_ move: LimitMove) -> Move {
            Move(
                value: move.value, status: move.status, buyerValue: move.buyerValue.map(cents),
                change: move.buyerValue.map { cents($0 - base) }, note: move.note)
        }
        limits = report.limits.map { entry in
            Entry(
                path: entry.limit.path, kind: entry.limit.kind, unit: entry.limit.unit, value: entry.limit.value,
                slack: entry.slack.map(significant), binding: entry.binding,
                local: Local(
                    marginalValue: significant(entry.marginalValue),
                    validFrom: entry.validFrom.isFinite ? significant(entry.validFrom) : nil,
                    validTo: entry.validTo.isFinite ? significant(entry.validTo) : nil),
                global: Global(step: entry.step, down: move(entry.down), up: move(entry.up), swing: cents(entry.swing)))
        }
        ranking = report.ranking.map(\.limit.path)
    }

    /// Pretty-printed JSON with sorted keys.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// One CSV row per limit, with a header; RFC 4180 quoting.
    public func csv() -> String {
        let header = [
            "path", "kind", "unit", "value", "slack", "binding", "marginal_value", "valid_from", "valid_to", "step",
            "down_value", "down_status", "down_buyer_value", "up_value", "up_status", "up_buyer_value", "swing",
        ]
        func text(_ value: Decimal?) -> String { value.map { "\($0)" } ?? "" }
        func quoted(_ field: String) -> String {
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }
        var lines = [header.joined(separator: ",")]
        for entry in limits {
            let fields = [
                entry.path, entry.kind.rawValue, entry.unit, text(entry.value), text(entry.slack), "\(entry.binding)",
                text(entry.local.marginalValue), entry.local.validFrom.map { "\($0)" } ?? "-inf",
                entry.local.validTo.map { "\($0)" } ?? "inf", text(entry.global.step), text(entry.global.down.value),
                entry.global.down.status?.rawValue ?? "invalid", text(entry.global.down.buyerValue),
                text(entry.global.up.value), entry.global.up.status?.rawValue ?? "invalid",
                text(entry.global.up.buyerValue), text(entry.global.swing),
            ]
            lines.append(fields.map(quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The report as aligned text: one table of every limit, then the tornado ranking.
    public func text() -> String {
        var lines = [
            "\(scenario)",
            "Sensitivity of the optimal trade · buyer value \(Formatting.amount(buyerValue)) \(currency) · objective \(objective.rawValue)",
            "",
            "Local: value per unit of each limit, valid only while the discrete decisions stay as they are,",
            "and only inside the interval shown. Global: optimal buyer value re-solved with the limit moved",
            "by -/+ \(Formatting.percent(relativeStep)) of its value (a zero limit by the absolute step shown).",
            "",
        ]
        var table = TextTable(columns: [
            ("Limit", .left), ("Value", .right), ("Slack", .right), ("Binds", .left), ("Per unit", .right),
            ("Valid from", .right), ("Valid to", .right), ("Step", .right), ("Down", .right), ("Up", .right),
            ("Swing", .right),
        ])
        func number(_ value: Decimal?) -> String { value.map(Self.short) ?? "-" }
        // A re-solve a time limit stopped gives the best trade found, not the optimum: marked so.
        func outcome(_ move: Move) -> String {
            if let value = move.buyerValue { return Formatting.amount(value) + (move.status == .feasible ? "*" : "") }
            return move.status?.rawValue ?? "invalid"
        }
        for entry in limits {
            table.rows.append([
                entry.path, Self.short(entry.value), number(entry.slack), entry.binding ? "yes" : "",
                Self.short(entry.local.marginalValue), entry.local.validFrom.map(Self.short) ?? "-inf",
                entry.local.validTo.map(Self.short) ?? "+inf", Self.short(entry.global.step),
                outcome(entry.global.down), outcome(entry.global.up), Formatting.amount(entry.global.swing),
            ])
        }
        lines.append(table.render(indent: ""))
        if limits.contains(where: { $0.global.down.status == .feasible || $0.global.up.status == .feasible }) {
            lines.append("* a time limit stopped this re-solve: the best trade found, not proven optimal")
        }
        lines.append("")
        lines.append("Most worth negotiating (largest change of the optimal buyer value for a -/+ step)")
        let byPath = Dictionary(uniqueKeysWithValues: limits.map { ($0.path, $0) })
        let ranked = ranking.compactMap { byPath[$0] }.filter { $0.global.swing > 0 }
        if ranked.isEmpty { lines.append("  No limit changes the optimal buyer value by a step.") }
        let widest = ranked.map(\.path.count).max() ?? 0
        let largest = ranked.first?.global.swing ?? 1
        for (rank, entry) in ranked.enumerated() {
            let bar = String(
                repeating: "#", count: Swift.max(1, Int((entry.global.swing / largest * 30).doubleValue.rounded())))
            let changes = [entry.global.down, entry.global.up].map { move in
                move.change.map { ($0 >= 0 ? "+" : "") + Formatting.amount($0) } ?? (move.status?.rawValue ?? "invalid")
            }
            lines.append(
                "  \(String(format: "%2d", rank + 1)). \(entry.path.padding(toLength: widest, withPad: " ", startingAt: 0))  "
                    + "\(bar.padding(toLength: 30, withPad: " ", startingAt: 0))  down \(changes[0]), up \(changes[1])")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A number for a table: thousands separators for large values, 6 significant digits otherwise.
    static func short(_ value: Decimal) -> String {
        let double = value.doubleValue
        if abs(double) >= 1000 { return Formatting.amount(value) }
        return String(format: "%.6g", double)
    }
}

/// A number rounded to 6 significant digits, as an exact decimal (so JSON shows no binary noise).
func significant(_ value: Double) -> Decimal {
    guard value.isFinite, value != 0 else { return 0 }
    let result = Decimal(string: String(format: "%.6g", value), locale: posix) ?? 0
    return result.isZero ? 0 : result
}
