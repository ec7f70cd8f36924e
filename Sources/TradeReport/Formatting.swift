public import Foundation

/// Numbers for people: thousands separators, and cents only when there are any.
public enum Formatting {
    /// `1234567.5` → `1,234,567.50`; `1234567` → `1,234,567`.
    public static func amount(_ value: Decimal) -> String {
        var rounded = Decimal()
        var copy = value
        NSDecimalRound(&rounded, &copy, 2, .plain)
        // The sign, not `rounded < 0`: a Decimal comparison costs a microsecond, and an offer
        // formats a few hundred amounts. A Decimal zero is never negative. NaN keeps what the
        // comparisons always said of it ("-NaN").
        let negative = rounded.isNaN ? rounded < 0 && rounded != 0 : rounded.sign == .minus
        let text = DecimalText.plain(negative ? -rounded : rounded)
        let parts = text.split(separator: ".", maxSplits: 1)
        var grouped = thousands(parts[0])
        if parts.count == 2 {
            grouped += "." + parts[1].padding(toLength: 2, withPad: "0", startingAt: 0)
        }
        return (negative ? "-" : "") + grouped
    }

    public static func amount(_ value: Double) -> String { amount(cents(value)) }

    /// `1234567` → `1,234,567`: a run of ASCII digits (a Decimal's text, as every caller passes)
    /// with a comma before each group of three.
    static func thousands(_ digits: Substring) -> String {
        // Over the bytes: `String.count`, `suffix` and `removeLast` walk grapheme clusters.
        let count = digits.utf8.count
        if count <= 3 { return String(digits) }
        var grouped: [UInt8] = []
        grouped.reserveCapacity(count + count / 3)
        let head = count % 3 == 0 ? 3 : count % 3
        for (position, byte) in digits.utf8.enumerated() {
            if position >= head && (position - head) % 3 == 0 { grouped.append(UInt8(ascii: ",")) }
            grouped.append(byte)
        }
        return String(decoding: grouped, as: UTF8.self)
    }

    /// `0.08` → `8%`, `0.125` → `12.5%`.
    public static func percent(_ fraction: Decimal) -> String {
        "\(DecimalText.plain(fraction * 100))%"
    }
}

/// `Decimal.description`, made faster for the numbers reports print.
///
/// `description` divides the 128-bit mantissa by ten once per digit, about ten microseconds a
/// number in a release build; an offer prints a few hundred. For a significand below 2^53 (every
/// amount of a real scenario) the digits come from one exact conversion to `Double` instead, and
/// the point goes where `description` puts it. Anything else takes `description` itself.
enum DecimalText {
    /// 2^53: every integer below it is exact as a `Double`.
    private static let exactDoubleLimit: Double = 9_007_199_254_740_992

    /// The same text as `value.description`.
    static func plain(_ value: Decimal) -> String {
        guard !value.isNaN else { return value.description }
        let whole = NSDecimalNumber(decimal: value.significand).doubleValue
        guard whole >= 0, whole < exactDoubleLimit else { return value.description }
        let digits = UInt64(whole)
        if digits == 0 { return "0" }
        let exponent = value.exponent
        let sign = value.sign == .minus ? "-" : ""
        let body = String(digits)
        if exponent >= 0 {
            guard exponent <= 64 else { return value.description }
            return sign + body + String(repeating: "0", count: exponent)
        }
        let point = body.utf8.count + exponent
        if point > 0 { return sign + body.prefix(point) + "." + body.dropFirst(point) }
        guard -point <= 64 else { return value.description }
        return sign + "0." + String(repeating: "0", count: -point) + body
    }
}

/// A plain-text table with left-aligned text and right-aligned numbers.
struct TextTable {
    enum Alignment { case left, right }

    var columns: [(title: String, alignment: Alignment)]
    var rows: [[String]] = []

    func render(indent: String = "  ") -> String {
        let widths = columns.indices.map { column in
            ([columns[column].title] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return columns[column].alignment == .left ? cell + pad : pad + cell
            }
            return indent + padded.joined(separator: "  ").trimmingTrailingSpaces()
        }
        return ([line(columns.map(\.title))] + rows.map(line)).joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
