import Foundation
public import TradeModel
public import TradeSolver

/// A self-contained SVG of a value function: each linear piece as a solid line, each jump as a
/// dashed riser, breakpoints marked and labelled. No scripts, fonts or external references, so an
/// HTML report can inline it.
public struct StepChart: Sendable {
    /// The function drawn.
    public let function: ValueFunction
    /// The scenario, for the title and currency.
    public let scenario: Scenario
    /// Width and height in SVG user units.
    public var width: Double = 720
    /// The chart's height.
    public var height: Double = 400

    /// A chart of `function` on `scenario`.
    public init(function: ValueFunction, scenario: Scenario) {
        self.function = function
        self.scenario = scenario
    }

    /// The SVG document.
    public func render() -> String {
        let words = SweepWords(function: function, scenario: scenario)
        let (left, right, top, bottom) = (90.0, 20.0, 40.0, 50.0)
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let x0 = function.from.double
        let x1 = function.to.double
        var values = function.pieces.flatMap { [$0.valueAtStart, $0.valueAtEnd] }.compactMap { $0 }
        values += function.breakpoints.flatMap { [$0.valueBelow, $0.valueAbove] }.compactMap { $0 }
        var low = values.min() ?? 0
        var high = values.max() ?? 1
        low = Swift.min(low, 0)
        high = Swift.max(high, 0)
        if high - low < 1e-9 { high = low + 1 }
        let pad = (high - low) * 0.05
        low -= pad
        high += pad
        func sx(_ x: Double) -> Double { left + (x - x0) / Swift.max(x1 - x0, 1e-300) * plotWidth }
        func sy(_ y: Double) -> Double { top + (high - y) / (high - low) * plotHeight }
        func f(_ v: Double) -> String { String(format: "%.2f", v) }

        var svg: [String] = []
        svg.append(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" "
                + "viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\">")
        let what = function.objective == .balanced ? "Fair share" : "Buyer value"
        svg.append("<title>\(escape("\(what) as \(function.parameter) moves — \(scenario.name)"))</title>")
        svg.append("<rect x=\"0\" y=\"0\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"#ffffff\"/>")
        svg.append(
            "<text x=\"\(f(left))\" y=\"20\" font-size=\"13\" font-weight=\"bold\">"
                + "\(escape("\(what) (\(scenario.currency)) vs \(function.parameter)"))</text>")
        // Axes and ticks.
        svg.append(
            "<line x1=\"\(f(left))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(left + plotWidth))\" "
                + "y2=\"\(f(top + plotHeight))\" stroke=\"#333\"/>")
        svg.append("<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotHeight))\" stroke=\"#333\"/>")
        for i in 0...4 {
            let y = low + (high - low) * Double(i) / 4
            svg.append(
                "<line x1=\"\(f(left - 4))\" y1=\"\(f(sy(y)))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(sy(y)))\" "
                    + "stroke=\"#ddd\"/>")
            svg.append(
                "<text x=\"\(f(left - 6))\" y=\"\(f(sy(y) + 4))\" text-anchor=\"end\">\(escape(Formatting.amount(y.roundedMoney)))</text>")
            let x = function.from + (function.to - function.from) * Decimal(i) / 4
            svg.append(
                "<text x=\"\(f(sx(x.double)))\" y=\"\(f(top + plotHeight + 16))\" text-anchor=\"middle\">"
                    + "\(escape(words.number(x)))</text>")
        }
        if low < 0 && high > 0 {
            svg.append(
                "<line x1=\"\(f(left))\" y1=\"\(f(sy(0)))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(sy(0)))\" stroke=\"#999\"/>")
        }
        svg.append(
            "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 10))\" text-anchor=\"middle\">"
                + "\(escape(function.parameter))</text>")
        // The pieces.
        for piece in function.pieces {
            guard let a = piece.valueAtStart, let b = piece.valueAtEnd else {
                svg.append(
                    "<rect x=\"\(f(sx(piece.start.double)))\" y=\"\(f(top))\" "
                        + "width=\"\(f(Swift.max(1, sx(piece.end.double) - sx(piece.start.double))))\" "
                        + "height=\"\(f(plotHeight))\" fill=\"#f3d6d6\"><title>no trade</title></rect>")
                continue
            }
            if piece.start == piece.end {
                svg.append("<circle cx=\"\(f(sx(piece.start.double)))\" cy=\"\(f(sy(a)))\" r=\"2.5\" fill=\"#1f5fa8\"/>")
            } else {
                svg.append(
                    "<line x1=\"\(f(sx(piece.start.double)))\" y1=\"\(f(sy(a)))\" x2=\"\(f(sx(piece.end.double)))\" "
                        + "y2=\"\(f(sy(b)))\" stroke=\"#1f5fa8\" stroke-width=\"2.5\"/>")
            }
        }
        // Breakpoints: a dashed riser for a jump, a dot for a kink, and its number.
        for (index, point) in function.breakpoints.filter(\.changesValue).enumerated() {
            let x = sx(point.at.double)
            if let below = point.valueBelow, let above = point.valueAbove {
                if abs(above - below) > 1e-6 * Swift.max(1, abs(above), abs(below)) {
                    svg.append(
                        "<line x1=\"\(f(x))\" y1=\"\(f(sy(below)))\" x2=\"\(f(x))\" y2=\"\(f(sy(above)))\" "
                            + "stroke=\"#1f5fa8\" stroke-dasharray=\"4 3\"/>")
                    svg.append("<circle cx=\"\(f(x))\" cy=\"\(f(sy(below)))\" r=\"3\" fill=\"#ffffff\" stroke=\"#1f5fa8\"/>")
                }
                svg.append("<circle cx=\"\(f(x))\" cy=\"\(f(sy(above)))\" r=\"3\" fill=\"#1f5fa8\">"
                    + "<title>\(escape(words.summary(point)))</title></circle>")
                svg.append(
                    "<text x=\"\(f(x + 4))\" y=\"\(f(sy(Swift.max(above, below)) - 6))\" fill=\"#555\">\(index + 1)</text>")
            }
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n") + "\n"
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

extension Double {
    /// Rounded to whole units of money, for axis labels.
    fileprivate var roundedMoney: Decimal { cents(self.rounded()) }
}
