import Foundation

/// Just enough SVG for the report's charts: every chart is inline, with no external assets.
struct SVG {
    let width: Int
    let height: Int
    private var elements: [String] = []

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, title: String? = nil) {
        let tooltip = title.map { "<title>\(escapeXML($0))</title>" } ?? ""
        elements.append(
            "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(Swift.max(width, 0)))\" height=\"\(f(Swift.max(height, 0)))\" fill=\"\(fill)\">\(tooltip)</rect>")
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String = "#888", dashed: Bool = false) {
        elements.append(
            "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(stroke)\"\(dashed ? " stroke-dasharray=\"4 3\"" : "")/>")
    }

    mutating func text(_ content: String, x: Double, y: Double, anchor: String = "start", size: Int = 12, weight: String = "normal") {
        elements.append(
            "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\" font-size=\"\(size)\" font-weight=\"\(weight)\">\(escapeXML(content))</text>")
    }

    func render(label: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" style=\"width: 100%; max-width: \(width)px; height: auto\" role=\"img\" aria-label=\"\(escapeXML(label))\" font-family=\"system-ui, sans-serif\">\n"
            + elements.joined(separator: "\n") + "\n</svg>"
    }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }
}

/// Escapes text for XML and HTML.
func escapeXML(_ text: String) -> String {
    var escaped = ""
    for character in text {
        switch character {
        case "&": escaped += "&amp;"
        case "<": escaped += "&lt;"
        case ">": escaped += "&gt;"
        case "\"": escaped += "&quot;"
        case "'": escaped += "&#39;"
        default: escaped.append(character)
        }
    }
    return escaped
}
