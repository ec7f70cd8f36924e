public import Foundation
import Yams

/// Reads a `renewal-trade/v1` document (YAML or JSON) into a validated ``Scenario``.
///
/// Unlike `Codable`, it does not stop at the first problem: every structural and semantic error is
/// reported at once, each with its path, line and column.
public enum ScenarioDecoder {
    /// Decodes and validates a document; throws every error found, with the warnings.
    public static func decode(_ text: String) throws(ScenarioError) -> LoadedScenario {
        try ScenarioLimits.checkText(text)
        try ScenarioLimits.checkAliases(text)
        let root: Node?
        let parser: Parser
        do {
            // The parser, not `Yams.compose`, so that it keeps the anchors alive for the limits check.
            // The basic resolver: the walker reads scalars itself, and the default resolver's regular
            // expressions (run to hash every mapping key for the duplicate check) cost more than the parse.
            // UTF-8 named: Yams' default reads the whole process environment on every parse.
            parser = try Parser(yaml: text, resolver: .basic, encoding: .utf8)
            root = try parser.singleRoot()
        } catch {
            throw ScenarioError(diagnostics: [syntaxDiagnostic(error)], isSyntaxError: true)
        }
        guard let root else {
            throw ScenarioError(diagnostics: [Diagnostic(.error, path: "", "the document is empty")])
        }
        let nodes = try withExtendedLifetime(parser) { () throws(ScenarioError) in try ScenarioLimits.checkTree(root) }
        let walker = Walker(nodes: nodes)
        let scenario = walker.scenario(root)
        let reader = walker.reader

        // Semantic checks under a path that already failed to decode would only repeat that error.
        let semantic = scenario.validate(unreliable: walker.unreliable).filter { diagnostic in
            !reader.failedPaths.contains { DocumentPath.isWithin(diagnostic.path, $0) }
        }.map { diagnostic in
            var placed = diagnostic
            let mark = reader.mark(for: diagnostic.path)
            placed.line = mark?.line
            placed.column = mark?.column
            return placed
        }
        let all = sortedByPosition(reader.diagnostics + semantic)
        if all.contains(where: { $0.severity == .error }) { throw ScenarioError(diagnostics: all) }
        return LoadedScenario(scenario: scenario, warnings: all)
    }

    /// Reads and decodes a file; an unreadable file is one error with an empty path.
    public static func decode(contentsOf url: URL) throws(ScenarioError) -> LoadedScenario {
        let data: Data
        do {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "it is a directory"])
            }
            // The size first, so that a huge file is refused without being read into memory.
            // nil when the file cannot be examined: reading it then throws the reason.
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int
            if let size, size > ScenarioLimits.maximumBytes {
                throw CocoaError(
                    .fileReadTooLarge,
                    userInfo: [
                        NSLocalizedDescriptionKey:
                            "it is \(size) bytes; the largest scenario accepted is \(ScenarioLimits.maximumBytes) bytes"
                    ])
            }
            // An empty file is not read: FoundationEssentials' Data(contentsOf:) leaks a 4 KiB buffer on one
            // (LeakSanitizer, docs/reliability.md).
            data = size == 0 ? Data() : try Data(contentsOf: url)
        } catch {
            throw ScenarioError(diagnostics: [
                Diagnostic(.error, path: "", "cannot read \(url.path): \(error.localizedDescription)")
            ])
        }
        return try decode(ScenarioLimits.text(of: data, source: url.path))
    }

    /// Decodes bytes read from a file or standard input: at most ``ScenarioLimits/maximumBytes``, UTF-8.
    public static func decode(_ data: Data, source: String) throws(ScenarioError) -> LoadedScenario {
        try decode(ScenarioLimits.text(of: data, source: source))
    }

    /// Document order; the sort is stable so problems at one place keep the order they were found in.
    private static func sortedByPosition(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { lhs, rhs in
            let left = (lhs.element.line ?? .max, lhs.element.column ?? .max, lhs.offset)
            let right = (rhs.element.line ?? .max, rhs.element.column ?? .max, rhs.offset)
            return left < right
        }.map(\.element)
    }

    private static func syntaxDiagnostic(_ error: any Error) -> Diagnostic {
        guard let yamlError = error as? YamlError else {
            return Diagnostic(.error, path: "", "cannot parse the document: \(error)")
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { " \($0.text)" } ?? ""
            if problem.hasPrefix("Maximum nesting level") {
                return Diagnostic(
                    .error, path: "",
                    "the document nests deeper than \(ScenarioLimits.maximumDepth) levels of lists and mappings",
                    line: mark.line, column: mark.column)
            }
            return Diagnostic(
                .error, path: "", "syntax error: \(problem)\(detail)", line: mark.line, column: mark.column)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return Diagnostic(
                .error, path: "", "duplicate key \(keys) in one mapping; each key may appear once",
                line: context.mark.line, column: context.mark.column)
        default:
            return Diagnostic(.error, path: "", "cannot parse the document: \(yamlError)")
        }
    }
}

/// Turns the node tree into a ``Scenario``, putting placeholders where a value failed so that the walk goes on.
private final class Walker {
    var reader: NodeReader
    /// Levers and metrics whose bounds or terms failed to decode: range checks that use them are skipped.
    var unreliable: Set<String> = []

    /// A walker for a tree of `nodes` nodes.
    init(nodes: Int) { reader = NodeReader(nodes: nodes) }

    func scenario(_ root: Node) -> Scenario {
        let keys = [
            "schema", "name", "currency", "termYears", "baseline", "levers", "metrics", "programs", "envelope",
            "microsoft", "constraints", "exclusive", "objective",
        ]
        guard let fields = reader.mapping(root, at: "", allowed: keys) else {
            return Scenario(name: "", currency: "", termYears: 0, baseline: Baseline(spend: 0), levers: [])
        }
        let schema =
            reader.required(fields, "schema", "write schema: \(Scenario.schemaIdentifier)")
            .flatMap { reader.string($0, at: "schema") } ?? ""
        let name =
            reader.required(fields, "name", "give the scenario a name")
            .flatMap { reader.string($0, at: "name") } ?? ""
        let currency =
            reader.required(fields, "currency", "give an ISO 4217 code such as USD")
            .flatMap { reader.string($0, at: "currency") } ?? ""
        let termYears =
            reader.required(fields, "termYears", "give the term in years, 1 to 10")
            .flatMap { reader.integer($0, at: "termYears") } ?? 0
        let baseline =
            reader.required(fields, "baseline", "give baseline: {spend: <renewal cost>}")
            .map { self.baseline($0) } ?? Baseline(spend: 0)
        let levers = list(
            reader.required(fields, "levers", "list at least one lever"), at: "levers", lever,
            placeholder: Lever(id: "", kind: .consumption, max: 0))
        let metrics = list(fields["metrics"], at: "metrics", metric, placeholder: Metric(id: "", terms: []))
        let programs = list(
            fields["programs"], at: "programs", program,
            placeholder: Program(id: "", element: .other, expandsEnvelope: 0))
        let envelope = fields["envelope"].map { self.envelope($0) } ?? Envelope()
        let microsoft = fields["microsoft"].map { self.microsoft($0) } ?? MicrosoftSide()
        let constraints = list(
            fields["constraints"], at: "constraints", constraint,
            placeholder: BuyerConstraint(id: "", terms: [], atMost: 0))
        let exclusive = fields["exclusive"].map { self.exclusive($0) } ?? []
        let objective: Objective =
            fields["objective"].flatMap { reader.choice($0, at: "objective", "objective") } ?? .buyerValue
        return Scenario(
            schema: schema, name: name, currency: currency, termYears: termYears, baseline: baseline,
            levers: levers, metrics: metrics, programs: programs, envelope: envelope, microsoft: microsoft,
            constraints: constraints, exclusive: exclusive, objective: objective)
    }

    /// Decodes each element of a list (none when absent). An element that fails keeps its place as `placeholder`,
    /// so that later elements keep their indices, and checks under its path are suppressed.
    private func list<Element>(
        _ node: Node?, at path: String, _ element: (Node, String) -> Element?, placeholder: Element
    ) -> [Element] {
        guard let node, let nodes = reader.sequence(node, at: path) else { return [] }
        return nodes.enumerated().map { index, child in
            let childPath = DocumentPath.index(path, index)
            if let decoded = element(child, childPath) { return decoded }
            reader.suppress(childPath)
            return placeholder
        }
    }

    private func baseline(_ node: Node) -> Baseline {
        guard let fields = reader.mapping(node, at: "baseline", allowed: ["spend"]) else { return Baseline(spend: 0) }
        let spend = reader.required(fields, "spend", "give what the renewal costs with no trade")
            .flatMap { reader.decimal($0, at: fields.path("spend")) }
        return Baseline(spend: spend ?? 0)
    }

    private func microsoft(_ node: Node) -> MicrosoftSide {
        guard let fields = reader.mapping(node, at: "microsoft", allowed: ["hurdle", "negotiable", "weight"]) else {
            return MicrosoftSide()
        }
        let (negotiable, weight) = negotiability(fields)
        return MicrosoftSide(
            hurdle: fields["hurdle"].flatMap { reader.decimal($0, at: fields.path("hurdle")) } ?? 0,
            negotiable: negotiable, weight: weight)
    }

    /// The optional `negotiable` and `weight` keys of a limit (an extension of the spec, for diagnoses).
    private func negotiability(_ fields: Fields) -> (Bool?, Decimal?) {
        let negotiable = fields["negotiable"].flatMap { reader.boolean($0, at: fields.path("negotiable")) }
        let weight = fields["weight"].flatMap { reader.decimal($0, at: fields.path("weight")) }
        return (negotiable, weight)
    }

    // MARK: - Levers and metrics

    private func lever(_ node: Node, at path: String) -> Lever? {
        let keys = [
            "id", "kind", "label", "unit", "type", "step", "min", "max", "cost", "value", "note", "negotiable", "weight",
        ]
        guard let fields = reader.mapping(node, at: path, allowed: keys) else { return nil }
        let id =
            reader.required(fields, "id", "give the lever an id such as azure-commit")
            .flatMap { reader.string($0, at: fields.path("id")) } ?? ""
        let kind: Lever.Kind =
            reader.required(fields, "kind", "one of \(Lever.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            .flatMap { reader.choice($0, at: fields.path("kind"), "kind") } ?? .consumption
        let label = fields["label"].flatMap { reader.string($0, at: fields.path("label")) }
        let unit = fields["unit"].flatMap { reader.string($0, at: fields.path("unit")) } ?? "units"
        let boundsBefore = reader.failedPaths.count
        let type: Lever.QuantityType =
            fields["type"].flatMap { reader.choice($0, at: fields.path("type"), "type") } ?? .integer
        // With the type unknown, whether max is required or forbidden would be a guess.
        let typeFailed = fields["type"] != nil && reader.failedPaths.last == fields.path("type")
        let step = fields["step"].flatMap { reader.decimal($0, at: fields.path("step")) } ?? 1
        if fields["step"] != nil, reader.failedPaths.last == fields.path("step") {
            // With the step unknown, "not a multiple of step" would be a guess.
            reader.suppress(fields.path("min"))
            reader.suppress(fields.path("max"))
        }
        var min: Decimal = 0
        var max: Decimal = step
        switch type {
        case .binary:
            for key in ["min", "max"] where fields[key] != nil {
                reader.error(
                    fields.path(key), fields[key]?.mark,
                    "a binary lever takes no \(key): its quantity is 0 or step; remove \(key)")
            }
        case .integer:
            min = fields["min"].flatMap { reader.decimal($0, at: fields.path("min")) } ?? 0
            let maxNode =
                typeFailed
                ? fields["max"]
                : reader.required(fields, "max", "an integer lever needs the largest quantity the buyer could commit")
            max = maxNode.flatMap { reader.decimal($0, at: fields.path("max")) } ?? min
        }
        if reader.failedPaths.count > boundsBefore { unreliable.insert(id) }
        let costBefore = reader.failedPaths.count
        let cost = list(
            fields["cost"], at: fields.path("cost"), costSegment, placeholder: CostSegment(from: 0, perUnit: 0))
        // A placeholder segment would make its neighbours look out of order or non-convex.
        if reader.failedPaths.count > costBefore { reader.suppress(fields.path("cost")) }
        let value = fields["value"].flatMap { reader.decimal($0, at: fields.path("value")) } ?? 0
        let note = fields["note"].flatMap { reader.string($0, at: fields.path("note")) }
        let (negotiable, weight) = negotiability(fields)
        return Lever(
            id: id, kind: kind, label: label, unit: unit, type: type, step: step, min: min, max: max, cost: cost,
            value: value, note: note, negotiable: negotiable, weight: weight)
    }

    private func costSegment(_ node: Node, at path: String) -> CostSegment? {
        guard let fields = reader.mapping(node, at: path, allowed: ["from", "perUnit"]) else { return nil }
        let from = reader.required(fields, "from", "give the quantity where this slope starts")
            .flatMap { reader.decimal($0, at: fields.path("from")) }
        let perUnit = reader.required(fields, "perUnit", "give the cost per unit from here on")
            .flatMap { reader.decimal($0, at: fields.path("perUnit")) }
        guard let from, let perUnit else { return nil }
        return CostSegment(from: from, perUnit: perUnit)
    }

    private func metric(_ node: Node, at path: String) -> Metric? {
        guard let fields = reader.mapping(node, at: path, allowed: ["id", "label", "terms", "constant"]) else {
            return nil
        }
        let id =
            reader.required(fields, "id", "give the metric an id such as migration-cost")
            .flatMap { reader.string($0, at: fields.path("id")) } ?? ""
        let label = fields["label"].flatMap { reader.string($0, at: fields.path("label")) }
        let terms = reader.required(fields, "terms", "give {lever-or-metric-id: coefficient, ...}")
            .flatMap { reader.terms($0, at: fields.path("terms")) }
        var constant: Decimal = 0
        var constantFailed = false
        if let node = fields["constant"] {
            constant = reader.decimal(node, at: fields.path("constant")) ?? 0
            constantFailed = reader.failedPaths.last == fields.path("constant")
        }
        if terms?.complete != true || constantFailed { unreliable.insert(id) }
        return Metric(id: id, label: label, terms: terms?.terms ?? [], constant: constant)
    }

    // MARK: - Conditions, programs, constraints

    private func conditions(_ fields: Fields) -> [Condition] {
        list(
            fields["requires"], at: fields.path("requires"), condition,
            placeholder: Condition(.lever(""), .atLeast, 0))
    }

    private func condition(_ node: Node, at path: String) -> Condition? {
        let keys = ["lever", "metric", "atLeast", "atMost"]
        guard let fields = reader.mapping(node, at: path, allowed: keys) else { return nil }
        var subject: Condition.Subject?
        switch (fields["lever"], fields["metric"]) {
        case (let lever?, nil):
            subject = reader.string(lever, at: fields.path("lever")).map { .lever($0) }
        case (nil, let metric?):
            subject = reader.string(metric, at: fields.path("metric")).map { .metric($0) }
        case (_?, _?):
            reader.error(path, fields.mark, "give either lever or metric, not both; split it into two conditions")
        case (nil, nil):
            reader.error(path, fields.mark, "name what the condition tests with lever: ID or metric: ID")
        }
        var comparison: (Condition.Comparison, Decimal)?
        switch (fields["atLeast"], fields["atMost"]) {
        case (let atLeast?, nil):
            comparison = reader.decimal(atLeast, at: fields.path("atLeast")).map { (.atLeast, $0) }
        case (nil, let atMost?):
            comparison = reader.decimal(atMost, at: fields.path("atMost")).map { (.atMost, $0) }
        case (_?, _?):
            reader.error(
                path, fields.mark, "give either atLeast or atMost, not both; split it into two conditions")
        case (nil, nil):
            reader.error(path, fields.mark, "give the threshold with atLeast: X or atMost: X")
        }
        guard let subject, let comparison else { return nil }
        return Condition(subject, comparison.0, comparison.1)
    }

    private func program(_ node: Node, at path: String) -> Program? {
        let keys = ["id", "element", "label", "requires", "funding", "concession", "expandsEnvelope", "note"]
        guard let fields = reader.mapping(node, at: path, allowed: keys) else { return nil }
        let id =
            reader.required(fields, "id", "give the program an id such as migration-funding")
            .flatMap { reader.string($0, at: fields.path("id")) } ?? ""
        let element: Program.Element =
            reader.required(
                fields, "element", "one of \(Program.Element.allCases.map(\.rawValue).joined(separator: ", "))"
            )
            .flatMap { reader.choice($0, at: fields.path("element"), "element") } ?? .other
        let label = fields["label"].flatMap { reader.string($0, at: fields.path("label")) }
        let requires = conditions(fields)
        var contribution: Contribution?
        if let funding = fields["funding"] {
            contribution = self.contribution(funding, at: fields.path("funding"), kind: .funding)
        }
        if let concession = fields["concession"] {
            if contribution != nil {
                reader.error(
                    fields.path("concession"), concession.mark,
                    "a program gives funding or concession, not both; split it into two programs")
            } else {
                contribution = self.contribution(concession, at: fields.path("concession"), kind: .concession)
            }
        }
        let expands = fields["expandsEnvelope"].flatMap { reader.decimal($0, at: fields.path("expandsEnvelope")) }
        let note = fields["note"].flatMap { reader.string($0, at: fields.path("note")) }
        return Program(
            id: id, element: element, label: label, requires: requires, contribution: contribution,
            expandsEnvelope: expands, note: note)
    }

    /// Always returns a contribution, with cap 0 when it failed, so that the program does not also read as empty.
    private func contribution(_ node: Node, at path: String, kind: Contribution.Kind) -> Contribution {
        guard let fields = reader.mapping(node, at: path, allowed: ["cap", "rate", "base"]) else {
            return Contribution(kind: kind, cap: 0)
        }
        let cap =
            reader.required(fields, "cap", "give the most this program contributes")
            .flatMap { reader.decimal($0, at: fields.path("cap")) } ?? 0
        let rate = fields["rate"].flatMap { reader.decimal($0, at: fields.path("rate")) }
        let base = fields["base"].flatMap { reader.string($0, at: fields.path("base")) }
        return Contribution(kind: kind, cap: cap, rate: rate, base: base)
    }

    private func constraint(_ node: Node, at path: String) -> BuyerConstraint? {
        let keys = ["id", "label", "terms", "atLeast", "atMost", "equals", "negotiable", "weight"]
        guard let fields = reader.mapping(node, at: path, allowed: keys) else { return nil }
        let id =
            reader.required(fields, "id", "give the constraint an id such as engineering-capacity")
            .flatMap { reader.string($0, at: fields.path("id")) } ?? ""
        let label = fields["label"].flatMap { reader.string($0, at: fields.path("label")) }
        let terms =
            reader.required(fields, "terms", "give {lever-or-metric-id: coefficient, ...}")
            .flatMap { reader.terms($0, at: fields.path("terms"))?.terms } ?? []
        var atLeast = fields["atLeast"].flatMap { reader.decimal($0, at: fields.path("atLeast")) }
        var atMost = fields["atMost"].flatMap { reader.decimal($0, at: fields.path("atMost")) }
        // A bound that failed to decode stands in as one that conflicts with nothing.
        if fields["atLeast"] != nil, atLeast == nil { atLeast = atMost ?? 0 }
        if fields["atMost"] != nil, atMost == nil { atMost = atLeast ?? 0 }
        let equals = fields["equals"].flatMap { reader.decimal($0, at: fields.path("equals")) }
        let (negotiable, weight) = negotiability(fields)
        let boundGiven = fields["atLeast"] != nil || fields["atMost"] != nil
        if let equalsNode = fields["equals"], boundGiven {
            reader.error(
                fields.path("equals"), equalsNode.mark,
                "equals stands alone; remove atLeast and atMost, or replace equals with them")
            return BuyerConstraint(
                id: id, label: label, terms: terms, equals: equals ?? 0, negotiable: negotiable, weight: weight)
        }
        if fields["equals"] != nil {
            return BuyerConstraint(
                id: id, label: label, terms: terms, equals: equals ?? 0, negotiable: negotiable, weight: weight)
        }
        // Neither bound given is left to validation, which reports it for scenarios built in code too.
        return BuyerConstraint(
            id: id, label: label, terms: terms, atLeast: atLeast, atMost: atMost, negotiable: negotiable,
            weight: weight)
    }

    // MARK: - Envelope and exclusive groups

    private func envelope(_ node: Node) -> Envelope {
        guard let fields = reader.mapping(node, at: "envelope", allowed: ["discount", "tiers"]) else {
            return Envelope()
        }
        var discount = Envelope.Discount.unlimited
        if let node = fields["discount"] {
            discount = self.discount(node, at: fields.path("discount"))
        }
        // Absent tiers get the default; an empty list stays empty, for validation to reject.
        let tiers =
            fields["tiers"] == nil
            ? Envelope.defaultTiers
            : list(fields["tiers"], at: fields.path("tiers"), tier, placeholder: Tier(id: "", maxPct: 0))
        return Envelope(discount: discount, tiers: tiers)
    }

    private func discount(_ node: Node, at path: String) -> Envelope.Discount {
        let fix = "write true, false or {maxPct: F}"
        switch node {
        case .scalar(let scalar) where scalar.style == .plain && ["true", "True", "TRUE"].contains(scalar.string):
            reader.record(path, node.mark)
            return .unlimited
        case .scalar(let scalar) where scalar.style == .plain && ["false", "False", "FALSE"].contains(scalar.string):
            reader.record(path, node.mark)
            return .none
        case .mapping:
            guard let fields = reader.mapping(node, at: path, allowed: ["maxPct"]) else { return .unlimited }
            let maxPct = reader.required(fields, "maxPct", "give the share of the baseline, such as 0.03")
                .flatMap { reader.decimal($0, at: fields.path("maxPct")) }
            return .upTo(maxPct: maxPct ?? 0)
        default:
            reader.error(path, node.mark, "expected true, false or a mapping, got \(NodeReader.describe(node)); \(fix)")
            return .unlimited
        }
    }

    private func tier(_ node: Node, at path: String) -> Tier? {
        guard let fields = reader.mapping(node, at: path, allowed: ["id", "maxPct", "requires"]) else { return nil }
        let id =
            reader.required(fields, "id", "give the tier an id such as account-team")
            .flatMap { reader.string($0, at: fields.path("id")) } ?? ""
        let maxPct =
            reader.required(fields, "maxPct", "give the share of the baseline this tier may concede")
            .flatMap { reader.decimal($0, at: fields.path("maxPct")) } ?? 0
        return Tier(id: id, maxPct: maxPct, requires: conditions(fields))
    }

    private func exclusive(_ node: Node) -> [[String]] {
        guard let groups = reader.sequence(node, at: "exclusive") else { return [] }
        return groups.enumerated().map { index, group in
            let path = DocumentPath.index("exclusive", index)
            guard let ids = reader.sequence(group, at: path) else { return [] }
            return ids.enumerated().map { position, id in
                reader.string(id, at: DocumentPath.index(path, position)) ?? ""
            }
        }
    }
}
