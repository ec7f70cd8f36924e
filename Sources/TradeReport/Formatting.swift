public import Foundation

/// Numbers for people: thousands separators, and cents only when there are any.
public enum Formatting {
    /// `1234567.5` → `1,234,567.50`; `1234567` → `1,234,567`.
    public static func amount(_ value: Decimal) -> String {
        var rounded = Decimal()
        var copy = value
        NSDecimalRound(&rounded, &copy, 2, .plain)
        let negative = rounded < 0
        let text = (negative ? -rounded : rounded).description
        let parts = text.split(separator: ".", maxSplits: 1)
        var digits = String(parts[0])
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        grouped = digits + grouped
        if parts.count == 2 {
            grouped += "." + parts[1].padding(toLength: 2, withPad: "0", startingAt: 0)
        }
        return (negative && rounded != 0 ? "-" : "") + grouped
    }

    public static func amount(_ value: Double) -> String { amount(cents(value)) }

    /// `0.08` → `8%`, `0.125` → `12.5%`.
    public static func percent(_ fraction: Decimal) -> String {
        "\((fraction * 100).description)%"
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
