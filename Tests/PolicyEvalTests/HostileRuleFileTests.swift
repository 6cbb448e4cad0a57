import Foundation
import Testing
@testable import PolicyEval

/// Rule-file slips that used to pass silently: zero lengths of time, weekend office hours,
/// and diagnostics on one enormous line.
@Suite struct HostileRuleFileTests {
    @Test func aZeroDeadlineIsAWarning() throws {
        let (p, d, _) = compile("""
        rules:
          - {id: a, cite: "1", when: {event: missing.found}, require: {action: rhi.completed, within: 0h}}
          - id: b
            cite: "2"
            when: {event: missing.reported}
            require:
              action: notification.sent
              within: [{if: 'event.risk == "high"', within: 0m}, {within: 2h}]
        """)
        #expect(p != nil)
        let zero = d.items.filter { $0.id == "zero-deadline" }
        #expect(zero.count == 2)
        #expect(zero.allSatisfy { $0.severity == .warning })
        #expect(zero.first?.message == "'0h' is no time at all: the duty is due the instant the rule fires, and late a second after; if that is meant (the duty should already be done), write 'at once'")
        #expect(zero.first?.location?.line == 9)
        // A date deadline of zero days is the same day: meant, and no warning.
        let (_, same, _) = compile("""
        rules:
          - {id: a, cite: "1", when: {event: missing.found}, require: {action: rhi.completed, within: 0d}}
        """)
        #expect(same.items.isEmpty)
        // Counted from an earlier event, no time at all is "by the time the rule fires" (a
        // placement plan prior to or at the placement): meant, and no warning.
        let (_, counted, _) = compile("""
        rules:
          - {id: a, cite: "1", when: {event: placement.started}, require: {action: placement_plan.completed, from: looked_after.started, within: 0h}}
        """)
        #expect(counted.items.isEmpty)
        // 'at once' says no time at all is meant (a duty already broken when its rule fires):
        // no warning, and the same deadline as 0h.
        let (policy, meant, _) = compile("""
        rules:
          - {id: a, cite: "1", when: {event: missing.found}, require: {action: rhi.completed, within: at once}}
        """)
        #expect(meant.items.isEmpty)
        #expect(policy?.rules.first?.obligation?.within.first?.span.isZero == true)
        #expect(policy?.rules.first?.obligation?.within.first?.words == "at once")
    }

    /// A chain of escalations (`{overdue: previous}`) 20,000 rules long, over the rule-file
    /// limits (read here with larger ones): the chain check walks each rule once, and the
    /// scope of the last rule's condition comes from the head of the chain without
    /// recursing 20,000 deep (which overflowed the stack at about 1,400 in a debug build).
    @Test func aLongEscalationChainCompilesAndItsLoopIsFound() throws {
        func chain(_ n: Int, loop: Bool) -> String {
            var text = header + "rules:\n"
            text += loop ? "  - {id: r0, cite: \"1\", when: {overdue: r\(n - 1)}, require: {action: rhi.completed, within: 1h}}\n"
                : "  - {id: r0, cite: \"1\", when: {event: missing.reported}, require: {action: rhi.completed, within: 1h}}\n"
            for i in 1..<n {
                let condition = i == n - 1 ? ", if: 'event.risk == \"high\"'" : ""
                text += "  - {id: r\(i), cite: \"1\", when: {overdue: r\(i - 1)\(condition)}, require: {action: rhi.completed, within: 1h}}\n"
            }
            return text
        }
        let limits = YAMLLimits(maxBytes: 8 * 1024 * 1024, maxDepth: 32, maxNodes: 1_000_000, maxScalarLength: 64 * 1024)
        let n = 20_000
        let (source, root) = try YAMLLoader.parse(chain(n, loop: false), file: "chain.yaml", limits: limits)
        let (p, d) = compiler.compile(source, root: root)
        #expect(d.items.isEmpty, "\(d.items.prefix(3))")
        #expect(p?.rules.count == n)
        #expect(p?.rules.last?.condition != nil)

        let (loopSource, loopRoot) = try YAMLLoader.parse(chain(n, loop: true), file: "chain.yaml", limits: limits)
        let (none, loops) = compiler.compile(loopSource, root: loopRoot)
        #expect(none == nil)
        let found = loops.items.filter { $0.id == "escalation-loop" }
        #expect(found.count == 1)
        #expect(found.first?.message == "escalation chain loops: r0 → r19999 → r19998 → r19997 → r19996 → … → r2 → r1 → r0 (20000 rules)")
        #expect(found.first?.location?.line == 9)
        #expect(found.first?.location?.column == 41)
        // The last rule's condition reads an event the chain never reaches: reported as unknown, not a crash.
        #expect(loops.items.contains { $0.id == "expression.no-event" })
    }

    /// A tail leading into a loop, and a rule chained on the tail: the loop is reported once.
    @Test func aLoopReachedFromSeveralChainsIsReportedOnce() {
        let (p, d, _) = compile("""
        rules:
          - {id: tail, cite: "1", when: {overdue: a}, require: {action: rhi.completed, within: 1h}}
          - {id: a, cite: "1", when: {overdue: b}, require: {action: rhi.completed, within: 1h}}
          - {id: b, cite: "1", when: {overdue: a}, require: {action: rhi.completed, within: 1h}}
          - {id: after-tail, cite: "1", when: {overdue: tail}, require: {action: rhi.completed, within: 1h}}
          - {id: self, cite: "1", when: {overdue: self}, require: {action: rhi.completed, within: 1h}}
        """)
        #expect(p == nil)
        #expect(d.items.filter { $0.id == "escalation-loop" }.map(\.message)
                == ["escalation chain loops: a → b → a", "escalation chain loops: self → self"])
    }

    @Test func aRecurrenceEveryZeroIsAnError() {
        let (p, d, _) = compile("""
        rules:
          - id: visits
            cite: "9"
            when: {event: cp_plan.started}
            require: {action: visit.completed, within: 10wd, repeat: {every: 0m, until: [cp_plan.ended]}}
        """)
        #expect(p == nil)
        let e = d.items.first { $0.id == "zero-interval" }
        #expect(e?.severity == .error)
        #expect(e?.message.contains("would repeat at the same instant without end") == true)
    }

    @Test func weekendOfficeHoursAreNeverUsed() {
        let text = header.replacingOccurrences(of: #"office_hours: {mon-thu: "08:30-17:15", fri: "08:30-16:45"}"#,
                                               with: #"office_hours: {mon-thu: "08:30-17:15", fri: "08:30-16:45", sat: "10:00-12:00"}"#)
        #expect(text != header)
        let (p, d, _) = compile(text + """
        rules:
          - {id: a, cite: "1", when: {event: missing.found}, require: {action: rhi.completed, within: 2wh}}
        """, withHeader: false)
        #expect(p != nil)
        let w = d.items.first { $0.id == "weekend-office-hours" }
        #expect(w?.severity == .warning)
        #expect(w?.message.hasPrefix("office hours for Saturday are never used") == true)
        #expect(w?.location?.line == 7)
        let all = compile(header.replacingOccurrences(of: #"fri: "08:30-16:45"}"#, with: #"fri-sun: "08:30-16:45"}"#) + """
        rules:
          - {id: a, cite: "1", when: {event: missing.found}, require: {action: rhi.completed, within: 2wh}}
        """, withHeader: false)
        #expect(all.1.items.first { $0.id == "weekend-office-hours" }?.message.hasPrefix("office hours for Saturday and Sunday") == true)
    }

    @Test func aVeryLongLineIsClippedAroundTheColumn() {
        let column = 500_000
        let line = String(repeating: "a", count: column - 1) + "X" + String(repeating: "b", count: 500_000)
        let source = SourceFile(path: "long.yaml", text: "policy: x\n" + line + "\n")
        let d = Diagnostic.error("test", "here", at: SourceLocation(file: "long.yaml", line: 2, column: column), length: 3)
        let out = DiagnosticRenderer(sources: [source]).render(d)
        #expect(out.count < 400, "\(out.count) characters")
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let shown = lines[2], carets = lines[3]
        #expect(shown.hasPrefix("2 | ...a") && shown.hasSuffix("b..."))
        // The caret stands under the X.
        let x = shown.distance(from: shown.startIndex, to: shown.firstIndex(of: "X")!)
        let caret = carets.distance(from: carets.startIndex, to: carets.firstIndex(of: "^")!)
        #expect(x == caret)
        #expect(carets.hasSuffix("^~~"))
        // Short lines are shown whole, as before.
        let short = DiagnosticRenderer(sources: [SourceFile(path: "s.yaml", text: "a: b\n")])
            .render(Diagnostic.error("test", "here", at: SourceLocation(file: "s.yaml", line: 1, column: 4)))
        #expect(short.contains("1 | a: b\n  |    ^\n"))
        // Near the start or the end of a long line, one side only is clipped.
        let start = DiagnosticRenderer(sources: [source]).render(Diagnostic.error("t", "m", at: SourceLocation(file: "long.yaml", line: 2, column: 1)))
        #expect(start.contains("2 | aaa") && start.contains("b...\n  | ^\n") == false && start.contains("a...\n  | ^\n"))
    }

    @Test func aByteOrderMarkIsAcceptedInJSONAsInYAML() throws {
        let json = "\u{FEFF}" + #"{"incident": {"id": "I-1", "subject": {"id": "C-1"}}, "events": []}"#
        let (i, _) = try IncidentReader(vocabulary: vocabulary).read(Data(json.utf8), file: "bom.json")
        #expect(i.id == "I-1")
        let subject = try IncidentReader(vocabulary: vocabulary).readSubject(Data(("\u{FEFF}" + #"{"incident": {"id": "I-2", "subject": {"id": "C-1"}}}"#).utf8), file: "s.json")
        #expect(subject.id == "I-2")
    }
}
