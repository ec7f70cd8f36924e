import Foundation
import Testing

/// `trade serve` is the trade-serve executable, run from `trade`'s folder by exec (ServeHandOff.swift).
/// The server itself is tested through `trade serve` in TradeServerTests (ServeProcessTests).
@Suite struct ServeHandOffTests {
    /// Collapses every run of white space, so that help text wrapped at different places compares.
    static func words(_ text: some StringProtocol) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// `trade --help` lists serve with trade's own copy of the abstract (trade does not link the
    /// server's command); it must say what `trade serve --help` says.
    @Test func listedAbstractIsTradeServesOwn() throws {
        let serveHelp = try CommandRunner.run(["serve", "--help"])
        #expect(serveHelp.status == 0)
        let overview = serveHelp.standardOutput.components(separatedBy: "\n\n").first { $0.hasPrefix("OVERVIEW:") }
        let abstract = Self.words(overview?.dropFirst("OVERVIEW:".count) ?? "")
        #expect(abstract.hasPrefix("Serve the solver over HTTP"), "\(serveHelp.standardOutput)")
        let list = try CommandRunner.run(["--help"])
        #expect(Self.words(list.standardOutput).contains("serve " + abstract), "\(list.standardOutput)")
    }

    /// The usage line names `trade serve`, as before the split, and both ways of asking for help agree.
    @Test func helpReadsAsTradeServe() throws {
        let flag = try CommandRunner.run(["serve", "--help"])
        let command = try CommandRunner.run(["help", "serve"])
        #expect(flag.standardOutput.contains("USAGE: trade serve [--host <host>]"), "\(flag.standardOutput)")
        #expect(command.status == 0)
        #expect(command.standardOutput == flag.standardOutput)
    }

    /// trade-serve carries its own copy of trade's version.
    @Test func versionIsTrades() throws {
        let trade = try CommandRunner.run(["--version"])
        let serve = try CommandRunner.run(["serve", "--version"])
        #expect(trade.status == 0 && serve.status == 0)
        #expect(!trade.standardOutput.isEmpty)
        #expect(serve.standardOutput == trade.standardOutput)
    }

    /// A bad option is reported by trade-serve's parser with trade's usage and exit status 64.
    @Test func usageErrorsNameTradeServe() throws {
        let result = try CommandRunner.run(["serve", "--no-such-flag"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("Unknown option '--no-such-flag'"), "\(result.standardError)")
        #expect(result.standardError.contains("trade serve --help"), "\(result.standardError)")
    }

    /// A symbolic link to `trade` elsewhere still finds trade-serve beside the real file; a hard link
    /// alone says what is missing and exits 1 instead of failing in some other way.
    @Test func findsTradeServeBesideTheRealFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "serve-hand-off-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let link = folder.appendingPathComponent("trade-link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: CommandRunner.executable)
        let linked = try CommandRunner.run(["serve", "--help"], executable: link)
        #expect(linked.status == 0, "\(linked.standardError)")
        #expect(linked.standardOutput.contains("--max-concurrent-solves"))

        let alone = folder.appendingPathComponent("trade")
        try FileManager.default.linkItem(at: CommandRunner.executable, to: alone)  // a hard link: same file, no trade-serve beside it
        let missing = try CommandRunner.run(["serve", "--port", "0"], executable: alone)
        #expect(missing.status == 1)
        #expect(
            missing.standardError.contains("trade: cannot start the HTTP service '\(folder.path)/trade-serve'"),
            "\(missing.standardError)")
        #expect(missing.standardError.contains("swift build --product trade-serve"))
        // Every other command is unaffected by the missing server.
        #expect(try CommandRunner.run(["validate", "models/readme-small.yaml"], executable: alone).status == 0)
    }
}
