import Foundation
public import TradeModel
public import TradeSolver

/// The offer as one self-contained HTML page: inline CSS and SVG, no scripts, works offline.
public struct HTMLReport: Sendable {
    public let document: TradeDocument
    private let scenario: Scenario

    /// The page of a trade: `explanation` explains one in hand, `diagnosis` an infeasible one.
    public init(
        trade: Trade, scenario: Scenario, explanation: OfferExplanation? = nil, diagnosis: TradeDiagnosis? = nil
    ) {
        document = TradeDocument(trade: trade, scenario: scenario, explanation: explanation, diagnosis: diagnosis)
        self.scenario = scenario
    }

    private func money(_ value: Decimal) -> String { Formatting.amount(value) }

    public func render() -> String {
        var body = "<h1>\(escapeXML(document.scenario))</h1>\n"
        body += "<p class=\"status\">Status: <strong>\(document.status.rawValue)</strong> · objective \(document.objective.rawValue) · \(escapeXML(document.currency)), totals over the \(document.termYears)-year term</p>\n"
        if document.status == .optimal || document.status == .feasible {
            body += trade()
        } else {
            body += document.status == .infeasible
                ? "<p>No trade satisfies every limit of this scenario.</p>\n"
                : "<p>The search stopped at a limit before it found any trade.</p>\n"
            if let diagnosis = document.diagnosis {
                let why = diagnosis.hardOnly
                    ? "The scenario's fixed limits conflict on their own; no negotiable change can help."
                    : "These limits cannot all hold together; without any one of them a trade exists:"
                body += section("Why", "<p>\(escapeXML(why))</p>\n" + list(diagnosis.conflict.map { "\($0.path): \($0.description)\($0.hard ? " (fixed)" : "")" }))
                if !diagnosis.alternatives.isEmpty {
                    body += section("What would make a trade possible", list(diagnosis.alternatives.map(\.sentence)))
                }
            }
        }
        if !document.warnings.isEmpty { body += section("Warnings", list(document.warnings.map(\.description))) }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escapeXML(document.scenario)) — RenewalTrade offer</title>
            <style>
            body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d1d1f; line-height: 1.45; }
            h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
            .status { color: #555; } table { border-collapse: collapse; margin: 0.5rem 0; }
            td, th { padding: 0.25rem 0.8rem; border-bottom: 1px solid #eee; text-align: left; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
            .summary { font-size: 1.05rem; background: #f5f7fa; padding: 0.8rem 1rem; border-radius: 6px; }
            figure { margin: 1rem 0; } figcaption { color: #555; font-size: 0.9rem; }
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """
    }

    private func trade() -> String {
        var html = ""
        if let explanation = document.explanation {
            html += "<p class=\"summary\">\(escapeXML(explanation.summary))</p>\n"
        }
        html += "<table>\n"
        for (label, value) in [
            ("Buyer value", document.buyerValue ?? 0), ("Microsoft puts in", document.totalFromMicrosoft ?? 0),
            ("Commitments cost the buyer", document.totalCost ?? 0), ("Microsoft's net gain", document.microsoftNet ?? 0),
            ("Microsoft's hurdle", document.hurdle),
        ] {
            html += "<tr><td>\(label)</td><td class=\"n\">\(money(value))</td></tr>\n"
        }
        html += "</table>\n"
        html += figure(waterfall(), "From the plain renewal to the proposed trade: what Microsoft puts in, less what the commitments cost.")
        var rows = ""
        for lever in document.levers where lever.quantity != lever.minimum {
            rows += "<tr><td>\(escapeXML(lever.label))</td><td class=\"n\">\(money(lever.quantity))</td><td>\(escapeXML(lever.unit))</td><td class=\"n\">\(money(lever.cost))</td></tr>\n"
        }
        html += section(
            "Commitments",
            "<table><tr><th>Lever</th><th class=\"n\">Quantity</th><th>Unit</th><th class=\"n\">Cost</th></tr>\n\(rows)</table>\n"
                + list(document.explanation?.commitments.map(\.sentence) ?? []))
        html += section(
            "What Microsoft contributes",
            figure(contributionsChart(), "Each program's contribution against its cap.")
                + list(document.explanation?.contributions.map(\.sentence) ?? []))
        html += section(
            "The envelope",
            figure(envelopeChart(), "What the plain discount and the concessions use of the envelope.")
                + list(document.explanation?.envelope.map { [$0.sentence] } ?? []))
        if let explanation = document.explanation {
            html += section("Microsoft's side", "<p>\(escapeXML(explanation.microsoft.sentence))</p>\n")
            if !explanation.nearMisses.isEmpty { html += section("Near misses", list(explanation.nearMisses.map(\.sentence))) }
            if !explanation.bindingLimits.isEmpty { html += section("Binding limits", list(explanation.bindingLimits)) }
        }
        return html
    }

    private func section(_ title: String, _ content: String) -> String { "<h2>\(escapeXML(title))</h2>\n\(content)" }

    private func list(_ items: [String]) -> String {
        items.isEmpty ? "" : "<ul>\n" + items.map { "<li>\(escapeXML($0))</li>\n" }.joined() + "</ul>\n"
    }

    private func figure(_ svg: String, _ caption: String) -> String {
        "<figure>\n\(svg)\n<figcaption>\(escapeXML(caption))</figcaption>\n</figure>\n"
    }

    // MARK: Charts

    /// Steps from 0 (the plain renewal): each contribution and the discount up, each cost down.
    private func waterfall() -> String {
        var steps: [(String, Double)] = []
        for program in document.programs where program.contribution > 0 { steps.append((program.id, program.contribution.doubleValue)) }
        if let discount = document.discount, discount > 0 { steps.append(("discount", discount.doubleValue)) }
        for lever in document.levers where lever.cost > 0 { steps.append((lever.id, -lever.cost.doubleValue)) }
        var running = 0.0
        var totals = [0.0]
        for (_, amount) in steps {
            running += amount
            totals.append(running)
        }
        let low = min(0, totals.min() ?? 0), high = max(totals.max() ?? 0, 1)
        let columns = steps.count + 2
        let width = max(480, columns * 90), height = 330
        let top = 20.0, bottom = Double(height) - 80, barWidth = Double(width) / Double(columns) * 0.6
        func y(_ value: Double) -> Double { bottom - (value - low) / (high - low) * (bottom - top) }
        func x(_ index: Int) -> Double { (Double(index) + 0.2) * Double(width) / Double(columns) }
        var svg = SVG(width: width, height: height)
        svg.line(x1: 0, y1: y(0), x2: Double(width), y2: y(0))
        svg.rect(x: x(0), y: y(0) - 1, width: barWidth, height: 2, fill: "#888", title: "plain renewal: 0")
        svg.text("plain renewal", x: x(0) + barWidth / 2, y: bottom + 16, anchor: "middle", size: 11)
        for (index, (label, amount)) in steps.enumerated() {
            let from = totals[index], to = totals[index + 1]
            svg.rect(
                x: x(index + 1), y: y(max(from, to)), width: barWidth, height: abs(y(from) - y(to)),
                fill: amount >= 0 ? "#2e8b57" : "#c0392b", title: "\(label): \(amount >= 0 ? "+" : "")\(Formatting.amount(amount))")
            // Alternate label rows so that neighbouring labels never overlap.
            let row = Double((index + 1) % 2) * 34
            svg.text(label, x: x(index + 1) + barWidth / 2, y: bottom + 16 + row, anchor: "middle", size: 11)
            svg.text(Formatting.amount(amount), x: x(index + 1) + barWidth / 2, y: bottom + 30 + row, anchor: "middle", size: 10)
        }
        let total = totals.last ?? 0
        svg.rect(x: x(columns - 1), y: y(max(0, total)), width: barWidth, height: abs(y(0) - y(total)), fill: "#1f5fa8", title: "buyer value: \(Formatting.amount(total))")
        let lastRow = Double((columns - 1) % 2) * 34
        svg.text("buyer value", x: x(columns - 1) + barWidth / 2, y: bottom + 16 + lastRow, anchor: "middle", size: 11, weight: "bold")
        svg.text(Formatting.amount(total), x: x(columns - 1) + barWidth / 2, y: bottom + 30 + lastRow, anchor: "middle", size: 10, weight: "bold")
        return svg.render(label: "Waterfall from the plain renewal to the proposed trade")
    }

    /// One bar per program with money: its contribution over its cap.
    private func contributionsChart() -> String {
        let programs = scenario.programs.compactMap { program -> (String, Double, Double)? in
            guard let cap = program.contribution?.cap,
                let outcome = document.programs.first(where: { $0.id == program.id })
            else { return nil }
            return (program.id, outcome.contribution.doubleValue, cap.doubleValue)
        }
        let width = 720, row = 34, height = max(40, programs.count * row + 10)
        let largest = max(programs.map(\.2).max() ?? 1, 1)
        let left = 190.0, span = Double(width) - left - 150
        var svg = SVG(width: width, height: height)
        for (index, (id, contribution, cap)) in programs.enumerated() {
            let top = Double(index * row + 6)
            svg.text(id, x: 0, y: top + 16, size: 12)
            svg.rect(x: left, y: top, width: cap / largest * span, height: 22, fill: "#e3e7ec", title: "cap \(Formatting.amount(cap))")
            svg.rect(x: left, y: top, width: contribution / largest * span, height: 22, fill: "#2e8b57", title: "contribution \(Formatting.amount(contribution))")
            svg.text("\(Formatting.amount(contribution)) of \(Formatting.amount(cap))", x: left + span + 8, y: top + 16, size: 11)
        }
        return svg.render(label: "Program contributions against their caps")
    }

    /// A stacked bar: the discount and each concession, within the envelope's size.
    private func envelopeChart() -> String {
        let size = document.envelope?.size.doubleValue ?? 0
        var parts: [(String, Double)] = []
        if let discount = document.discount, discount > 0 { parts.append(("plain discount", discount.doubleValue)) }
        for program in document.programs where program.kind == .concession && program.contribution > 0 {
            parts.append((program.id, program.contribution.doubleValue))
        }
        let width = 720, height = 90
        let span = Double(width) - 20
        let scale = max(size, parts.reduce(0) { $0 + $1.1 }, 1)
        var svg = SVG(width: width, height: height)
        svg.rect(x: 10, y: 20, width: size / scale * span, height: 30, fill: "#e3e7ec", title: "envelope \(Formatting.amount(size))")
        let colours = ["#1f5fa8", "#2e8b57", "#8e44ad", "#d35400", "#16a085", "#7f8c8d"]
        var x = 10.0
        for (index, (label, amount)) in parts.enumerated() {
            let w = amount / scale * span
            svg.rect(x: x, y: 20, width: w, height: 30, fill: colours[index % colours.count], title: "\(label): \(Formatting.amount(amount))")
            if w > 60 { svg.text(label, x: x + 4, y: 40, size: 11) }
            x += w
        }
        svg.text("used \(Formatting.amount(document.envelope?.used ?? 0)) of \(Formatting.amount(size)) (tier \(document.envelope?.tier ?? "—"))", x: 10, y: 72, size: 12)
        return svg.render(label: "Envelope usage")
    }
}
