import Foundation
import Yams

/// Builds diagnostic paths in the spec's style: `programs[2].funding.base`.
enum DocumentPath {
    static func key(_ base: String, _ key: String) -> String { base.isEmpty ? key : "\(base).\(key)" }
    static func index(_ base: String, _ index: Int) -> String { "\(base)[\(index)]" }

    /// The path one step up: `a.b[2].c` → `a.b[2]` → `a.b` → `a` → ``.
    static func parent(_ path: String) -> String? {
        if path.isEmpty { return nil }
        guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { return "" }
        return String(path[..<cut])
    }

    /// Whether `path` is `ancestor` or lies under it.
    static func isWithin(_ path: String, _ ancestor: String) -> Bool {
        guard path.hasPrefix(ancestor) else { return false }
        if path.count == ancestor.count || ancestor.isEmpty { return true }
        let next = path[path.index(path.startIndex, offsetBy: ancestor.count)]
        return next == "." || next == "["
    }
}

/// A mapping's entries by key, in document order, with null values left out.
struct Fields {
    let path: String
    let mark: Mark?
    /// The keys in document order, and at the same positions their values: the keys apart, so that
    /// finding one compares strings without copying (retaining and releasing) any node.
    let keys: [String]
    let values: [Node]

    /// The value under `key`, or nil when the key is absent or its value is null.
    subscript(key: String) -> Node? {
        guard let position = keys.firstIndex(of: key) else { return nil }
        let value = values[position]
        return NodeReader.isNull(value) ? nil : value
    }

    /// The path of the value under `key`.
    func path(_ key: String) -> String { DocumentPath.key(path, key) }
}

/// Walks a composed YAML tree and collects every problem instead of stopping at the first.
struct NodeReader {
    private(set) var diagnostics: [Diagnostic] = []
    /// Where each visited path starts in the text, so that later checks can give a line.
    private(set) var marks: [String: Mark] = [:]
    /// Paths with a structural error: semantic checks under them would only repeat it.
    private(set) var failedPaths: [String] = []

    /// A reader for a tree of `nodes` nodes: each records about one path, so the table of marks
    /// is sized once instead of growing (and rehashing) as the walk goes.
    init(nodes: Int = 0) { marks.reserveCapacity(nodes) }

    mutating func record(_ path: String, _ mark: Mark?) {
        if let mark, marks[path] == nil { marks[path] = mark }
    }

    mutating func error(_ path: String, _ mark: Mark?, _ message: String) {
        diagnostics.append(Diagnostic(.error, path: path, message, line: mark?.line, column: mark?.column))
        failedPaths.append(path)
    }

    /// Marks `path` as failed without a diagnostic of its own: its problem was reported elsewhere.
    mutating func suppress(_ path: String) {
        failedPaths.append(path)
    }

    /// The mark of `path` or, when it was never visited (a defaulted field), of its nearest visited parent.
    func mark(for path: String) -> Mark? {
        var current: String? = path
        while let candidate = current {
            if let mark = marks[candidate] { return mark }
            current = DocumentPath.parent(candidate)
        }
        return nil
    }

    // MARK: - Shapes

    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        // A switch, not an array literal's `contains`: this runs for every field read.
        switch scalar.string {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    /// YAML 1.2's core-schema booleans, which `string` refuses unquoted.
    static func isBoolean(_ text: String) -> Bool {
        switch text {
        case "true", "false", "True", "False", "TRUE", "FALSE": return true
        default: return false
        }
    }

    /// How a node reads to a person, for "expected X, got Y" messages.
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if isNull(node) { return "null" }
            if scalar.style != .plain { return "the string '\(scalar.string)'" }
            if case .number = NumberText.parse(scalar.string) { return "the number \(scalar.string)" }
            if isBoolean(scalar.string) {
                return "the boolean \(scalar.string)"
            }
            return "'\(scalar.string)'"
        }
    }

    /// Reads a mapping, reporting keys outside `allowed` with a suggestion.
    mutating func mapping(_ node: Node, at path: String, allowed: [String]) -> Fields? {
        record(path, node.mark)
        guard case .mapping(let mapping) = node else {
            error(path, node.mark, "expected a mapping, got \(Self.describe(node))")
            return nil
        }
        var keys: [String] = []
        var values: [Node] = []
        keys.reserveCapacity(mapping.count)
        values.reserveCapacity(mapping.count)
        for (keyNode, value) in mapping {
            guard case .scalar(let keyScalar) = keyNode else {
                error(path, keyNode.mark, "keys must be plain text, got \(Self.describe(keyNode))")
                continue
            }
            let key = keyScalar.string
            let keyPath = DocumentPath.key(path, key)
            guard allowed.contains(key) else {
                error(keyPath, keyNode.mark, "unknown key\(Suggestions.hint(for: key, among: allowed))")
                continue
            }
            record(keyPath, value.mark)
            keys.append(key)
            values.append(value)
        }
        return Fields(path: path, mark: node.mark, keys: keys, values: values)
    }

    /// The value under a required key; reports its absence at the key's path. `fix` is spelled
    /// only when the key is missing.
    mutating func required(_ fields: Fields, _ key: String, _ fix: @autoclosure () -> String) -> Node? {
        if let value = fields[key] { return value }
        error(fields.path(key), fields.mark, "missing required key '\(key)'; \(fix())")
        return nil
    }

    mutating func sequence(_ node: Node, at path: String) -> [Node]? {
        record(path, node.mark)
        guard case .sequence(let sequence) = node else {
            error(path, node.mark, "expected a list, got \(Self.describe(node))")
            return nil
        }
        return Array(sequence)
    }

    /// Text; numbers written without quotes are read as their text, booleans and lists are not.
    mutating func string(_ node: Node, at path: String) -> String? {
        record(path, node.mark)
        guard case .scalar(let scalar) = node, !Self.isNull(node) else {
            error(path, node.mark, "expected text, got \(Self.describe(node))")
            return nil
        }
        if scalar.style == .plain, Self.isBoolean(scalar.string) {
            error(path, node.mark, "expected text, got \(Self.describe(node)); quote it if it is meant as text")
            return nil
        }
        return scalar.string
    }

    /// A number, exactly as written.
    mutating func decimal(_ node: Node, at path: String) -> Decimal? {
        record(path, node.mark)
        guard case .scalar(let scalar) = node, scalar.style == .plain else {
            error(path, node.mark, "expected a number, got \(Self.describe(node))")
            return nil
        }
        switch NumberText.parse(scalar.string) {
        case .number(let value):
            // Fifteen characters without an exponent hold at most fifteen digits, below 10^15:
            // the Decimal comparison, a microsecond, is left for longer texts.
            let surelyWithin =
                scalar.string.utf8.count <= 15 && !scalar.string.utf8.contains { $0 | 0x20 == UInt8(ascii: "e") }
            guard surelyWithin || value.magnitude <= ScenarioLimits.maximumMagnitude else {
                error(path, node.mark, "\(scalar.string) is too large; numbers may not exceed 10^15 in magnitude")
                return nil
            }
            return value
        case .nonFinite:
            error(path, node.mark, "numbers must be finite, got \(scalar.string)")
        case .tooPrecise:
            error(path, node.mark, "\(scalar.string) has more than 38 significant digits and cannot be held exactly")
        case .outOfRange:
            error(
                path, node.mark,
                "\(scalar.string) is out of range; numbers may not exceed 10^15 in magnitude, nor go below 1e-100")
        case .notANumber:
            error(
                path, node.mark,
                "expected a number, got \(Self.describe(node)); write a plain decimal such as 1500000 or 0.25")
        }
        return nil
    }

    /// A whole number.
    mutating func integer(_ node: Node, at path: String) -> Int? {
        guard let value = decimal(node, at: path) else { return nil }
        guard value.isWhole else {
            error(path, node.mark, "expected a whole number, got \(value)")
            return nil
        }
        guard value.magnitude <= Decimal(Int32.max) else {
            error(path, node.mark, "\(value) is too large")
            return nil
        }
        return NSDecimalNumber(decimal: value).intValue
    }

    mutating func boolean(_ node: Node, at path: String) -> Bool? {
        record(path, node.mark)
        if case .scalar(let scalar) = node, scalar.style == .plain {
            if ["true", "True", "TRUE"].contains(scalar.string) { return true }
            if ["false", "False", "FALSE"].contains(scalar.string) { return false }
        }
        error(path, node.mark, "expected true or false, got \(Self.describe(node))")
        return nil
    }

    /// One of an enumeration's raw values, with a suggestion when misspelt.
    mutating func choice<Value: RawRepresentable & CaseIterable>(
        _ node: Node, at path: String, _ what: String
    ) -> Value? where Value.RawValue == String {
        guard let text = string(node, at: path) else { return nil }
        if let value = Value(rawValue: text) { return value }
        let allowed = Value.allCases.map(\.rawValue)
        error(
            path, node.mark,
            "unknown \(what) '\(text)'\(Suggestions.hint(for: text, among: allowed)); "
                + "use one of \(allowed.joined(separator: ", "))")
        return nil
    }

    /// An `{id: coefficient, ...}` mapping, in document order: the terms that decoded, and whether all did.
    mutating func terms(_ node: Node, at path: String) -> (terms: [Term], complete: Bool)? {
        record(path, node.mark)
        guard case .mapping(let mapping) = node else {
            error(
                path, node.mark, "expected a mapping of lever or metric id to coefficient, got \(Self.describe(node))")
            return nil
        }
        var terms: [Term] = []
        var complete = true
        for (keyNode, value) in mapping {
            guard let id = string(keyNode, at: path) else {
                complete = false
                continue
            }
            let termPath = DocumentPath.key(path, id)
            record(termPath, keyNode.mark)
            if let coefficient = decimal(value, at: termPath) {
                terms.append(Term(id, coefficient))
            } else {
                complete = false
            }
        }
        return (terms, complete)
    }
}

/// The text of a number, checked before `Decimal` reads it so that nothing is rounded or guessed.
enum NumberText {
    enum Parsed: Equatable {
        case number(Decimal)
        case nonFinite, notANumber, tooPrecise, outOfRange
    }

    /// Made once: a `Locale` per number was a measurable share of a request.
    static let posix = Locale(identifier: "en_US_POSIX")

    static func parse(_ text: String) -> Parsed {
        // One pass over the bytes: sign? digits [. digits] | . digits, then an optional exponent.
        // A number of up to 19 digits from its first non-zero one (every number of a real scenario)
        // is made from its digits; `Decimal(string:)`, ten times slower, makes the same Decimal
        // (NumberParsingTests) and reads the rest.
        let bytes = text.utf8
        var index = bytes.startIndex
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            index = bytes.index(after: index)
        }
        var mantissaDigits = 0
        var fractionDigits = 0
        var sawDot = false
        // Digits from the first non-zero one, and from it to the last non-zero one.
        var fromFirstNonZero = 0
        var significant = 0
        var value: UInt64 = 0
        while index != bytes.endIndex {
            let c = bytes[index]
            if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                mantissaDigits += 1
                if sawDot { fractionDigits += 1 }
                if c != UInt8(ascii: "0") || fromFirstNonZero > 0 { fromFirstNonZero += 1 }
                if c != UInt8(ascii: "0") { significant = fromFirstNonZero }
                if fromFirstNonZero <= 19 { value = value &* 10 &+ UInt64(c - UInt8(ascii: "0")) }
            } else if c == UInt8(ascii: "."), !sawDot {
                sawDot = true
            } else {
                break
            }
            index = bytes.index(after: index)
        }
        guard mantissaDigits > 0 else { return notANumber(text) }
        var exponent = 0
        if index != bytes.endIndex, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index = bytes.index(after: index)
            var negativeExponent = false
            if index != bytes.endIndex, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                negativeExponent = bytes[index] == UInt8(ascii: "-")
                index = bytes.index(after: index)
            }
            var exponentDigits = 0
            while index != bytes.endIndex, bytes[index] >= UInt8(ascii: "0") && bytes[index] <= UInt8(ascii: "9") {
                exponent = Swift.min(exponent * 10 + Int(bytes[index] - UInt8(ascii: "0")), 100_000)
                exponentDigits += 1
                index = bytes.index(after: index)
            }
            guard exponentDigits > 0 else { return notANumber(text) }
            if negativeExponent { exponent = -exponent }
        }
        guard index == bytes.endIndex else { return notANumber(text) }

        if significant > 38 { return .tooPrecise }
        if abs(exponent) > 100 { return .outOfRange }
        let scale = exponent - fractionDigits
        if fromFirstNonZero <= 19, (-100...100).contains(scale) {
            // Zero keeps its written exponent in `Decimal(string:)` ("0.00" is 0 × 10⁻²); only a
            // plain zero is the same as `Decimal()`.
            if value != 0 {
                return .number(Decimal(sign: negative ? .minus : .plus, exponent: scale, significand: Decimal(value)))
            }
            if scale == 0 { return .number(Decimal()) }
        }
        guard let parsed = Decimal(string: text, locale: posix), !parsed.isNaN else { return .outOfRange }
        return .number(parsed)
    }

    /// Text that is not a plain decimal: infinity or NaN as YAML or C spell them, or not a number.
    private static func notANumber(_ text: String) -> Parsed {
        let lowered = text.lowercased()
        let bare = lowered.hasPrefix("+") || lowered.hasPrefix("-") ? String(lowered.dropFirst()) : lowered
        return [".inf", "inf", "infinity", ".nan", "nan"].contains(bare) ? .nonFinite : .notANumber
    }
}
