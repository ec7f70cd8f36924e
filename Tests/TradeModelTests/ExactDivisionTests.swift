import Foundation
import TestSupport
import Testing

@testable import TradeModel

/// `Decimal.dividedExactly(by:)` must give what `/` gives (the value, its Double and its text, which
/// reports print) on every input: whole quotients of whole numbers, which take its fast path, and
/// everything else, which falls back to `/`.
@Suite struct ExactDivisionTests {
    static func agree(_ dividend: Decimal, _ divisor: Decimal) -> Bool {
        let expected = dividend / divisor
        let actual = dividend.dividedExactly(by: divisor)
        return actual == expected && NSDecimalNumber(decimal: actual).doubleValue == NSDecimalNumber(decimal: expected).doubleValue
            && actual.description == expected.description
    }

    @Test func handPickedPairs() {
        let pairs: [(String, String)] = [
            ("25000000", "1000000"), ("30000000", "1000000"), ("0", "1000000"), ("-3000000", "1000000"),
            ("12", "1"), ("1", "3"), ("2.5", "0.5"), ("250e-1", "5"), ("9007199254740992", "1"),
            ("9007199254740991", "1"), ("18014398509481984", "2"), ("1e30", "1e10"), ("7", "-7"), ("-0", "5"),
            ("100", "8"), ("36000000.01", "1"), ("1000000", "0.001"),
        ]
        for (a, b) in pairs {
            #expect(Self.agree(Decimal(string: a)!, Decimal(string: b)!), "\(a) / \(b)")
        }
    }

    @Test func seededRandomPairs() {
        var random = SplitMix64(seed: 11)
        func decimal() -> Decimal {
            let significand = Decimal(UInt64.random(in: 0...2_000_000, using: &random))
            let exponent = Int.random(in: -4...10, using: &random)
            return Decimal(sign: random.chance(0.2) ? .minus : .plus, exponent: exponent, significand: significand)
        }
        for _ in 0..<20_000 {
            let divisor = decimal()
            guard !divisor.isZero else { continue }
            // A whole multiple of the divisor half the time: the fast path's case.
            let dividend = random.chance(0.5) ? divisor * Decimal(Int.random(in: -500...500, using: &random)) : decimal()
            #expect(Self.agree(dividend, divisor), "\(dividend) / \(divisor)")
        }
    }
}
