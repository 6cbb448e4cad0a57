import Foundation
import Testing

/// Python with jsonschema and PyYAML, for checking the schemas with a validator policyeval did not write.
enum PythonValidator {
    static let available: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import jsonschema, yaml"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    static let missing: Comment = "python3 with jsonschema and PyYAML not found: the schemas' independent validation (scripts/check-schemas.py) is skipped; `make schema-deps` installs them"
}

@Suite struct SchemaCommandTests {
    @Test(arguments: ["rules", "incident", "report"])
    func printsADraft202012SchemaMatchingTheCopyInDocs(_ kind: String) throws {
        let r = try CLI.run(["schema", kind])
        #expect(r.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(object["type"] as? String == "object")
        // The copy that editors point at (`# yaml-language-server: $schema=...`); `make schemas` rewrites it.
        let copy = CLI.root.appendingPathComponent("docs/schemas/\(kind).schema.json").path
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] != nil { try r.stdout.write(toFile: copy, atomically: true, encoding: .utf8) }
        #expect(r.stdout == (try String(contentsOfFile: copy, encoding: .utf8)), "docs/schemas/\(kind).schema.json is stale: run make schemas")
    }

    @Test func unknownKindIsRefused() throws {
        let r = try CLI.run(["schema", "rule"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("rules"))
    }

    /// Every shipped policy, example incident and example report validates; known-bad files do not,
    /// and policyeval refuses them too (scripts/check-schemas.py prints each case).
    @Test(.enabled(if: PythonValidator.available, PythonValidator.missing))
    func anIndependentValidatorAgrees() throws {
        let r = try CLI.run(["python3", "scripts/check-schemas.py", "--policyeval", CLI.binary.path],
                            executable: URL(fileURLWithPath: "/usr/bin/env"))
        #expect(r.status == 0, "\(r.stdout.split(separator: "\n").filter { !$0.hasPrefix("ok") }.joined(separator: "\n"))\n\(r.stderr)")
        #expect(r.stdout.contains(" passed, 0 failed\n"))
        #expect(!r.stdout.contains("skipped"))
    }
}
