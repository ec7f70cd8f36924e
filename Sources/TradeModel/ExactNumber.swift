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

extension Decimal {
    /// Rounded to a whole number in the given direction.
    package func roundedWhole(_ mode: NSDecimalNumber.RoundingMode) -> Decimal {
        var value = self
        var result = Decimal()
        NSDecimalRound(&result, &value, 0, mode)
        return result
    }

    /// Whether the value is an integer.
    package var isWhole: Bool { roundedWhole(.plain) == self }

    /// Whether `self` is a whole number of `step`s; `step` must be positive.
    package func isMultiple(of step: Decimal) -> Bool {
        if isZero { return true }  // most minimums
        return dividedExactly(by: step).roundedWhole(.plain) * step == self
    }

    /// `self / divisor`, the same value `/` gives, without its long division when both are whole
    /// numbers below 2^53 and the quotient is whole, as lever bounds over their steps are: `/`
    /// costs about 10 µs a call, and building a request's program took hundreds of them.
    package func dividedExactly(by divisor: Decimal) -> Decimal {
        if exponent >= 0, divisor.exponent >= 0 {
            // Whole numbers below 2^53 convert to Double exactly, and so does their whole quotient.
            let (dividend, divisor) = (NSDecimalNumber(decimal: self).doubleValue, NSDecimalNumber(decimal: divisor).doubleValue)
            if abs(dividend) < 0x1p53, abs(divisor) < 0x1p53, divisor != 0,
                dividend.truncatingRemainder(dividingBy: divisor) == 0
            {
                return Decimal(Int64(dividend / divisor))
            }
        }
        return self / divisor
    }
}
