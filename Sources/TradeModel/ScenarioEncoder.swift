import Foundation
import Yams

/// Writes a ``Scenario`` as a `renewal-trade/v1` YAML document that ``ScenarioDecoder`` reads back
/// to an equal scenario.
///
/// Keys follow the order of the format's documentation, and small mappings (cost segments,
/// conditions, terms) are written in flow style, one line each, as the bundled models write them.
/// Defaults are left out where the decoder restores them exactly.
public enum ScenarioEncoder {
    /// The YAML text of `scenario`, ending with a newline.
    public static func yaml(_ scenario: Scenario) throws -> String {
        // Width -1: no line wrapping, so that every flow mapping stays on one line.
        try Yams.serialize(node: node(scenario), width: -1)
    }

    static func node(_ scenario: Scenario) -> Node {
        var pairs: [(Node, Node)] = [
            ("schema", text(scenario.schema)),
            ("name", text(scenario.name)),
            ("currency", text(scenario.currency)),
            ("termYears", Node(String(scenario.termYears))),
            ("baseline", block([("spend", number(scenario.baseline.spend))])),
            ("levers", .sequence(.init(scenario.levers.map(lever)))),
        ]
        if !scenario.metrics.isEmpty { pairs.append(("metrics", .sequence(.init(scenario.metrics.map(metric))))) }
        if !scenario.programs.isEmpty {
            pairs.append(("programs", .sequence(.init(scenario.programs.map(program)))))
        }
        pairs.append(("envelope", envelope(scenario.envelope)))
        pairs.append(("microsoft", microsoft(scenario.microsoft)))
        if !scenario.constraints.isEmpty {
            pairs.append(("constraints", .sequence(.init(scenario.constraints.map(constraint)))))
        }
        if !scenario.exclusive.isEmpty {
            let groups = scenario.exclusive.map { group in flowList(group.map(text)) }
            pairs.append(("exclusive", .sequence(.init(groups))))
        }
        pairs.append(("objective", text(scenario.objective.rawValue)))
        return block(pairs)
    }

    private static func lever(_ lever: Lever) -> Node {
        var pairs: [(Node, Node)] = [("id", text(lever.id)), ("kind", text(lever.kind.rawValue))]
        if lever.label != lever.id { pairs.append(("label", text(lever.label))) }
        pairs.append(("unit", text(lever.unit)))
        if lever.type == .binary { pairs.append(("type", "binary")) }
        if lever.step != 1 { pairs.append(("step", number(lever.step))) }
        if lever.type == .integer {
            pairs.append(("min", number(lever.min)))
            pairs.append(("max", number(lever.max)))
        }
        if !lever.cost.isEmpty {
            let segments = lever.cost.map { flow([("from", number($0.from)), ("perUnit", number($0.perUnit))]) }
            pairs.append(("cost", .sequence(.init(segments))))
        }
        if lever.value != 0 { pairs.append(("value", number(lever.value))) }
        if let note = lever.note { pairs.append(("note", text(note))) }
        appendNegotiability(lever, to: &pairs)
        return block(pairs)
    }

    private static func metric(_ metric: Metric) -> Node {
        var pairs: [(Node, Node)] = [("id", text(metric.id))]
        if metric.label != metric.id { pairs.append(("label", text(metric.label))) }
        pairs.append(("terms", terms(metric.terms)))
        if metric.constant != 0 { pairs.append(("constant", number(metric.constant))) }
        return block(pairs)
    }

    private static func program(_ program: Program) -> Node {
        var pairs: [(Node, Node)] = [("id", text(program.id)), ("element", text(program.element.rawValue))]
        if program.label != program.id { pairs.append(("label", text(program.label))) }
        if !program.requires.isEmpty { pairs.append(("requires", conditions(program.requires))) }
        if let contribution = program.contribution {
            var money: [(Node, Node)] = []
            if let rate = contribution.rate { money.append(("rate", number(rate))) }
            if let base = contribution.base { money.append(("base", text(base))) }
            money.append(("cap", number(contribution.cap)))
            pairs.append((Node(contribution.kind.rawValue), flow(money)))
        }
        if let expands = program.expandsEnvelope { pairs.append(("expandsEnvelope", number(expands))) }
        if let note = program.note { pairs.append(("note", text(note))) }
        return block(pairs)
    }

    private static func constraint(_ constraint: BuyerConstraint) -> Node {
        var pairs: [(Node, Node)] = [("id", text(constraint.id))]
        if constraint.label != constraint.id { pairs.append(("label", text(constraint.label))) }
        pairs.append(("terms", terms(constraint.terms)))
        if let equals = constraint.equals {
            pairs.append(("equals", number(equals)))
        } else {
            if let atLeast = constraint.atLeast { pairs.append(("atLeast", number(atLeast))) }
            if let atMost = constraint.atMost { pairs.append(("atMost", number(atMost))) }
        }
        appendNegotiability(constraint, to: &pairs)
        return block(pairs)
    }

    private static func envelope(_ envelope: Envelope) -> Node {
        let discount: Node =
            switch envelope.discount {
            case .unlimited: "true"
            case .none: "false"
            case .upTo(let maxPct): flow([("maxPct", number(maxPct))])
            }
        let tiers = envelope.tiers.map { tier in
            var pairs: [(Node, Node)] = [("id", text(tier.id)), ("maxPct", number(tier.maxPct))]
            if !tier.requires.isEmpty { pairs.append(("requires", conditions(tier.requires))) }
            return tier.requires.isEmpty ? flow(pairs) : block(pairs)
        }
        return block([("discount", discount), ("tiers", .sequence(.init(tiers)))])
    }

    private static func microsoft(_ side: MicrosoftSide) -> Node {
        var pairs: [(Node, Node)] = [("hurdle", number(side.hurdle))]
        appendNegotiability(side, to: &pairs)
        return block(pairs)
    }

    private static func appendNegotiability(_ limit: some NegotiableLimit, to pairs: inout [(Node, Node)]) {
        if let negotiable = limit.negotiable { pairs.append(("negotiable", Node(negotiable ? "true" : "false"))) }
        if let weight = limit.weight { pairs.append(("weight", number(weight))) }
    }

    private static func conditions(_ conditions: [Condition]) -> Node {
        let nodes = conditions.map { condition in
            let subject: (Node, Node) =
                switch condition.subject {
                case .lever(let id): ("lever", text(id))
                case .metric(let id): ("metric", text(id))
                }
            return flow([subject, (Node(condition.comparison.rawValue), number(condition.threshold))])
        }
        return .sequence(.init(nodes))
    }

    private static func terms(_ terms: [Term]) -> Node {
        flow(terms.map { (text($0.id), number($0.coefficient)) })
    }

    // MARK: - Scalars and collections

    /// A decimal in plain notation (`Decimal`'s description never uses an exponent), read back exactly.
    private static func number(_ value: Decimal) -> Node { Node(value.description) }

    /// A string that always reads back as a string: quoted when plain YAML would resolve it to
    /// something else (a number, a boolean, null) or could not carry it.
    private static func text(_ value: String) -> Node {
        let plain = Node(value)
        let resolvesToString = plain.int == nil && plain.float == nil && plain.bool == nil && plain.null == nil
        return resolvesToString ? plain : Node(value, .implicit, .doubleQuoted)
    }

    private static func block(_ pairs: [(Node, Node)]) -> Node { .mapping(.init(pairs, .implicit, .block)) }
    private static func flow(_ pairs: [(Node, Node)]) -> Node { .mapping(.init(pairs, .implicit, .flow)) }
    private static func flowList(_ nodes: [Node]) -> Node { .sequence(.init(nodes, .implicit, .flow)) }
}
