public import Foundation
import Yams

/// The largest scenario the decoder accepts. Anything beyond a limit is one clear error, found before the walk.
///
/// The limits are far above any real renewal (the bundled models have a few dozen elements and nest 5 deep)
/// and low enough that a hostile document cannot exhaust the stack, memory or time of a host.
public enum ScenarioLimits {
    /// The largest document, in UTF-8 bytes: 1 MiB. Yams composes 1 MiB of `[1,1,…]` into about 125 MB of
    /// nodes in 2.1 s (143 MB peak, debug build); 16 MiB took 1.9 GB and 57 s (see docs/reliability.md).
    public static let maximumBytes = 1024 * 1024
    /// The most entries in one list or mapping (levers, programs, metrics, constraints, terms, ...): 5,000.
    /// Validation grows quadratically with the number of levers and programs (see docs/reliability.md).
    public static let maximumElements = 5_000
    /// The most YAML nodes (scalars, lists and mappings) in one document: 500,000.
    public static let maximumNodes = 500_000
    /// The deepest nesting of lists and mappings; the format itself needs 5. libyaml stops at 1,000 on its own.
    public static let maximumDepth = 64
    /// The largest magnitude of any number (money, quantities, rates): 10¹⁵, so that sums and products in
    /// the solver's double precision never approach infinity.
    public static let maximumMagnitude: Decimal = 1_000_000_000_000_000

    /// Checks the raw text before it is parsed: its size.
    static func checkText(_ text: String) throws(ScenarioError) {
        let bytes = text.utf8.count
        if bytes > maximumBytes {
            throw ScenarioError(diagnostics: [
                Diagnostic(
                    .error, path: "",
                    "the document is \(bytes) bytes; the largest scenario accepted is \(maximumBytes) bytes (1 MiB)")
            ])
        }
    }

    /// Refuses, before parsing, a document that may hold both an anchor (`&name`) and an alias (`*name`).
    ///
    /// Yams resolves an alias to its anchored node and, while composing, hashes every mapping key to find
    /// duplicates: an alias bomb used as a key ("billion laughs") makes that hashing take exponential time
    /// inside `Yams.compose`, before any check on the tree could run. The scan is lexical and conservative:
    /// `&` or `*` followed by a name, after a line start, a space or one of `[{,:?-`. It can refuse a
    /// document with such text inside quotes or comments (write it without the leading space); it cannot
    /// miss a real anchor and alias pair.
    static func checkAliases(_ text: String) throws(ScenarioError) {
        var firstAnchorLine: Int?
        var sawAlias = false
        var line = 1
        var previous: UInt8 = UInt8(ascii: "\n")
        var pending: UInt8?  // '&' or '*' just seen in token position
        for byte in text.utf8 {
            if let indicator = pending {
                pending = nil
                let separators: [UInt8] = Array(" \t\r\n[]{},".utf8)
                if !separators.contains(byte) {
                    if indicator == UInt8(ascii: "&") {
                        if firstAnchorLine == nil { firstAnchorLine = line }
                    } else {
                        sawAlias = true
                    }
                    if sawAlias, let anchorLine = firstAnchorLine {
                        throw ScenarioError(diagnostics: [
                            Diagnostic(
                                .error, path: "",
                                "anchors (&name) and aliases (*name) are not supported; write each value out in full",
                                line: anchorLine, column: nil)
                        ])
                    }
                }
            }
            if byte == UInt8(ascii: "&") || byte == UInt8(ascii: "*") {
                let tokenStarts: [UInt8] = Array(" \t\r\n[{,:?-".utf8)
                if tokenStarts.contains(previous) { pending = byte }
            }
            if byte == UInt8(ascii: "\n") { line += 1 }
            previous = byte
        }
    }

    /// Checks the composed tree before the walk, iteratively so that no depth can overflow the stack:
    /// nesting, entries per collection, total nodes, and anchors (`&name`), which an alias (`*name`) needs.
    /// Returns the number of nodes.
    ///
    /// Aliases are rejected outright: the format never needs them, and a few lines of them ("billion laughs")
    /// would make any walk over the tree take exponential time. The parser keeps each anchor alive, so this
    /// must run while it exists; the anchored node is always met before any alias to it, in document order.
    @discardableResult
    static func checkTree(_ root: Node) throws(ScenarioError) -> Int {
        /// An open list or mapping. Its path is spelled from the stack only for an error: spelling
        /// one for every node was most of this check's time on a valid scenario.
        struct Frame {
            let node: Node
            let count: Int
            /// How its parent holds it: under a key's text, or at a position.
            let label: String?
            let position: Int
            var next = 0
        }
        func spell(_ stack: [Frame]) -> String {
            stack.dropFirst().reduce("") { path, frame in
                frame.label.map { DocumentPath.key(path, $0) } ?? DocumentPath.index(path, frame.position)
            }
        }
        func entries(_ node: Node) -> Int {
            switch node {
            case .mapping(let mapping): mapping.count
            case .sequence(let sequence): sequence.count
            case .scalar, .alias: 0
            }
        }
        func child(_ node: Node, at position: Int) -> (label: String?, node: Node)? {
            switch node {
            case .mapping(let mapping):
                let pair = mapping[mapping.index(mapping.startIndex, offsetBy: position)]
                let label: String? = if case .scalar(let key) = pair.key { key.string } else { nil }
                return (label, pair.value)
            case .sequence(let sequence):
                return (nil, sequence[sequence.index(sequence.startIndex, offsetBy: position)])
            case .scalar, .alias: return nil
            }
        }
        func fail(_ path: String, _ node: Node, _ message: String) -> ScenarioError {
            ScenarioError(diagnostics: [
                Diagnostic(.error, path: path, message, line: node.mark?.line, column: node.mark?.column)
            ])
        }
        /// The node's number of entries, once its own limits hold.
        func check(_ node: Node, depth: Int, path: () -> String) throws(ScenarioError) -> Int {
            if node.anchor != nil {
                throw fail(
                    path(), node, "anchors (&name) and aliases (*name) are not supported; write each value out in full")
            }
            if depth > maximumDepth {
                throw fail(path(), node, "the document nests deeper than \(maximumDepth) levels of lists and mappings")
            }
            let count = entries(node)
            if count > maximumElements {
                throw fail(path(), node, "\(count) entries; a list or mapping may hold at most \(maximumElements)")
            }
            return count
        }

        var nodes = 1
        var stack = [Frame(node: root, count: try check(root, depth: 0) { "" }, label: nil, position: 0)]
        while let top = stack.indices.last {
            guard stack[top].next < stack[top].count, let (label, node) = child(stack[top].node, at: stack[top].next)
            else {
                stack.removeLast()
                continue
            }
            let position = stack[top].next
            stack[top].next += 1
            nodes += 1
            if nodes > maximumNodes {
                throw fail(spell(stack), node, "the document has more than \(maximumNodes) values")
            }
            let count = try check(node, depth: stack.count) {
                let parent = spell(stack)
                return label.map { DocumentPath.key(parent, $0) } ?? DocumentPath.index(parent, position)
            }
            if count > 0 { stack.append(Frame(node: node, count: count, label: label, position: position)) }
        }
        return nodes
    }

    /// The text of a file or of standard input, checked for size and UTF-8 before it is parsed.
    static func text(of data: Data, source: String) throws(ScenarioError) -> String {
        if data.count > maximumBytes {
            throw ScenarioError(diagnostics: [
                Diagnostic(
                    .error, path: "",
                    "\(source) is \(data.count) bytes; the largest scenario accepted is \(maximumBytes) bytes (1 MiB)")
            ])
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ScenarioError(diagnostics: [
                Diagnostic(.error, path: "", "\(source) is not UTF-8 text; a scenario is a YAML or JSON document")
            ])
        }
        return text
    }
}
