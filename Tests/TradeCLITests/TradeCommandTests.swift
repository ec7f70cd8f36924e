import Foundation
import Testing

/// End-to-end: the built binary, its output and its documented exit statuses.
@Suite struct TradeCommandTests {
    @Test func solvesTheDefaultScenarioWithoutArguments() throws {
        let result = try CommandRunner.run([])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("Contoso EA renewal 2027\nStatus: optimal"))
        #expect(result.standardOutput.contains("Commitments"))
        #expect(result.standardError.isEmpty)
    }

    @Test func defaultScenarioIsTheBundledModel() throws {
        let bundled = try CommandRunner.run(["solve", "--format", "json"])
        let fromFile = try CommandRunner.run(["solve", "models/contoso-ea-renewal.yaml", "--format", "json"])
        #expect(bundled.status == 0)
        #expect(bundled.standardOutput == fromFile.standardOutput)
    }

    @Test func jsonOutputIsTheVersionedContract() throws {
        let result = try CommandRunner.run(["solve", "models/readme-small.yaml", "--format", "json"])
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as! [String: Any]
        #expect(object["format"] as? String == "renewal-trade-result/v1")
        #expect(object["status"] as? String == "optimal")
        for key in ["buyerValue", "microsoftNet", "levers", "programs", "discount", "envelope", "constraints"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let envelope = object["envelope"] as! [String: Any]
        #expect(Set(envelope.keys).isSuperset(of: ["tier", "size", "used"]))
        let levers = object["levers"] as! [[String: Any]]
        #expect(levers.allSatisfy { $0["id"] != nil && $0["quantity"] != nil && $0["cost"] != nil })
    }

    @Test func readsStandardInput() throws {
        let text = try String(contentsOf: CommandRunner.root.appendingPathComponent("models/readme-small.yaml"), encoding: .utf8)
        let result = try CommandRunner.run(["solve", "-", "--format", "json"], input: text)
        let fromFile = try CommandRunner.run(["solve", "models/readme-small.yaml", "--format", "json"])
        #expect(result.status == 0)
        #expect(result.standardOutput == fromFile.standardOutput)
    }

    @Test func invalidScenarioExitsTwoWithEveryProblem() throws {
        let scenario = """
            schema: renewal-trade/v1
            name: Broken
            currency: USD
            termYears: 3
            baseline: {spend: -5}
            levers:
              - {id: azure, kind: consumption, max: 10, step: 3}
            """
        let result = try CommandRunner.run(["solve", "-"], input: scenario)
        #expect(result.status == 2)
        #expect(result.standardError.contains("baseline.spend"))
        #expect(result.standardError.contains("levers[0].max"))
        #expect(result.standardOutput.isEmpty)
    }

    @Test func missingFileExitsOne() throws {
        let result = try CommandRunner.run(["solve", "no/such/file.yaml"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("cannot read 'no/such/file.yaml'"))
    }

    @Test func infeasibleScenarioExitsThree() throws {
        let result = try CommandRunner.run(["solve", "fixtures/solve/infeasible-headroom.yaml"])
        #expect(result.status == 3)
        #expect(result.standardOutput.contains("No trade satisfies every limit"))
    }

    /// The conflict worked out in the fixture's header: keeping 6M of the 12M forecast uncommitted
    /// caps Microsoft's gain at 600,000, below its 800,000 hurdle.
    @Test func infeasibleScenarioPrintsTheConflictAndWhatToRelax() throws {
        let result = try CommandRunner.run(["solve", "fixtures/solve/infeasible-headroom.yaml"])
        #expect(result.status == 3)
        let output = result.standardOutput
        #expect(output.contains("constraints[0].atLeast  keep-headroom atLeast 6,000,000"))
        #expect(output.contains("microsoft.hurdle        Microsoft's hurdle: its net gain must reach 800,000 USD"))
        #expect(output.contains("lower keep-headroom atLeast by 2,000,000 (from 6,000,000 to 4,000,000)"))
        #expect(output.contains("or lower Microsoft's hurdle by 200,000 USD (from 800,000 to 600,000)"))
        #expect(!output.contains("levers[0]"), "the lever's bounds play no part")
        #expect(result.standardError.isEmpty)
    }

    @Test func infeasibleJSONCarriesTheDiagnosis() throws {
        let result = try CommandRunner.run(["solve", "fixtures/solve/infeasible-headroom.yaml", "--format", "json"])
        #expect(result.status == 3)
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as! [String: Any]
        #expect(object["status"] as? String == "infeasible")
        let diagnosis = try #require(object["diagnosis"] as? [String: Any])
        #expect(diagnosis["hardOnly"] as? Bool == false)
        let conflict = try #require(diagnosis["conflict"] as? [[String: Any]])
        #expect(Set(conflict.compactMap { $0["path"] as? String }) == ["constraints[0].atLeast", "microsoft.hurdle"])
        let relaxation = try #require(diagnosis["relaxation"] as? [[String: Any]])
        #expect(relaxation.count == 1)
        #expect(relaxation.first?["path"] as? String == "microsoft.hurdle")
        #expect((relaxation.first?["suggested"] as? NSNumber)?.doubleValue == 600_000)
        // A feasible trade's document keeps the key, null (every key is always present).
        let feasible = try CommandRunner.run(["solve", "models/readme-small.yaml", "--format", "json"])
        let plain = try JSONSerialization.jsonObject(with: Data(feasible.standardOutput.utf8)) as! [String: Any]
        #expect(plain["diagnosis"] is NSNull)
    }

    /// The user's own --fix and --force are named as what-ifs: Contoso's 13 FTE-months of capacity
    /// cannot take a fixed 10 for the design partnership plus the 8 + 5 of the migrations the forced
    /// migration funding needs one of (at least 1 migration: 10 + 5 = 15 > 13).
    @Test func whatIfOptionsAreNamedInTheConflict() throws {
        let result = try CommandRunner.run([
            "solve", "models/contoso-ea-renewal.yaml", "--fix", "eng-fte-months=10", "--force", "migration-funding",
        ])
        #expect(result.status == 3)
        let output = result.standardOutput
        #expect(output.contains("--fix eng-fte-months=10    your what-if --fix"))
        #expect(output.contains("--force migration-funding  your what-if --force"))
        #expect(output.contains("programs[0].requires[0]"))
        #expect(output.contains("raise engineering-capacity atMost by 2 (from 13 to 15)"))
        #expect(output.contains("or drop --force migration-funding"))
    }

    @Test func hardOnlyConflictIsSaidPlainly() throws {
        let result = try CommandRunner.run(["solve", "fixtures/infeasible/hard-tiers-need-a-sponsor.yaml"])
        #expect(result.status == 3)
        #expect(result.standardOutput.contains("the scenario's fixed limits conflict on their own"))
        #expect(!result.standardOutput.contains("What would make a trade possible"))
    }

    @Test func badCommandLineExitsSixtyFour() throws {
        #expect(try CommandRunner.run(["solve", "--no-such-flag"]).status == 64)
        #expect(try CommandRunner.run(["solve", "--fix", "azure-commit"]).status == 64)
        #expect(try CommandRunner.run(["solve", "--time-limit", "-1"]).status == 64)
        #expect(try CommandRunner.run(["solve", "--format", "pdf"]).status == 64)
    }

    /// `trade serve` refuses limits that cannot work before it binds anything.
    @Test func serveRejectsUnusableLimits() throws {
        for arguments in [
            ["--max-concurrent-solves", "0"], ["--max-body-bytes", "0"], ["--max-time-limit", "0"],
            ["--queue-depth", "-1"], ["--port", "70000"], ["--log-level", "loud"],
        ] {
            let result = try CommandRunner.run(["serve", "--port", "0"] + arguments)
            #expect(result.status == 64, "\(arguments)")
        }
        let help = try CommandRunner.run(["serve", "--help"])
        #expect(help.status == 0)
        for flag in ["--host", "--port", "--max-body-bytes", "--max-time-limit", "--max-concurrent-solves", "--queue-depth"] {
            #expect(help.standardOutput.contains(flag), "\(flag)")
        }
    }

    @Test func unknownLeverInFixIsExplained() throws {
        let result = try CommandRunner.run(["solve", "--fix", "azure-comit=1000000"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("did you mean 'azure-commit'?"))
    }

    /// Forbidding a program is honoured: the trade reports it inactive with no contribution.
    @Test func whatIfFlagsChangeTheTrade() throws {
        let result = try CommandRunner.run([
            "solve", "--format", "json", "--forbid", "reference-credits", "--fix", "azure-commit=25000000",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as! [String: Any]
        let programs = object["programs"] as! [[String: Any]]
        let reference = programs.first { $0["id"] as? String == "reference-credits" }!
        #expect(reference["active"] as? Bool == false)
        #expect((reference["contribution"] as? NSNumber)?.doubleValue == 0)
        let levers = object["levers"] as! [[String: Any]]
        let azure = levers.first { $0["id"] as? String == "azure-commit" }!
        #expect((azure["quantity"] as? NSNumber)?.doubleValue == 25_000_000)
    }

    @Test func exportIsDeterministic() throws {
        let first = try CommandRunner.run(["export", "models/contoso-ea-renewal.yaml", "--format", "lp"])
        let second = try CommandRunner.run(["export", "models/contoso-ea-renewal.yaml", "--format", "lp"])
        #expect(first.status == 0)
        #expect(first.standardOutput == second.standardOutput)
        #expect(first.standardOutput.contains("Maximize"))
        #expect(first.standardOutput.contains("participation:"))
        let mps = try CommandRunner.run(["export", "models/contoso-ea-renewal.yaml", "--format", "mps"])
        #expect(mps.standardOutput.hasPrefix("* Objective sense: MAXIMIZE"))
    }

    @Test func outputFileIsWrittenWholeOrNotAtAll() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("trade-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let target = directory.appendingPathComponent("offer.json")
        let written = try CommandRunner.run(["solve", "--format", "json", "--output", target.path])
        #expect(written.status == 0)
        #expect(written.standardOutput.isEmpty)
        let data = try Data(contentsOf: target)
        #expect((try? JSONSerialization.jsonObject(with: data)) != nil)
        // An unwritable destination fails with status 1 and leaves nothing behind.
        let missing = directory.appendingPathComponent("no-such-dir/offer.json")
        let failed = try CommandRunner.run(["solve", "--output", missing.path])
        #expect(failed.status == 1)
        #expect(!FileManager.default.fileExists(atPath: missing.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["offer.json"])
    }

    @Test func helpDocumentsExitStatuses() throws {
        let result = try CommandRunner.run(["solve", "--help"])
        #expect(result.status == 0)
        for line in ["0   a trade was found", "2   the scenario is invalid", "3   the scenario is valid but infeasible",
            "4   a limit stopped the search"]
        {
            #expect(result.standardOutput.contains(line))
        }
    }

    /// A negative number after a numeric option is that option's value, so the option's own check
    /// answers ("must be a positive number"), not ArgumentParser's "Missing value".
    @Test(arguments: [
        (["solve", "--time-limit", "-1"], "--time-limit must be a positive number of seconds"),
        (["solve", "--gap", "-0.5"], "--gap must be a non-negative fraction"),
        (["sensitivity", "--step", "-1"], "--step must be a fraction above 0"),
        (["generate", "--levers", "-5"], "--levers must be at least 1"),
        (["serve", "--port", "-1"], "the port must be between 0 and 65535"),
    ])
    func negativeNumbersReachTheOptionsOwnCheck(_ arguments: [String], _ message: String) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 64)
        #expect(result.standardError.contains(message), "\(result.standardError)")
    }

    /// A sweep has no trade of its own: its help lists the statuses it can end with, not solve's.
    @Test func sweepHelpDocumentsItsOwnExitStatuses() throws {
        let result = try CommandRunner.run(["sweep", "--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("0   the sweep ran"))
        #expect(!result.standardOutput.contains("3   the scenario is valid but infeasible"))
    }

    /// Paragraphs are wrapped by the parser to the width, not broken in the source: no line of a
    /// help text ends where the next line's first word would still have fitted.
    @Test(arguments: ["--help", "solve --help", "export --help", "generate --help", "sensitivity --help", "sweep --help", "serve --help"])
    func helpParagraphsAreNotBrokenEarly(_ command: String) throws {
        let result = try CommandRunner.run(
            command.split(separator: " ").map(String.init), environment: ["COLUMNS": "80"])
        #expect(result.status == 0)
        let lines = result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count > 5)
        for (line, next) in zip(lines, lines.dropFirst()) {
            // Option tables and lists are indented; usage lines are not wrapped.
            guard !line.isEmpty, !next.isEmpty, !line.hasPrefix(" "), !next.hasPrefix(" "),
                !line.hasPrefix("USAGE"), let word = next.split(separator: " ").first
            else { continue }
            // ArgumentParser keeps each line shorter than the width: at most 79 of 80.
            #expect(line.count + 1 + word.count >= 80, "\(command): '\(line)' then '\(next)'")
        }
    }

    @Test func validateReportsValidScenarios() throws {
        let result = try CommandRunner.run(["validate", "models/contoso-ea-renewal.yaml"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("valid renewal-trade/v1 scenario 'Contoso EA renewal 2027'"))
    }
}

@Suite struct ValidateCommandTests {
    @Test func jsonVerdictListsEveryProblemWithItsPath() throws {
        let result = try CommandRunner.run(["validate", "fixtures/invalid/many-problems.yaml", "--format", "json"])
        #expect(result.status == 2)
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as! [String: Any]
        #expect(object["valid"] as? Bool == false)
        let diagnostics = object["diagnostics"] as! [[String: Any]]
        #expect(diagnostics.count >= 9)
        #expect(diagnostics.allSatisfy { ($0["path"] as? String) != nil && ($0["message"] as? String) != nil })
    }

    @Test func jsonVerdictForAValidScenario() throws {
        let result = try CommandRunner.run(["validate", "fixtures/warnings/rate-without-base.yaml", "--format", "json"])
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as! [String: Any]
        #expect(object["valid"] as? Bool == true)
        #expect((object["diagnostics"] as! [[String: Any]]).first?["severity"] as? String == "warning")
    }
}

@Suite struct LimitExitTests {
    /// A time limit that stops the search before any trade is found exits 4 and says so.
    @Test func noTradeWithinTheTimeLimitExitsFour() throws {
        let started = ContinuousClock.now
        let result = try CommandRunner.run([
            "solve", "fixtures/hard/market-split.yaml", "--time-limit", "1", "--no-near-misses", "--format", "json",
        ])
        #expect(result.status == 4, "\(result.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as! [String: Any]
        #expect(object["status"] as? String == "no-solution")
        #expect(object["termination"] as? String == "time-limit")
        #expect(object["buyerValue"] is NSNull)
        // Only a guard against a hang: the limit itself is measured in docs, not here.
        #expect(ContinuousClock.now - started < .seconds(60))
    }
}
