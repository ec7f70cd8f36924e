import Foundation
import Testing
import TradeModel

/// Keeps `schema/renewal-trade-v1.schema.json` in step with the decoder, checked with the Python
/// `jsonschema` package (Debian's python3-jsonschema, installed by scripts/install-dependencies).
@Suite struct SchemaTests {
    static let root = Fixture.packageRoot

    /// Runs scripts/check-schema.py and returns, per file name, whether the schema accepted it.
    static func schemaVerdicts(_ files: [URL]) throws -> [String: Bool] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [
            root.appendingPathComponent("scripts/check-schema.py").path,
            root.appendingPathComponent("schema/renewal-trade-v1.schema.json").path,
        ] + files.map(\.path)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var verdicts: [String: Bool] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let words = line.split(separator: " ", maxSplits: 1)
            guard words.count == 2 else { continue }
            let file = String(words[1].split(separator: ":").first ?? "")
            let name = URL(fileURLWithPath: file).lastPathComponent
            if words[0] == "ok" { verdicts[name] = verdicts[name] ?? true }
            if words[0] == "invalid" { verdicts[name] = false }
        }
        return verdicts
    }

    static func files(in folder: String) -> [URL] {
        let directory = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }.sorted()
            .map { directory.appendingPathComponent($0) }
    }

    @Test func modelsAndValidFixturesPassTheSchemaAndTheDecoder() throws {
        let files = Self.files(in: "models") + Self.files(in: "fixtures/valid")
            + (Self.files(in: "fixtures/solve") + Self.files(in: "fixtures/infeasible")).filter { $0.pathExtension == "yaml" }
        #expect(files.count >= 20)
        let verdicts = try Self.schemaVerdicts(files)
        for file in files {
            #expect(verdicts[file.lastPathComponent] == true, "schema rejects \(file.lastPathComponent)")
            #expect(throws: Never.self, "decoder rejects \(file.lastPathComponent)") {
                try ScenarioDecoder.decode(contentsOf: file)
            }
        }
    }

    /// Rules that need cross-references or arithmetic (ids, convexity, multiples of the step) are
    /// beyond JSON Schema; every other invalid fixture must fail the schema as well as the decoder.
    static let beyondSchema: Set<String> = [
        "base-can-go-negative", "base-unknown", "bound-not-multiple", "condition-names-metric-as-lever",
        "condition-unknown-lever", "constraint-at-least-above-at-most", "constraint-unknown-term",
        "cost-from-not-increasing", "cost-not-convex", "cost-starts-above-min", "duplicate-ids-other-sections",
        "duplicate-lever-id", "duplicate-tier-id", "exclusive-unknown-program", "lever-and-metric-share-id",
        "max-below-min", "metric-cycle", "metric-forward-reference", "metric-refers-to-itself",
        "metric-unknown-term", "tier-condition-unknown-metric",
        // YAML 1.1 readers such as PyYAML take `0x1F` as a number and `.inf` as a float.
        "hex-number", "non-finite-number",
    ]

    @Test func invalidFixturesFailTheSchemaOrTheValidator() throws {
        let files = Self.files(in: "fixtures/invalid")
        #expect(files.count >= 60)
        let verdicts = try Self.schemaVerdicts(files)
        for file in files {
            let name = file.deletingPathExtension().lastPathComponent
            #expect(throws: ScenarioError.self, "decoder accepts \(name)") { try ScenarioDecoder.decode(contentsOf: file) }
            if !Self.beyondSchema.contains(name) {
                #expect(verdicts[file.lastPathComponent] == false, "schema accepts \(name)")
            }
        }
    }
}
