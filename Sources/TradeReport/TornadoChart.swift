import Foundation

/// A tornado chart as a self-contained SVG: one horizontal bar pair per limit, the change of the
/// optimal buyer value when the limit moves down (left of or right of the centre line, by sign)
/// and up. No scripts, fonts or images from elsewhere.
public struct TornadoChart: Sendable {
    /// The document the chart draws.
    public let document: SensitivityDocument
    /// How many limits to draw, largest swing first.
    public var maximumBars: Int

    /// A chart of the `maximumBars` limits with the largest swing.
    public init(_ document: SensitivityDocument, maximumBars: Int = 15) {
        self.document = document
        self.maximumBars = maximumBars
    }

    /// The SVG text.
    public func render() -> String {
        let byPath = Dictionary(uniqueKeysWithValues: document.limits.map { ($0.path, $0) })
        let bars = document.ranking.compactMap { byPath[$0] }.filter { $0.global.swing > 0 }.prefix(maximumBars)
        let labelWidth = 330.0
        let plotWidth = 420.0
        let rowHeight = 26.0
        let top = 70.0
        let width = labelWidth + plotWidth + 40
        let height = top + Double(Swift.max(bars.count, 1)) * rowHeight + 40
        let largest = bars.map { $0.global.swing.doubleValue }.max() ?? 1
        let centre = labelWidth + plotWidth / 2
        let scale = (plotWidth / 2 - 10) / Swift.max(largest, 1e-9)
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
            <title>\(escape(document.scenario)): change of the optimal buyer value per limit</title>
            <rect width="100%" height="100%" fill="white"/>
            <text x="10" y="22" font-size="15" font-weight="bold">\(escape(document.scenario))</text>
            <text x="10" y="42">Change of the optimal buyer value (\(escape(document.currency))) when a limit moves \
            by -/+ \(escape(Formatting.percent(document.relativeStep))): down in orange, up in blue</text>

            """
        svg += "<line x1=\"\(centre)\" y1=\"\(top - 8)\" x2=\"\(centre)\" y2=\"\(height - 30)\" stroke=\"#333\"/>\n"
        for (row, entry) in bars.enumerated() {
            let y = top + Double(row) * rowHeight
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 15)\" text-anchor=\"end\">\(escape(entry.path))</text>\n"
            for (move, colour, offset) in [(entry.global.down, "#e8833a", 0.0), (entry.global.up, "#3a78e8", 10.0)] {
                guard let change = move.change?.doubleValue, change != 0 else { continue }
                let length = abs(change) * scale
                let x = change < 0 ? centre - length : centre
                svg +=
                    "<rect x=\"\(format(x))\" y=\"\(format(y + 2 + offset))\" width=\"\(format(length))\" "
                    + "height=\"9\" fill=\"\(colour)\"><title>\(escape(entry.path)) → \(move.value): "
                    + "\(change >= 0 ? "+" : "")\(escape(Formatting.amount(move.change!)))</title></rect>\n"
            }
        }
        if bars.isEmpty {
            svg +=
                "<text x=\"\(centre)\" y=\"\(top + 15)\" text-anchor=\"middle\">No limit changes the optimal buyer value by a step.</text>\n"
        }
        svg +=
            "<text x=\"\(centre)\" y=\"\(height - 12)\" text-anchor=\"middle\">0 (buyer value "
            + "\(escape(Formatting.amount(document.buyerValue))))</text>\n"
        return svg + "</svg>\n"
    }

    private func format(_ value: Double) -> String { String(format: "%.1f", value) }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
