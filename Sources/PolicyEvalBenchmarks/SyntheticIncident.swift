import Foundation
import PolicyEval

/// Deterministic pseudo-random numbers (SplitMix64), so a seed gives the same incident everywhere.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}

/// Synthetic incidents in the incident contract's format: one child, a realistic mix
/// of missing episodes (reports, risk changes, notifications, found, safe and well
/// checks, return home interviews) and case work (contacts, referrals, strategy
/// discussions, assessments, conferences, core groups, visits, placements).
/// Blocks follow one another so episodes never overlap; events are a few minutes
/// apart so that a million of them fit inside the shipped calendar's years.
enum SyntheticIncident {
    static func json(events count: Int, seed: UInt64) -> Data {
        var rng = SplitMix64(state: seed)
        var out = "{\"incident\": {\"id\": \"SYN-\(count)-\(seed)\", \"timezone\": \"Europe/London\", \"policy\": \"bcp-missing-children\",\n"
        out += " \"subject\": {\"id\": \"C-SYN\", \"born\": \"2010-05-17\", \"facts\": {\"looked_after\": true, \"open_to_services\": true, "
        out += "\"cp_plan\": false, \"missing_plan\": true, \"exploitation_risk\": false, \"criminal_activity_risk\": false, "
        out += "\"risky_contacts\": false, \"trafficked_before\": false, \"placed_by_other_authority\": false, \"disabled\": false}}},\n"
        out += " \"events\": [\n"
        var t: Int64 = 1_546_300_800  // 2019-01-01T00:00:00Z
        var n = 0
        func event(_ type: String, _ data: String = "") {
            guard n < count else { return }
            t += Int64(60 + rng.below(480))  // 1 to 9 minutes apart
            out += n == 0 ? "  " : ",\n  "
            out += "{\"id\": \"e\(n)\", \"type\": \"\(type)\", \"time\": \"\(Instant(t))\""
            if !data.isEmpty { out += ", \"data\": {\(data)}" }
            out += "}"
            n += 1
        }
        while n < count {
            switch rng.below(10) {
            case 0..<5:  // a missing episode
                let risk = ["high", "medium", "medium", "medium", "low", "low"][rng.below(6)]
                event("missing.reported", "\"risk\": \"\(risk)\", \"from\": \"care\"")
                if rng.chance(20) { event("missing.risk_changed", "\"risk\": \"high\"") }
                if rng.chance(60) { event("notification.sent", "\"to\": \"police\"") }
                if risk == "high" || rng.chance(20) { event("strategy_discussion.held") }
                if rng.chance(30) { event("need_to_know.sent") }
                event("missing.found", rng.chance(15) ? "\"harmed\": true" : "")
                event("safe_and_well.completed")
                if rng.chance(70) { event("rhi.completed") } else if rng.chance(30) { event("rhi.declined") }
            case 5..<8:  // a contact through to a plan
                event("contact.received")
                event("contact.recorded")
                let outcome = ["referral", "referral", "no_further_action", "early_help"][rng.below(4)]
                event("contact.screened", "\"outcome\": \"\(outcome)\"")
                if outcome == "no_further_action" { event("referrer.informed"); continue }
                guard outcome == "referral" else { continue }
                event("referral.accepted", "\"significant_harm\": \(rng.chance(40))")
                event("referral.decided")
                event("strategy_discussion.held")
                event("s47.started")
                event("assessment.started", "\"kind\": \"s47\"")
                event("child.seen", "\"alone\": \(rng.chance(70))")
                event("visit.completed")
                event("assessment.completed", "\"outcome\": \"\(rng.chance(50) ? "cp" : "cin")\"")
                if rng.chance(50) {
                    event("icpc.held", "\"plan\": true")
                    for _ in 0..<(1 + rng.below(3)) { event("core_group.held"); event("visit.completed") }
                    event("review_conference.held", "\"plan_continues\": false")
                    event("cp_plan.ended")
                } else {
                    event("cin_meeting.held")
                    event("visit.completed")
                    event("cin_review.held")
                }
            default:  // placement work
                event("placement.started")
                event("placement_plan.completed")
                event("visit.completed")
                if rng.chance(30) { event("health_assessment.completed") }
                if rng.chance(30) { event("pep.completed") }
                if rng.chance(20) { event("absence.started", "\"whereabouts_known\": \(rng.chance(50))"); event("absence.reviewed"); event("absence.ended") }
            }
        }
        out += "\n ]}\n"
        return Data(out.utf8)
    }
}

extension Instant {
    init(_ seconds: Int64) { self.init(secondsSinceEpoch: seconds) }
}
