import Dispatch
import Foundation
import Synchronization
import Testing
import TradeModel
import TestSupport

/// Decodes `text` within the time limit and returns its errors; records an issue if it decoded.
func errorsDecoding(_ text: String) -> [Diagnostic] {
    let outcome = withinTimeLimit { () -> Result<String, ScenarioError> in
        do throws(ScenarioError) { return .success(try ScenarioDecoder.decode(text).scenario.name) } catch {
            return .failure(error)
        }
    }
    switch outcome {
    case .success(let name)?:
        Issue.record("decoded without errors: \(name)")
        return []
    case .failure(let error)?: return error.errors
    case nil: return []
    }
}

@Suite("Hostile inputs: a clear error with its path, never a crash or a hang")
struct HostileInputTests {
    static let fixtures = Fixture.all(in: "hostile")
    static let folder = Fixture.packageRoot.appendingPathComponent("fixtures/hostile")

    @Test("the hostile corpus is there")
    func corpusExists() {
        #expect(Self.fixtures.count >= 14)
        #expect(Self.fixtures.allSatisfy { !$0.expected.isEmpty })
    }

    @Test(arguments: fixtures)
    func fixtureReportsItsError(_ fixture: Fixture) {
        let outcome = withinTimeLimit { () -> [Diagnostic]? in
            do throws(ScenarioError) {
                _ = try ScenarioDecoder.decode(contentsOf: fixture.url)
                return nil
            } catch {
                return error.errors
            }
        }
        guard let outcome else { return }
        guard let errors = outcome else {
            Issue.record("\(fixture.name) decoded without errors")
            return
        }
        for expectation in fixture.expected {
            #expect(
                errors.contains { $0.path == expectation.path && $0.message.contains(expectation.message) },
                "missing \(expectation.path): \(expectation.message)\ngot: \(errors.map(\.description))")
        }
        if !fixture.allowsMore {
            #expect(errors.count == fixture.expected.count, "got: \(errors.map(\.description))")
        }
        for (path, line) in fixture.lines {
            #expect(errors.first { $0.path == path }?.line == line, "\(path) should be on line \(line)")
        }
    }

    /// Files that cannot carry a header comment: what each must report, as `(file, message substring)`.
    static let headerless: [(String, String)] = [
        ("empty-file", "the document is empty"),
        ("binary-file", "is not UTF-8 text"),
    ]

    @Test(arguments: zip(headerless.map(\.0), headerless.map(\.1)))
    func headerlessFileReportsItsError(_ name: String, _ message: String) {
        let url = Self.folder.appendingPathComponent(name)
        #expect(FileManager.default.fileExists(atPath: url.path))
        let errors = withinTimeLimit { () -> [Diagnostic] in
            do throws(ScenarioError) {
                _ = try ScenarioDecoder.decode(contentsOf: url)
                return []
            } catch { return error.errors }
        }
        #expect(errors?.count == 1)
        #expect(errors?.first?.path == "")
        #expect(errors?.first?.message.contains(message) == true, "got \(String(describing: errors))")
    }

    @Test func directoryIsAClearError() {
        do throws(ScenarioError) {
            _ = try ScenarioDecoder.decode(contentsOf: Self.folder)
            Issue.record("a directory decoded")
        } catch {
            #expect(error.errors.count == 1)
            #expect(error.errors[0].message.contains("is a directory"), "got \(error)")
        }
    }

    @Test func missingFileIsAClearError() {
        do throws(ScenarioError) {
            _ = try ScenarioDecoder.decode(contentsOf: Self.folder.appendingPathComponent("no-such-file.yaml"))
            Issue.record("a missing file decoded")
        } catch {
            #expect(error.errors.count == 1)
            #expect(error.errors[0].message.contains("cannot read"))
        }
    }

    // MARK: - Generated documents

    /// 10,000 nested flow lists: libyaml stops at 1,000 levels itself, before Yams' recursive composer sees them.
    @Test func tenThousandNestedFlowLists() {
        let text = "levers: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let errors = errorsDecoding(text)
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("nests deeper than 64 levels") == true, "got \(errors)")
    }

    /// 10,000 nested block lists, written compactly: `- - - … x` on one line.
    @Test func tenThousandNestedBlockLists() {
        let text = "levers:\n" + String(repeating: "- ", count: 10_000) + "x\n"
        let errors = errorsDecoding(text)
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("nests deeper than 64 levels") == true, "got \(errors)")
    }

    /// 900 levels: under libyaml's limit, so Yams composes it recursively; our check stops it before the walk.
    @Test func nineHundredNestedMappings() {
        let text = "levers: " + String(repeating: "{a: ", count: 900) + "1" + String(repeating: "}", count: 900)
        let errors = errorsDecoding(text)
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("nests deeper than 64 levels") == true, "got \(errors)")
        // The path names where the limit was crossed: levers.a.a.… (64 levels below the root).
        #expect(errors.first?.path.hasPrefix("levers.a.a") == true)
    }

    /// The format's own nesting (about 5) is far from the limit: 64 levels exactly are accepted by the check.
    @Test func sixtyFourLevelsPassTheDepthCheck() {
        let text = "name: " + String(repeating: "[", count: 63) + "1" + String(repeating: "]", count: 63)
        let errors = errorsDecoding(text)
        #expect(!errors.contains { $0.message.contains("nests deeper") })
        #expect(errors.contains { $0.path == "name" && $0.message.contains("expected text, got a list") })
    }

    @Test func documentAboveTheByteLimit() {
        let padding = String(repeating: "# padding to make the document large\n", count: 30_000)
        #expect(padding.utf8.count > ScenarioLimits.maximumBytes)
        let errors = errorsDecoding(padding + "schema: renewal-trade/v1\n")
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("the largest scenario accepted is 1048576 bytes") == true)
    }

    @Test func fileAboveTheByteLimitIsNotRead() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID()).yaml")
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try #require(
            FileManager.default.createFile(atPath: url.path, contents: nil)
                ? FileHandle(forWritingAtPath: url.path) : nil)
        // A sparse 1 GiB file: reading it whole would take a gigabyte of memory.
        try handle.truncate(atOffset: 1 << 30)
        try handle.close()
        do throws(ScenarioError) {
            _ = try ScenarioDecoder.decode(contentsOf: url)
            Issue.record("a 1 GiB file decoded")
        } catch {
            #expect(error.errors.count == 1)
            #expect(error.errors[0].message.contains("1073741824 bytes; the largest scenario accepted is 1048576"))
        }
    }

    /// 5,001 levers: one more than a list may hold; rejected before the walk, at the list's path.
    @Test func moreLeversThanTheElementLimit() {
        let levers = String(
            repeating: "- {id: x, kind: consumption, max: 1}\n", count: ScenarioLimits.maximumElements + 1)
        let text = "schema: renewal-trade/v1\nlevers:\n" + levers
        #expect(text.utf8.count < ScenarioLimits.maximumBytes)
        let errors = errorsDecoding(text)
        #expect(errors.count == 1)
        #expect(errors.first?.path == "levers")
        #expect(errors.first?.message.contains("5001 entries; a list or mapping may hold at most 5000") == true)
    }

    /// A list of exactly 5,000 entries passes the limits and reaches the walk (which wants text there).
    @Test func listAtTheElementLimitIsWalked() {
        let list = Array(repeating: "1", count: ScenarioLimits.maximumElements).joined(separator: ", ")
        let text = "schema: renewal-trade/v1\nlevers:\n  - {id: a, kind: consumption, max: 1, note: [\(list)]}\n"
        let errors = errorsDecoding(text)
        #expect(!errors.contains { $0.message.contains("may hold at most") })
        #expect(errors.contains { $0.path == "levers[0].note" && $0.message.contains("expected text, got a list") })
        // One entry more, at the same place, is refused with that place's path.
        let over = text.replacingOccurrences(of: "note: [", with: "note: [1, ")
        #expect(errorsDecoding(over).map(\.path) == ["levers[0].note"])
    }

    /// Binary data given as text (already decoded with replacement characters) is a syntax error, not a crash.
    @Test func controlCharactersAreASyntaxError() {
        let errors = errorsDecoding("schema: \u{0}\u{1}\u{7f}\u{FFFD}")
        #expect(errors.count == 1)
        #expect(errors.first?.path == "")
    }

    @Test func invalidUTF8BytesAreRejected() {
        do throws(ScenarioError) {
            _ = try ScenarioDecoder.decode(Data([0x73, 0x3a, 0x20, 0xff, 0xfe]), source: "standard input")
            Issue.record("invalid UTF-8 decoded")
        } catch {
            #expect(
                error.errors.map(\.message) == [
                    "standard input is not UTF-8 text; a scenario is a YAML or JSON document"
                ])
        }
    }
}
