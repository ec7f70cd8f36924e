public import Foundation

/// An exact decimal typed by a person, on a command line or in a query: digits, a sign, a point,
/// an exponent, and `_` between digits for readability (`25_000_000`). Locale-free, so `1,5` is
/// refused rather than read as 15.
public enum ExactNumber {
    /// The number, or `nil` when `text` is not one.
    public static func parse(_ text: String) -> Decimal? {
        let cleaned = text.replacingOccurrences(of: "_", with: "")
        guard !cleaned.isEmpty, cleaned.allSatisfy({ "0123456789.-+eE".contains($0) }) else { return nil }
        return Decimal(string: cleaned, locale: NumberText.posix)
    }
}
