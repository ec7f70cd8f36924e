import Foundation
import Optimization
public import TradeModel
public import TradeSolver

/// The trade as aligned text for a terminal, with the offer explained when an explanation is given.
public struct TextReport: Sendable {
    public let document: TradeDocument
    /// Bold headings through ANSI escapes; only for a terminal.
    public var colour: Bool

    /// The report of a trade: `explanation` explains one in hand, `diagnosis` an infeasible one.
    public init(
        trade: Trade, scenario: Scenario, explanation: OfferExplanation? = nil, diagnosis: TradeDiagnosis? = nil,
        colour: Bool = false
    ) {
        document = TradeDocument(trade: trade, scenario: scenario, explanation: explanation, diagnosis: diagnosis)
        self.colour = colour
    }

    private func heading(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }

    public func render() -> String {
        var sections = [header()]
        switch document.status {
        case .infeasible:
            sections.append("No trade satisfies every limit of this scenario.")
            if let diagnosis = document.diagnosis { sections += explanation(diagnosis) }
        case .noSolution:
            sections.append("The search stopped at a limit (\(document.termination.rawValue)) before it found any trade.")
        case .optimal, .feasible:
            if let explanation = document.explanation { sections.append(heading("The trade") + "\n" + wrap(explanation.summary)) }
            sections.append(summary())
            sections.append(commitments())
            if let explanation = document.explanation {
                sections.append(contentsOf: explained(explanation))
            } else {
                if !document.programs.isEmpty { sections.append(programs()) }
                sections.append(envelope())
            }
            if !document.constraints.isEmpty { sections.append(constraints()) }
        }
        if !document.warnings.isEmpty {
            sections.append(heading("Warnings") + "\n" + document.warnings.map { "  \($0.description)" }.joined(separator: "\n"))
        }
        return sections.joined(separator: "\n\n") + "\n"
    }

    /// The conflict in the scenario's words, then what would make a trade possible.
    private func explanation(_ diagnosis: TradeDocument.DiagnosisEntry) -> [String] {
        func table(_ limits: [ConflictingLimit]) -> String {
            var table = TextTable(columns: [("", .left), ("", .left)])
            table.rows = limits.map { [$0.path, $0.description] }
            return table.render().split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
                .joined(separator: "\n")
        }
        let soft = diagnosis.conflict.filter { !$0.hard }
        let hard = diagnosis.conflict.filter(\.hard)
        var sections: [String] = []
        if diagnosis.hardOnly {
            var text = "Why: the scenario's fixed limits conflict on their own; no negotiable change can help."
            text += hard.isEmpty ? "" : "\n" + table(hard)
            text += "\nChange the structure itself (a program's or tier's conditions, a limit marked negotiable: false)."
            sections.append(text)
            return sections
        }
        var why = "Why: these limits cannot all hold together; without any one of them a trade exists:\n" + table(soft)
        if soft.contains(where: \.whatIf) { why += "\nLimits marked \"your what-if\" come from the command line, not the scenario." }
        if !hard.isEmpty { why += "\nTogether with these fixed limits, which are not offered for change:\n" + table(hard) }
        sections.append(why)
        var fix = "What would make a trade possible:"
        if !diagnosis.alternatives.isEmpty {
            fix += "\n  " + diagnosis.alternatives.map(\.sentence).joined(separator: ",\n  or ") + "."
        }
        if !diagnosis.relaxation.isEmpty {
            fix += "\nLeast change overall (moves weighed by each limit's size and weight):\n  "
                + diagnosis.relaxation.map(\.sentence).joined(separator: ",\n  and ") + "."
        }
        if !diagnosis.verified { fix += "\n(Re-solving did not confirm every suggestion; treat them as estimates.)" }
        sections.append(fix)
        return sections
    }

    private func header() -> String {
        var status = document.status.rawValue
        if document.status == .feasible {
            let gap = document.gap.map { String(format: "%.4g%%", $0 * 100) } ?? "unknown"
            status += " (stopped by \(document.termination.rawValue), gap \(gap))"
        }
        let term = document.termYears == 1 ? "1-year term" : "\(document.termYears)-year term"
        return heading(document.scenario)
            + "\nStatus: \(status) · objective \(document.objective.rawValue) · \(document.currency), totals over the \(term)"
    }

    private func summary() -> String {
        let money: (Decimal) -> String = Formatting.amount
        let buyer = document.buyerValue ?? 0
        let net = document.microsoftNet ?? 0
        var lines = [
            "Buyer value          \(money(buyer))  (Microsoft puts in \(money(document.totalFromMicrosoft ?? 0)); the commitments cost \(money(document.totalCost ?? 0)))",
            "Microsoft net gain   \(money(net))  (hurdle \(money(document.hurdle)); \(money(net - document.hurdle)) above it)",
        ]
        if document.worseThanPlainRenewal && document.explanation == nil {
            lines.append(
                "This trade leaves the buyer worse off than the plain renewal by \(money(-buyer)): the scenario's minimums or Microsoft's hurdle force commitments that cost more than they bring.")
        }
        if !document.tieBreaksComplete && document.status == .optimal {
            lines.append("The value is optimal, but a limit stopped the tie-break passes that pick the trade giving up least.")
        }
        return lines.joined(separator: "\n")
    }

    private func commitments() -> String {
        var table = TextTable(columns: [("Lever", .left), ("Quantity", .right), ("Unit", .left), ("Minimum", .right), ("Cost", .right)])
        for lever in document.levers {
            table.rows.append([
                lever.id, Formatting.amount(lever.quantity), lever.unit, Formatting.amount(lever.minimum),
                Formatting.amount(lever.cost),
            ])
        }
        var text = heading("Commitments") + "\n" + table.render()
        if let explanation = document.explanation, !explanation.commitments.isEmpty {
            text += "\n\n" + explanation.commitments.map { bullet($0.sentence) }.joined(separator: "\n")
        }
        return text
    }

    private func explained(_ explanation: OfferExplanation) -> [String] {
        var sections: [String] = []
        if !document.programs.isEmpty { sections.append(programs()) }
        if !explanation.contributions.isEmpty {
            sections.append(heading("What Microsoft contributes") + "\n" + explanation.contributions.map { bullet($0.sentence) }.joined(separator: "\n"))
        }
        if let envelope = explanation.envelope { sections.append(heading("The envelope") + "\n" + bullet(envelope.sentence)) }
        sections.append(heading("Microsoft's side") + "\n" + bullet(explanation.microsoft.sentence))
        if !explanation.nearMisses.isEmpty {
            sections.append(heading("Near misses") + "\n" + explanation.nearMisses.map { bullet($0.sentence) }.joined(separator: "\n"))
        }
        if !explanation.bindingLimits.isEmpty {
            sections.append(heading("Binding limits") + "\n" + explanation.bindingLimits.map { bullet($0) }.joined(separator: "\n"))
        }
        return sections
    }

    private func programs() -> String {
        var table = TextTable(columns: [("Program", .left), ("Element", .left), ("Active", .left), ("Contribution", .right), ("Kind", .left)])
        for program in document.programs {
            let kind = program.kind?.rawValue ?? (program.envelopeExpansion > 0 ? "widens envelope by \(Formatting.amount(program.envelopeExpansion))" : "envelope")
            table.rows.append([
                program.id, program.element.rawValue, program.active ? "yes" : "no",
                Formatting.amount(program.contribution), program.active ? kind : "",
            ])
        }
        return heading("Programs") + "\n" + table.render()
    }

    private func envelope() -> String {
        guard let envelope = document.envelope else { return "" }
        let discount = document.discount ?? 0
        return heading("Envelope") + """

              Tier \(envelope.tier): size \(Formatting.amount(envelope.size)), used \(Formatting.amount(envelope.used)) \
            (plain discount \(Formatting.amount(discount)), concessions \(Formatting.amount(envelope.used - discount)))
            """
    }

    private func constraints() -> String {
        var table = TextTable(columns: [("Constraint", .left), ("Activity", .right), ("Slack", .right), ("", .left)])
        for constraint in document.constraints {
            table.rows.append([
                constraint.id, Formatting.amount(constraint.activity), Formatting.amount(constraint.slack),
                constraint.binding ? "binding" : "",
            ])
        }
        return heading("Buyer constraints") + "\n" + table.render()
    }

    private func bullet(_ text: String) -> String {
        let lines = wrap(text, width: 96).split(separator: "\n")
        return lines.enumerated().map { ($0.offset == 0 ? "  - " : "    ") + $0.element }.joined(separator: "\n")
    }
}

/// Wraps text at word boundaries.
func wrap(_ text: String, width: Int = 100) -> String {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
        if !line.isEmpty && line.count + 1 + word.count > width {
            lines.append(line)
            line = ""
        }
        line += (line.isEmpty ? "" : " ") + word
    }
    if !line.isEmpty { lines.append(line) }
    return lines.joined(separator: "\n")
}
