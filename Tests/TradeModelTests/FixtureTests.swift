import Foundation
import Testing
import TradeModel

@Suite("Invalid fixtures: every rule, every problem at once")
struct InvalidFixtureTests {
    static let fixtures = Fixture.all(in: "invalid")

    @Test("there is a fixture for each rule")
    func fixturesExist() {
        // One file per rule of the validation list; fewer means the folder was not found or files went missing.
        #expect(Self.fixtures.count >= 60)
        #expect(Self.fixtures.allSatisfy { !$0.expected.isEmpty }, "every invalid fixture states what it expects")
    }

    @Test(arguments: fixtures)
    func reportsExactlyTheExpectedErrors(_ fixture: Fixture) {
        let errors: [Diagnostic]
        do {
            let loaded = try ScenarioDecoder.decode(contentsOf: fixture.url)
            Issue.record("\(fixture.name) decoded without errors: \(loaded.scenario.name)")
            return
        } catch {
            errors = error.errors
        }
        for expectation in fixture.expected {
            let found = errors.contains { $0.path == expectation.path && $0.message.contains(expectation.message) }
            #expect(found, "missing \(expectation.path): \(expectation.message)\ngot:\n\(render(errors))")
        }
        if !fixture.allowsMore {
            let unexpected = errors.filter { error in
                !fixture.expected.contains { error.path == $0.path && error.message.contains($0.message) }
            }
            #expect(unexpected.isEmpty, "unexpected errors:\n\(render(unexpected))")
        }
        for (path, line) in fixture.lines {
            let diagnostic = errors.first { $0.path == path }
            #expect(
                diagnostic?.line == line, "\(path) should be on line \(line), got \(String(describing: diagnostic))")
        }
    }

    private func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { "  \($0.path): \($0.message)" }.joined(separator: "\n")
    }
}

@Suite("Warning fixtures: decode, and say what will not happen")
struct WarningFixtureTests {
    static let fixtures = Fixture.all(in: "warnings")

    @Test("the warning fixtures are there")
    func fixturesExist() {
        #expect(Self.fixtures.count >= 5)
    }

    @Test(arguments: fixtures)
    func decodesWithTheExpectedWarnings(_ fixture: Fixture) throws {
        let loaded = try ScenarioDecoder.decode(contentsOf: fixture.url)
        #expect(!fixture.warnings.isEmpty)
        #expect(loaded.warnings.allSatisfy { $0.severity == .warning })
        for expectation in fixture.warnings {
            let found = loaded.warnings.contains {
                $0.path == expectation.path && $0.message.contains(expectation.message)
            }
            #expect(found, "missing warning \(expectation.path): \(expectation.message)\ngot: \(loaded.warnings)")
        }
        #expect(loaded.warnings.count == fixture.warnings.count, "got: \(loaded.warnings)")
    }
}
