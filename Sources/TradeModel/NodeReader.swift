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
    let entries: [(key: String, keyNode: Node, value: Node)]

    /// The value under `key`, or nil when the key is absent or its value is null.
    subscript(key: String) -> Node? {
        guard let value = entries.first(where: { $0.key == key })?.value else { return nil }
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
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
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
            if ["true", "false", "True", "False", "TRUE", "FALSE"].contains(scalar.string) {
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
        var entries: [(key: String, keyNode: Node, value: Node)] = []
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
            entries.append((key, keyNode, value))
        }
        return Fields(path: path, mark: node.mark, entries: entries)
    }

    /// The value under a required key; reports its absence at the key's path.
    mutating func required(_ fields: Fields, _ key: String, _ fix: String) -> Node? {
        if let value = fields[key] { return value }
        error(fields.path(key), fields.mark, "missing required key '\(key)'; \(fix)")
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
        if scalar.style == .plain, ["true", "false", "True", "False", "TRUE", "FALSE"].contains(scalar.string) {
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
            guard value.magnitude <= ScenarioLimits.maximumMagnitude else {
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
        guard var value = decimal(node, at: path) else { return nil }
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .plain)
        guard rounded == value else {
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
        let lowered = text.lowercased()
        let bare = lowered.hasPrefix("+") || lowered.hasPrefix("-") ? String(lowered.dropFirst()) : lowered
        if [".inf", "inf", "infinity", ".nan", "nan"].contains(bare) { return .nonFinite }

        // sign? digits [. digits] | . digits, then an optional exponent.
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
        guard let value = Decimal(string: text, locale: posix), !value.isNaN else { return .outOfRange }
        return .number(value)
    }
}
