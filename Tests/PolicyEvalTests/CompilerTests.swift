import Testing
@testable import PolicyEval

@Suite struct CompilerTests {
    @Test func sharedConditionsShareASlot() throws {
        let p = try policy("""
        rules:
          - {id: a, cite: "1", when: {event: missing.reported, if: 'event.risk == "high"'}, notify: [police]}
          - {id: b, cite: "2", when: {event: missing.reported, if: 'event.risk  ==  "high"'}, notify: [mash]}
          - {id: c, cite: "3", when: {event: missing.reported, if: 'event.risk == "low"'}, notify: [mash]}
          - {id: d, cite: "4", when: {event: missing.risk_changed, if: 'event.risk == "high"'}, notify: [mash]}
        """)
        let slots = p.rules.map { $0.condition!.slot }
        #expect(slots[0] >= 0 && slots[0] == slots[1])
        #expect(slots[2] == -1 && slots[3] == -1)  // used once: nothing to share
    }

    @Test func eventTypesIndexOnlyTheirRules() throws {
        let p = try policy("""
        rules:
          - {id: a, cite: "1", when: {event: missing.found}, require: {action: rhi.completed, within: 72h, unless: [rhi.declined]}}
          - {id: b, cite: "2", when: {open: missing, for: 24h}, notify: [police]}
          - {id: c, cite: "3", when: {overdue: a}, notify: [team_manager]}
        """)
        let id = { (name: String) in vocabulary.eventIDs[name]! }
        #expect(p.graph.triggers[id("missing.found")] == [0])
        #expect(p.graph.discharges[id("rhi.completed")] == [0])
        #expect(p.graph.cancels[id("rhi.declined")] == [0])
        #expect(p.graph.thresholds["missing"] == [1])
        // The same, by the kind's place in the vocabulary (what a session reads), and none for other kinds.
        let missing = vocabulary.episodes.firstIndex { $0.kind == "missing" }!
        #expect(p.graph.thresholdsByKind.count == vocabulary.episodes.count)
        #expect(p.graph.thresholdsByKind[missing] == [1])
        #expect(p.graph.thresholdsByKind.indices.allSatisfy { $0 == missing || p.graph.thresholdsByKind[$0].isEmpty })
        #expect(p.graph.onOverdue[0] == [2])
        #expect(p.graph.triggers[id("visit.completed")].isEmpty)
        #expect(p.eventMatters[id("missing.reported")])  // opens the episode the threshold watches
        #expect(!p.eventMatters[id("visit.completed")])
    }

    @Test func compiledPoliciesHaveNoErrorsAndWarningsAreKept() throws {
        let (p, d, _) = compile("""
        rules:
          - id: visits
            cite: "9"
            when: {event: cp_plan.started}
            require: {action: visit.completed, within: 10wd, repeat: {every: 20wd}}
        """)
        #expect(p != nil)
        #expect(d.items.map(\.id) == ["recurrence-never-closes"])
    }

    @Test func fromNamesOneEventTypeAndDoesNotGoWithRepeat() {
        let (_, d, _) = compile("""
        rules:
          - id: a
            cite: "1"
            when: {event: referral.accepted}
            require: {action: strategy_discussion.held, within: 0d, from: [contact.received, contact.recorded]}
          - id: b
            cite: "1"
            when: {event: referral.accepted}
            require: {action: visit.completed, within: 5wd, from: contact.recieved}
          - id: c
            cite: "1"
            when: {event: referral.accepted}
            require: {action: visit.completed, within: 5wd, from: contact.received, repeat: {every: 4w, until: [cp_plan.ended]}}
        """)
        #expect(d.items.map(\.id) == ["expected-text", "unknown-event-type", "from-with-repeat"])
        #expect(d.items[1].suggestion == "contact.received")
    }

    @Test func everyBadOfficeHoursEntryIsReported() {
        let (_, d, _) = compile("""
        policy: oh
        title: t
        authority: a
        version: "1"
        source: s
        calendar: england-and-wales
        office_hours: {mon-thu: "08:30-17:15", fri: "8.30-16:45", funday: "09:00-10:00"}
        rules:
          - {id: r1, cite: "1", when: {event: missing.found}, notify: [police]}
        """, withHeader: false)
        #expect(d.items.map(\.id) == ["bad-office-hours", "bad-office-hours"])
        #expect(d.items.map { $0.location?.column } == [45, 59])
    }

    @Test func aPolicysOwnRoleIsUsableInConditions() throws {
        let rules = """
        roles:
          keeper_of_register: keeper of the child protection register
        rules:
          - id: tell-the-keeper
            cite: "1"
            when: {event: cp_plan.started}
            require:
              action: notification.sent
              responsible: keeper_of_register
              within: 1wd
              only_if: 'event.to == "keeper_of_register" or event.to in ["keeper_of_register", "iro"]'
        """
        let p = try policy(rules)
        #expect(p.rules[0].obligation?.onlyIf != nil)
        // A role nobody declared is still refused, with the nearest declared one suggested.
        let (_, d, _) = compile(rules.replacingOccurrences(of: "event.to == \"keeper_of_register\"", with: "event.to == \"keeper_of_registr\""))
        #expect(d.items.map(\.id) == ["undeclared-role"])
        #expect(d.items.first?.suggestion == "keeper_of_register")
    }
}
