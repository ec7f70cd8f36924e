import Foundation
import TestSupport
import Testing

@testable import TradeReport

/// The fast number paths of the reports give the bytes Foundation's slow ones gave: each is checked
/// against Foundation itself (`Decimal.description`, `String(format:)` then `Decimal(string:)`) on
/// hand-picked edges and on seeded random values, and against texts worked out by hand.
@Suite struct ReportNumberTests {
    /// Decimals of every shape: money, non-compact results of arithmetic, huge and tiny, either sign.
    static func decimals(seed: UInt64, count: Int) -> [Decimal] {
        var random = SplitMix64(seed: seed)
        var values: [Decimal] = [
            0, 1, -1, Decimal(string: "0.00")!, Decimal(string: "1200.00")!, Decimal(string: "1e30")!,
            Decimal(string: "-1.5e-20")!, .greatestFiniteMagnitude, .leastNonzeroMagnitude, .nan,
            Decimal(9_007_199_254_740_991 as UInt64), Decimal(9_007_199_254_740_992 as UInt64),
            Decimal(9_007_199_254_740_993 as UInt64), Decimal(UInt64.max),
        ]
        for _ in 0..<count {
            let shift = UInt64.random(in: 0...63, using: &random)
            let a = Decimal(
                sign: Bool.random(using: &random) ? .plus : .minus, exponent: Int.random(in: -20...20, using: &random),
                significand: Decimal(random.next() >> shift))
            let b = Decimal(
                string:
                    "\(Int.random(in: -100_000...100_000, using: &random)).\(Int.random(in: 0...999, using: &random))")!
            let nearLimit = Decimal(UInt64.random(in: 9_007_199_254_740_000...9_007_199_254_741_000, using: &random))
            var rounded = Decimal()
            var product = a * b
            NSDecimalRound(&rounded, &product, 2, .plain)
            values += [a, b, a * b, a + b, b * 100, b / 7, a / 3, rounded, nearLimit, nearLimit / 1000]
        }
        return values
    }

    @Test func plainTextIsDescriptionByHand() {
        #expect(DecimalText.plain(Decimal(string: "1200.00")!) == "1200")
        #expect(DecimalText.plain(Decimal(string: "12.50")!) == "12.5")
        #expect(DecimalText.plain(Decimal(string: "-5.10")!) == "-5.1")
        #expect(DecimalText.plain(Decimal(string: "0.05")!) == "0.05")
        #expect(DecimalText.plain(Decimal(string: "0.0000001")!) == "0.0000001")
        #expect(DecimalText.plain(Decimal(string: "36e6")!) == "36000000")
        #expect(DecimalText.plain(Decimal(string: "0.00")!) == "0")
        #expect(DecimalText.plain(.nan) == "NaN")
    }

    @Test func plainTextIsDescription() {
        for value in Self.decimals(seed: 7, count: 20_000) {
            #expect(DecimalText.plain(value) == value.description, "\(value)")
        }
    }

    /// The representation (exponent, mantissa, compact flag), not only the value: JSON and the
    /// texts print a Decimal's digits as stored.
    static func bytes(_ value: Decimal) -> [UInt8] { withUnsafeBytes(of: value) { Array($0) } }

    @Test func centsByHand() {
        #expect(cents(1234567.5).description == "1234567.5")
        #expect(cents(2.675).description == "2.67")  // 2.675 is 2.67499999… in binary
        #expect(cents(0.125).description == "0.12")  // exactly half: printf rounds to even
        #expect(cents(-0.001).description == "0")  // no "-0"
        #expect(cents(-5.1).description == "-5.1")
        #expect(cents(36_000_000).description == "36000000")
        #expect(cents(1e20).description == "100000000000000000000")
        #expect(cents(.nan) == 0)
    }

    @Test func centsAreFoundationsCents() {
        var random = SplitMix64(seed: 11)
        var samples: [Double] = [
            0, -0.0, 0.005, -0.005, 0.015, 0.025, 1.005, 2.675, 123456.785, 0.125, -0.125, 1e15, 9.999999999999998e15,
            1e16, -1e16, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
        ]
        let halves = [0.005, 0.015, 0.125, 0.5, 0.995]
        for _ in 0..<30_000 {
            samples.append(
                Double.random(in: -1...1, using: &random) * pow(10, Double(Int.random(in: -4...17, using: &random))))
            samples.append(Double(Int.random(in: -10_000_000...10_000_000, using: &random)) + random.pick(halves))
            samples.append(Double(bitPattern: random.next()))
        }
        for value in samples {
            #expect(Self.bytes(cents(value)) == Self.bytes(parsedCents(value)), "\(value)")
        }
    }

    /// `Formatting.amount` as it was before ``DecimalText``: the reference for the fast one.
    static func referenceAmount(_ value: Decimal) -> String {
        var rounded = Decimal()
        var copy = value
        NSDecimalRound(&rounded, &copy, 2, .plain)
        let negative = rounded < 0
        let parts = (negative ? -rounded : rounded).description.split(separator: ".", maxSplits: 1)
        var digits = String(parts[0])
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        grouped = digits + grouped
        if parts.count == 2 { grouped += "." + parts[1].padding(toLength: 2, withPad: "0", startingAt: 0) }
        return (negative && rounded != 0 ? "-" : "") + grouped
    }

    @Test func amountsByHand() {
        #expect(Formatting.amount(Decimal(string: "1234567.5")!) == "1,234,567.50")
        #expect(Formatting.amount(Decimal(1_234_567)) == "1,234,567")
        #expect(Formatting.amount(Decimal(string: "-0.004")!) == "0")
        #expect(Formatting.amount(Decimal(string: "-1000.005")!) == "-1,000.01")
        #expect(Formatting.amount(Decimal(string: "999.999")!) == "1,000")
        #expect(Formatting.percent(Decimal(string: "0.125")!) == "12.5%")
        #expect(Formatting.amount(Decimal.nan) == "-NaN")  // as it always was: NaN < 0 and NaN != 0
    }

    @Test func amountsAreTheReferences() {
        for value in Self.decimals(seed: 13, count: 10_000) {
            #expect(Formatting.amount(value) == Self.referenceAmount(value), "\(value)")
        }
    }
}
