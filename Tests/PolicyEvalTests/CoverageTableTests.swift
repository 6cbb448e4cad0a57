import Testing
@testable import PolicyEval

@Suite struct CoverageTableTests {
    let text = """
    # Coverage

    | § | duty (paraphrased) | timed | rule(s) or reason |
    | --- | --- | --- | --- |
    | 7.1 | Strategy discussion immediately | yes | `high-risk-strategy` |
    | 7.2 | Chair told | no | `tell-chair` (read as the next working day) |
    | 7.3 | Report 3 days before | yes | pending: `before-date` |
    | 7.4 | Partly checked | yes | `high-risk-strategy`; the rest pending: history |
    | 7.5 | Claimed by a rule that is gone | yes | `old-rule-name`, see `bcp-missing-children` and `contact.screened` |
    | 8 | Governance | no | *not a duty to one child* |

    | other | table | without | a timed column |
    | --- | --- | --- | --- |
    | x | y | z | `not-counted` |
    """

    @Test func countsRowsAndChecksTheRulesTheyName() {
        let table = CoverageTable(file: "COVERAGE.md", text: text)
        #expect(table.rows.count == 6)
        let f = table.figures(rules: ["high-risk-strategy", "tell-chair", "unnamed-rule"], policyIDs: ["bcp-missing-children"])
        #expect(f.timed == 4 && f.timedEncoded == 1)   // pending rows and unknown names do not count
        #expect(f.untimed == 2 && f.untimedEncoded == 1)
        #expect(f.unknownRules.map(\.name) == ["old-rule-name"])
        #expect(f.unknownRules.first?.line == 9)
        #expect(f.unlisted == ["unnamed-rule"])
    }
}
