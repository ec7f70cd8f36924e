import Foundation
import Testing

/// Hostile command lines for `trade sensitivity` and `trade sweep`: each is a clear error with a
/// documented exit status (64 for the command line, 2 for a parameter the scenario does not have),
/// never a crash, a hang or a report built from nonsense.
@Suite struct HostileArgumentCommandTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        var status: Int32
        var message: String
        var testDescription: String { arguments.dropFirst(2).joined(separator: " ") }
    }

    static let sensitivity = ["sensitivity", "fixtures/solve/envelope-binding.yaml"]
    static let sweep = ["sweep", "fixtures/solve/tier-unlock.yaml"]
    static let threshold = sweep + ["--param", "envelope.tiers.area-lead.requires.0.atLeast"]
    static let stepMessage = "--step must be a fraction above 0 and at most 1"

    static let cases: [Case] = [
        Case(arguments: sensitivity + ["--step", "0"], status: 64, message: stepMessage),
        Case(arguments: sensitivity + ["--step=-0.1"], status: 64, message: stepMessage),
        Case(arguments: sensitivity + ["--step", "nan"], status: 64, message: stepMessage),
        Case(arguments: sensitivity + ["--step", "inf"], status: 64, message: stepMessage),
        Case(arguments: sensitivity + ["--step", "1e308"], status: 64, message: stepMessage),
        Case(arguments: sensitivity + ["--step", "1.5"], status: 64, message: stepMessage),
        Case(arguments: sensitivity + ["--step", "ten"], status: 64, message: "--step"),
        Case(arguments: sensitivity + ["--time-limit", "nan"], status: 64, message: "--time-limit must be a positive"),
        Case(arguments: sensitivity + ["--time-limit", "0"], status: 64, message: "--time-limit must be a positive"),
        Case(
            arguments: sweep + ["--param", "programs.no-such-program.concession.cap", "--from", "0", "--to", "1"],
            status: 2, message: "no-such-program"),
        Case(
            arguments: sweep + [
                "--param", "levers.azure-commit.cost.1.perUnit" + String(repeating: ".x", count: 500), "--from", "0",
                "--to", "1",
            ], status: 2, message: "levers.azure-commit.cost.1.perUnit"),
        // A Cyrillic 'а' in "аrea-lead": looks the same, is another id.
        Case(
            arguments: sweep + ["--param", "envelope.tiers.\u{430}rea-lead.maxPct", "--from", "0", "--to", "1"],
            status: 2,
            message: "\u{430}rea-lead"),
        Case(arguments: sweep + ["--param", "levers.🚀.max", "--from", "0", "--to", "1"], status: 2, message: "🚀"),
        Case(
            arguments: sweep + [
                "--param", "levers.azure-commit.cost.99999999999999999999999.perUnit", "--from", "0", "--to", "1",
            ],
            status: 2, message: "99999999999999999999999"),
        Case(arguments: sweep + ["--param", "", "--from", "0", "--to", "1"], status: 2, message: "trade:"),
        Case(arguments: threshold + ["--from", "5", "--to", "5"], status: 64, message: "--from must be below --to"),
        Case(arguments: threshold + ["--from", "6", "--to", "5"], status: 64, message: "--from must be below --to"),
        Case(
            arguments: threshold + ["--from", "nan", "--to", "5"], status: 64, message: "--from 'nan' is not a number"),
        Case(arguments: threshold + ["--from", "0", "--to", "inf"], status: 64, message: "--to 'inf' is not a number"),
        Case(arguments: threshold + ["--from", "0", "--to", "1e308"], status: 64, message: "--to '1e308'"),
        Case(arguments: threshold + ["--from", "-1e308", "--to", "0"], status: 64, message: "--from '-1e308'"),
        Case(arguments: threshold + ["--from", "0", "--to", "2e15"], status: 64, message: "may not exceed 10^15"),
        Case(
            arguments: threshold + ["--from", "0", "--to", "4000000", "--tolerance", "0"], status: 64,
            message: "--tolerance must be positive"),
        Case(
            arguments: threshold + ["--from", "0", "--to", "4000000", "--tolerance=-1"], status: 64,
            message: "--tolerance must be positive"),
        Case(
            arguments: threshold + ["--from", "0", "--to", "4000000", "--tolerance", "5000000"], status: 64,
            message: "--tolerance must be smaller than the interval"),
        Case(
            arguments: threshold + ["--from", "0", "--to", "4000000", "--tolerance", "nan"], status: 64,
            message: "--tolerance 'nan' is not a number"),
        Case(
            arguments: threshold + ["--from", "0", "--to", "4000000", "--time-limit", "-1"], status: 64,
            message: "--time-limit"),
    ]

    @Test(arguments: cases)
    func clearErrorWithItsExitStatus(_ test: Case) {
        guard let result = HostileInputCommandTests.run(test.arguments) else { return }
        #expect(result.status == test.status, "\(result.standardError)")
        #expect(result.standardError.contains(test.message), "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
    }
}
