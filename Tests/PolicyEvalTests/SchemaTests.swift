import Foundation
import Testing
@testable import PolicyEval

/// The rule-file schema allows exactly the keys the compiler reads, in every closed mapping.
@Suite struct RulesSchemaKeys {
    static func object(_ kind: Schemas.Kind) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(Schemas.text(kind).utf8)) as? [String: Any])
    }

    static func keys(_ schema: [String: Any]) -> Set<String> { Set((schema["properties"] as? [String: Any] ?? [:]).keys) }

    @Test func closedMappingsAllowTheCompilersKeys() throws {
        let rules = try Self.object(.rules)
        let defs = try #require(rules["$defs"] as? [String: [String: Any]])
        #expect(Self.keys(rules) == Set(PolicyCompiler.topKeys))
        #expect(Self.keys(try #require(defs["rule"])) == Set(PolicyCompiler.ruleKeys))
        #expect(Self.keys(try #require(defs["trigger"])) == Set(PolicyCompiler.triggerKeys))
        #expect(Self.keys(try #require(defs["obligation"])) == Set(PolicyCompiler.obligationKeys))
        for name in ["rule", "trigger", "obligation", "deadlineCase", "escalationStep"] {
            #expect(defs[name]?["additionalProperties"] as? Bool == false, "\(name)")
        }
        #expect(rules["additionalProperties"] as? Bool == false)
    }

    @Test func everySchemaIsJSON() throws {
        for kind in Schemas.Kind.allCases {
            let s = try Self.object(kind)
            #expect(s["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
            #expect(Schemas.text(kind).hasSuffix("}\n"))
        }
    }
}
