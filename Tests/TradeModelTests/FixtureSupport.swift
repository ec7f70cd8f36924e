import Foundation
import Testing

/// A fixture file and what its header comment says the decoder must report.
struct Fixture: Sendable, CustomTestStringConvertible {
    /// One `# expect:` or `# warn:` line: the exact path and a substring of the message.
    struct Expectation: Sendable, Hashable {
        var path: String
        var message: String
    }

    var name: String
    var url: URL
    var expected: [Expectation]
    var warnings: [Expectation]
    /// `# line: PATH: N` lines: the 1-based line the diagnostic at PATH must carry.
    var lines: [String: Int]
    /// `# expect-more`: errors beyond the expected ones are allowed.
    var allowsMore: Bool

    var testDescription: String { name }

    /// The package root: the first directory up from this file with both `Package.swift` and `fixtures/`.
    static let packageRoot: URL = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            let manifest = directory.appendingPathComponent("Package.swift").path
            let fixtures = directory.appendingPathComponent("fixtures").path
            if FileManager.default.fileExists(atPath: manifest), FileManager.default.fileExists(atPath: fixtures) {
                return directory
            }
            directory.deleteLastPathComponent()
        }
        fatalError("no package root with fixtures/ above \(#filePath)")
    }()

    /// Every `.yaml` and `.json` file in `fixtures/<folder>`, sorted by name.
    static func all(in folder: String) -> [Fixture] {
        let directory = packageRoot.appendingPathComponent("fixtures").appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }.sorted().map {
            Fixture(url: directory.appendingPathComponent($0))
        }
    }

    init(url: URL) {
        self.url = url
        name = url.lastPathComponent
        expected = []
        warnings = []
        lines = [:]
        allowsMore = false
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("#") else { break }
            if line.hasPrefix("# expect-more") {
                allowsMore = true
            } else if let rest = line.dropPrefix("# expect: ") {
                expected.append(Self.expectation(rest))
            } else if let rest = line.dropPrefix("# warn: ") {
                warnings.append(Self.expectation(rest))
            } else if let rest = line.dropPrefix("# line: ") {
                let expectation = Self.expectation(rest)
                lines[expectation.path] = Int(expectation.message)
            }
        }
    }

    /// `PATH: MESSAGE`; a line starting with `: ` has the empty path of the whole document.
    private static func expectation(_ text: Substring) -> Expectation {
        guard let separator = text.range(of: ": ") else { return Expectation(path: String(text), message: "") }
        return Expectation(
            path: String(text[..<separator.lowerBound]), message: String(text[separator.upperBound...]))
    }
}

extension Substring {
    fileprivate func dropPrefix(_ prefix: String) -> Substring? {
        hasPrefix(prefix) ? dropFirst(prefix.count) : nil
    }
}
