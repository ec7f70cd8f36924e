import Foundation
import TestSupport
import Testing

@testable import TradeModel

/// `NumberText.parse` reads a number in one pass and makes the Decimal from its digits; before, it
/// always asked `Decimal(string:)`. Each result is checked against that parser (the Decimal's bytes:
/// exponent and mantissa as stored, which the reports print) and against the old classification,
/// kept here as `reference`, on hand-picked and seeded random texts.
@Suite struct NumberParsingTests {
    /// The parser as it was: the reference for the one-pass one.
    static func reference(_ text: String) -> NumberText.Parsed {
        let lowered = text.lowercased()
        let bare = lowered.hasPrefix("+") || lowered.hasPrefix("-") ? String(lowered.dropFirst()) : lowered
        if [".inf", "inf", "infinity", ".nan", "nan"].contains(bare) { return .nonFinite }
        var chars = Array(text.utf8)[...]
        if let first = chars.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            chars = chars.dropFirst()
        }
        var mantissaDigits: [UInt8] = []
        var sawDot = false
        while let c = chars.first {
            if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                mantissaDigits.append(c)
            } else if c == UInt8(ascii: "."), !sawDot {
                sawDot = true
            } else {
                break
            }
            chars = chars.dropFirst()
        }
        guard !mantissaDigits.isEmpty else { return .notANumber }
        var exponent = 0
        if let e = chars.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            chars = chars.dropFirst()
            var negative = false
            if let sign = chars.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                negative = sign == UInt8(ascii: "-")
                chars = chars.dropFirst()
            }
            var exponentDigits = 0
            while let c = chars.first, c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                exponent = Swift.min(exponent * 10 + Int(c - UInt8(ascii: "0")), 100_000)
                exponentDigits += 1
                chars = chars.dropFirst()
            }
            guard exponentDigits > 0 else { return .notANumber }
            if negative { exponent = -exponent }
        }
        guard chars.isEmpty else { return .notANumber }
        let significant = mantissaDigits.drop(while: { $0 == UInt8(ascii: "0") })
            .reversed().drop(while: { $0 == UInt8(ascii: "0") })
        if significant.count > 38 { return .tooPrecise }
        if abs(exponent) > 100 { return .outOfRange }
        guard let value = Decimal(string: text, locale: NumberText.posix), !value.isNaN else { return .outOfRange }
        return .number(value)
    }

    static func bytes(_ value: Decimal) -> [UInt8] { withUnsafeBytes(of: value) { Array($0) } }

    /// Same classification and, for a number, the same Decimal byte for byte.
    static func agree(_ text: String) -> Bool {
        switch (NumberText.parse(text), reference(text)) {
        case (.number(let fast), .number(let slow)): bytes(fast) == bytes(slow)
        case (let fast, let slow): fast == slow
        }
    }

    @Test func byHand() {
        #expect(NumberText.parse("36000000") == .number(36_000_000))
        #expect(NumberText.parse("-0.25") == .number(Decimal(sign: .minus, exponent: -2, significand: 25)))
        #expect(NumberText.parse("1.5e3") == .number(1500))
        #expect(NumberText.parse(".inf") == .nonFinite)
        #expect(NumberText.parse("-NaN") == .nonFinite)
        #expect(NumberText.parse("0x1F") == .notANumber)
        #expect(NumberText.parse("1e") == .notANumber)
        #expect(NumberText.parse("1e101") == .outOfRange)
        #expect(NumberText.parse("1" + String(repeating: "2", count: 38)) == .tooPrecise)
        // A zero keeps the exponent it was written with, as Decimal(string:) keeps it.
        guard case .number(let zero) = NumberText.parse("0.00") else {
            Issue.record("0.00 is a number")
            return
        }
        #expect(zero.exponent == -2)
    }

    @Test func edgesAgreeWithTheReference() {
        let texts = [
            "0", "-0", "+0", "00", "0.0", "0.00", "0e5", "0.00e2", ".5", "5.", "+5", "-5.10", "007", "1e5", "1E+05",
            "1.5e-3", "0.3", "-0.000001", "1234567890123456789", "9999999999999999999", "10000000000000000000",
            "18446744073709551615", "18446744073709551616", "0.1e-99", "12345678901234567890e-30", "1e-100", "1e100",
            "1e-101", "0.0000000001e-95", "123456789012345678901234567890123456789", "1.", ".", "-", "+", "e5", "1e+",
            "1..2", "1.2.3", "1_000", " 1", "1 ", "inf", "-Infinity", ".NaN", "nan", "true", "",
        ]
        for text in texts { #expect(Self.agree(text), "\(text)") }
    }

    @Test func randomTextsAgreeWithTheReference() {
        var random = SplitMix64(seed: 5)
        for _ in 0..<40_000 {
            let whole = String(random.next() >> UInt64.random(in: 0...63, using: &random))
            let fraction =
                random.chance(0.5)
                ? "."
                    + String(
                        String(UInt64.random(in: 0...999_999, using: &random)).prefix(
                            Int.random(in: 0...6, using: &random))) : ""
            let zeros = String(repeating: "0", count: Int.random(in: 0...3, using: &random))
            let exponent =
                random.chance(0.3) ? "\(random.pick(["e", "E"]))\(Int.random(in: -110...110, using: &random))" : ""
            let sign = random.pick(["", "-", "+"])
            let text = sign + whole + fraction + zeros + exponent
            #expect(Self.agree(text), "\(text)")
            let small = "0." + zeros + String(Int.random(in: 1...99_999, using: &random))
            #expect(Self.agree(small), "\(small)")
        }
    }
}
