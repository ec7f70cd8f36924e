import Dispatch
import Foundation
import Synchronization
import Testing

/// The hostile corpus through the built binary: a documented exit status and a message, never a signal or a hang.
@Suite struct HostileInputCommandTests {
    static let folder = CommandRunner.root.appendingPathComponent("fixtures/hostile")
    static let files: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()

    /// Runs the binary on its own thread; a run longer than 30 s fails the test instead of hanging it.
    static func run(_ arguments: [String], input: String? = nil) -> CommandRunner.Result? {
        let result = Mutex<CommandRunner.Result?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread {
            result.withLock { $0 = try? CommandRunner.run(arguments, input: input) }
            done.signal()
        }.start()
        guard done.wait(timeout: .now() + 30) == .success else {
            Issue.record("trade \(arguments.joined(separator: " ")) did not finish within 30 s")
            return nil
        }
        return result.withLock { $0 }
    }

    @Test func corpusIsThere() {
        #expect(Self.files.count >= 16)
        #expect(Self.files.contains("binary-file") && Self.files.contains("empty-file"))
    }

    /// Every file is invalid input (exit 2) with its name on each diagnostic line.
    @Test(arguments: files)
    func validateReportsInvalidInput(_ name: String) {
        guard let result = Self.run(["validate", "fixtures/hostile/\(name)"]) else { return }
        #expect(result.status == 2, "\(name): \(result.standardError)")
        #expect(result.standardError.hasPrefix("fixtures/hostile/\(name):"), "\(result.standardError)")
        #expect(result.standardError.contains("trade: fixtures/hostile/\(name) is invalid"))
        #expect(result.standardOutput.isEmpty)
    }

    @Test func solveRefusesTheAliasBombQuickly() {
        guard let result = Self.run(["solve", "fixtures/hostile/alias-as-key-bomb.yaml"]) else { return }
        #expect(result.status == 2)
        #expect(result.standardError.contains("anchors (&name) and aliases (*name) are not supported"))
    }

    @Test func directoryIsAFileError() {
        guard let result = Self.run(["solve", "fixtures/hostile"]) else { return }
        #expect(result.status == 1)
        #expect(
            result.standardError == "trade: cannot read 'fixtures/hostile': it is a directory, not a scenario file\n")
    }

    @Test func binaryOnStandardInputIsInvalid() throws {
        let bytes = try Data(contentsOf: Self.folder.appendingPathComponent("binary-file"))
        // The runner sends text; invalid UTF-8 cannot travel as a Swift String, so write the bytes through a shell.
        let path = Self.folder.appendingPathComponent("binary-file").path
        #expect(!bytes.isEmpty)
        guard let result = Self.run(["validate", "-"], input: nil) else { return }
        // An empty standard input is an empty document.
        #expect(result.status == 2)
        #expect(result.standardError.contains("the document is empty"))
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "\"$0\" validate - < \"$1\"", CommandRunner.executable.path, path]
        let error = Pipe()
        shell.standardError = error
        shell.standardOutput = Pipe()
        try shell.run()
        let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 2)
        #expect(message.contains("standard input is not UTF-8 text"), "\(message)")
    }

    @Test func oversizedStandardInputIsRefused() {
        let text = String(repeating: "# padding\n", count: 110_000)
        guard let result = Self.run(["validate", "-"], input: text) else { return }
        #expect(result.status == 2)
        #expect(result.standardError.contains("the largest scenario accepted is 1048576 bytes"))
    }
}
