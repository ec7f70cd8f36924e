import Foundation
import Optimization
public import TradeModel
public import TradeSolver

/// The offer as Markdown, for pasting into a memo.
public struct MarkdownReport: Sendable {
    public let document: TradeDocument

    /// The report of a trade: `explanation` explains one in hand, `diagnosis` an infeasible one.
    public init(
        trade: Trade, scenario: Scenario, explanation: OfferExplanation? = nil, diagnosis: TradeDiagnosis? = nil
    ) {
        document = TradeDocument(trade: trade, scenario: scenario, explanation: explanation, diagnosis: diagnosis)
    }

    public func render() -> String {
        let money: (Decimal) -> String = Formatting.amount
        var out = "# \(escape(document.scenario))\n\n"
        out += "Status: **\(document.status.rawValue)** · objective \(document.objective.rawValue) · \(document.currency), totals over the \(document.termYears)-year term\n"
        guard document.status == .optimal || document.status == .feasible else {
            out += document.status == .infeasible
                ? "\nNo trade satisfies every limit of this scenario.\n"
                : "\nThe search stopped at a limit before it found any trade.\n"
            if let diagnosis = document.diagnosis {
                out += "\n## Why\n\n\(escape(diagnosis.hardOnly ? "The scenario's fixed limits conflict on their own; no negotiable change can help." : "These limits cannot all hold together; without any one of them a trade exists:"))\n"
                out += list(diagnosis.conflict.map { "\($0.path): \($0.description)\($0.hard ? " (fixed)" : "")" })
                if !diagnosis.alternatives.isEmpty {
                    out += "\n## What would make a trade possible\n" + list(diagnosis.alternatives.map(\.sentence))
                }
            }
            return out + warnings()
        }
        if let explanation = document.explanation { out += "\n## The trade\n\n\(escape(explanation.summary))\n" }
        out += "\n| | \(document.currency) |\n| --- | ---: |\n"
        out += "| Buyer value | \(money(document.buyerValue ?? 0)) |\n"
        out += "| Microsoft puts in | \(money(document.totalFromMicrosoft ?? 0)) |\n"
        out += "| Commitments cost the buyer | \(money(document.totalCost ?? 0)) |\n"
        out += "| Microsoft's net gain | \(money(document.microsoftNet ?? 0)) |\n"
        out += "| Microsoft's hurdle | \(money(document.hurdle)) |\n"
        out += "\n## Commitments\n\n| Lever | Quantity | Unit | Cost to the buyer |\n| --- | ---: | --- | ---: |\n"
        for lever in document.levers where lever.quantity != lever.minimum {
            out += "| \(escape(lever.label)) | \(money(lever.quantity)) | \(escape(lever.unit)) | \(money(lever.cost)) |\n"
        }
        if let explanation = document.explanation {
            out += list(explanation.commitments.map(\.sentence))
            if !explanation.contributions.isEmpty {
                out += "\n## What Microsoft contributes\n\n| Program | Contribution | Stopped by |\n| --- | ---: | --- |\n"
                for reason in explanation.contributions {
                    out += "| \(escape(reason.label)) | \(money(reason.contribution)) | \(reason.limitedBy) |\n"
                }
                out += list(explanation.contributions.map(\.sentence))
            }
            if let envelope = explanation.envelope { out += "\n## The envelope\n\n\(escape(envelope.sentence))\n" }
            out += "\n## Microsoft's side\n\n\(escape(explanation.microsoft.sentence))\n"
            if !explanation.nearMisses.isEmpty {
                out += "\n## Near misses\n" + list(explanation.nearMisses.map(\.sentence))
            }
            if !explanation.bindingLimits.isEmpty {
                out += "\n## Binding limits\n" + list(explanation.bindingLimits)
            }
        }
        return out + warnings()
    }

    private func list(_ items: [String]) -> String {
        items.isEmpty ? "" : "\n" + items.map { "- \(escape($0))\n" }.joined()
    }

    private func warnings() -> String {
        document.warnings.isEmpty ? "" : "\n## Warnings\n" + list(document.warnings.map(\.description))
    }

    /// Keeps table pipes and emphasis characters literal.
    private func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if "|*_`[]<>".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
