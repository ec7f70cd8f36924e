import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Every file the command writes is atomic: a run killed at any moment leaves the old file or the
/// new complete one, never a partial one. A killed run may leave its hidden temporary file
/// (`.NAME.trade-tmp-PID-N`); the next write to the same file removes it.
@Suite(.serialized) struct AtomicWriteCommandTests {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Starts `trade` and kills it with SIGKILL after `delay`; returns whether it was still running.
    static func runAndKill(_ arguments: [String], after delay: Duration) throws -> Bool {
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = arguments
        process.currentDirectoryURL = CommandRunner.root
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18)
        let running = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return running
    }

    /// Killed at 24 random moments across the whole run (start-up, search, rendering, writing),
    /// the HTML report is always the old complete file or a new complete one.
    @Test func killedSolveLeavesTheOldFileOrANewCompleteOne() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let scenario = directory.appendingPathComponent("jeroslow.yaml")
        try HardScenarios.referenceRenewal().write(to: scenario, atomically: true, encoding: .utf8)
        let report = directory.appendingPathComponent("report.html")
        let old = "<!-- the old report, complete -->\n"
        try old.write(to: report, atomically: true, encoding: .utf8)
        let arguments = ["solve", scenario.path, "--time-limit", "0.4", "--format", "html", "--output", report.path]
        var generator = SplitMix64(seed: 9)
        var killedWhileRunning = 0
        var replaced = 0
        for _ in 0..<24 {
            // 0–0.8 s: the command takes about 0.4–0.6 s, so some kills land after it finished.
            let delay = Duration.milliseconds(Int(generator.unit() * 800))
            if try Self.runAndKill(arguments, after: delay) { killedWhileRunning += 1 }
            let content = try String(contentsOf: report, encoding: .utf8)
            if content == old { continue }
            replaced += 1
            #expect(content.hasPrefix("<!DOCTYPE html>"), "partial file after a kill at \(delay)")
            #expect(content.hasSuffix("</html>\n"), "partial file after a kill at \(delay)")
            try old.write(to: report, atomically: true, encoding: .utf8)
        }
        #expect(killedWhileRunning > 0, "no kill landed while the command ran")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0 != "jeroslow.yaml" && $0 != "report.html" }
        // Anything left behind is a hidden temporary file of ours, never another name.
        #expect(leftovers.allSatisfy { $0.hasPrefix(".report.html.trade-tmp-") }, "\(leftovers)")
        // The next complete run removes them. Its limit is generous: 0.4 s from process start can pass
        // before the search starts on a loaded machine or under a sanitizer, and then no trade is written.
        let complete = arguments.map { $0 == "0.4" ? "5" : $0 }
        let result = try CommandRunner.run(complete)
        #expect(result.status == 0, "\(result.standardError)")
        let after = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(after == ["jeroslow.yaml", "report.html"])
        #expect(try String(contentsOf: report, encoding: .utf8).hasSuffix("</html>\n"))
    }

    /// Each writer of the CLI goes through the one atomic writer: each removes an abandoned
    /// temporary file of its target (of a process that no longer runs), and leaves one of a
    /// running process (this test's) alone.
    @Test(arguments: [
        ["solve", "fixtures/solve/tier-unlock.yaml", "--format", "json", "--output", "OUT"],
        ["export", "fixtures/solve/tier-unlock.yaml", "--output", "OUT"],
        ["sensitivity", "fixtures/solve/envelope-binding.yaml", "--svg", "OUT"],
        ["sensitivity", "fixtures/solve/envelope-binding.yaml", "--output", "OUT"],
        ["sweep", "fixtures/solve/tier-unlock.yaml", "--list", "--output", "OUT"],
        SweepCommandTests.threshold + ["--svg", "OUT"],
        SweepCommandTests.threshold + ["--output", "OUT"],
    ])
    func everyWriterIsAtomic(_ arguments: [String]) throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.file")
        // Pid 2^22 + 1 is above Linux's largest pid (pid_max ≤ 2^22), so no process has it.
        let abandoned = directory.appendingPathComponent(".out.file.trade-tmp-4194305-1")
        let live = directory.appendingPathComponent(".out.file.trade-tmp-\(getpid())-1")
        for url in [abandoned, live] { try "partial".write(to: url, atomically: false, encoding: .utf8) }
        let result = try CommandRunner.run(arguments.map { $0 == "OUT" ? output.path : $0 })
        #expect(result.status == 0, "\(arguments): \(result.standardError)")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(names == [live.lastPathComponent, "out.file"], "\(arguments)")
        #expect(try Data(contentsOf: output).count > 0)
    }

    /// A file that cannot be written is an error (exit 1), and the directory gets no temporary file.
    @Test func unwritableTargetIsAFileError() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent("missing-folder/out.json")
        let result = try CommandRunner.run(["solve", "fixtures/solve/tier-unlock.yaml", "--output", target.path])
        #expect(result.status == 1)
        #expect(result.standardError.contains("cannot write '\(target.path)'"), "\(result.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
}
