/// The versions of one protocol kept side by side (same policy id, each with its own
/// `version` and `effective` date), in the order they took effect; a policy with one file
/// is one version. A duty follows the version in force on the local day it arose.
public struct PolicyVersions: Sendable {
    /// In the order they took effect; never empty.
    public let all: [Policy]

    /// One version on its own.
    public init(_ policy: Policy) { all = [policy] }

    /// Versions already checked (distinct `effective` dates, one vocabulary), in any order.
    init(versions: [Policy]) {
        precondition(!versions.isEmpty)
        all = versions.count == 1 ? versions : versions.sorted { $0.effective! < $1.effective! }
    }

    public var id: String { all[0].id }
    /// The version that took effect last.
    public var latest: Policy { all[all.count - 1] }
    /// True when the folder holds more than one version, so reports name the version of each duty.
    public var areSeveral: Bool { all.count > 1 }

    /// The version in force on a local date: the latest that took effect on or before it, or the
    /// earliest where none had yet (a duty arising before the first version took effect follows it).
    public func index(inForceOn date: LocalDate) -> Int {
        var k = 0
        for (i, p) in all.enumerated() where i > 0 {
            if let e = p.effective, e <= date { k = i }
        }
        return k
    }

    public func inForce(on date: LocalDate) -> Policy { all[index(inForceOn: date)] }

    /// The version in force at an instant, in a zone.
    func index(at t: Instant, zone: Zone) -> Int { areSeveral ? index(inForceOn: zone.localDate(of: t)) : 0 }
}

extension PolicyVersions {
    /// Versions of one id side by side: each needs an `effective` date, different from the
    /// others', a `version` of its own, and the same vocabulary; each after the first says which
    /// version it replaces. Returns the diagnostics; the versions are usable when none is an error.
    static func check(_ files: [(file: String, policy: Policy)]) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let first = files[0]
        func at(_ p: Policy, _ key: String) -> SourceLocation {
            p.headerLocations[key] ?? SourceLocation(file: p.file, line: 1, column: 1)
        }
        // Without effective dates, or with one date twice, it is two files for one policy: the old error.
        let dated = files.allSatisfy { $0.policy.effective != nil }
        let dates = Set(files.compactMap { $0.policy.effective })
        if !dated || dates.count != files.count {
            for (file, p) in files.dropFirst() {
                let why = p.effective == nil || first.policy.effective == nil
                    ? "two versions side by side each need 'effective' (the day each took effect)"
                    : "both take effect on \(p.effective!): two versions side by side need different 'effective' dates"
                out.append(.error("duplicate-policy-id", "policy id '\(p.id)' is also used by \(first.file); \(why)",
                                  at: SourceLocation(file: file, line: 1, column: 1)))
            }
            return out
        }
        let sorted = files.sorted { $0.policy.effective! < $1.policy.effective! }
        var seenVersions: [String: Policy] = [:]
        for (k, (_, p)) in sorted.enumerated() {
            if let other = seenVersions[p.version] {
                out.append(.error("policy.duplicate-version", "version \"\(p.version)\" of '\(p.id)' is also declared by \(other.file); each version needs its own",
                                  at: at(p, "version"), notes: [.init("the other version \"\(p.version)\" is here", at: at(other, "version"))]))
            }
            seenVersions[p.version] = p
            if p.vocabulary.file != first.policy.vocabulary.file {
                out.append(.error("policy.versions-vocabulary", "the versions of '\(p.id)' must share one vocabulary: this file is read with \(p.vocabulary.file), \(first.file) with \(first.policy.vocabulary.file)",
                                  at: at(p, "policy")))
            }
            guard k > 0 else { continue }
            let before = sorted[k - 1].policy
            if let r = p.replaces {
                if r != before.version {
                    out.append(.error("policy.replaces", "version \"\(p.version)\" replaces \"\(r)\", but the version before it (effective \(before.effective!)) is \"\(before.version)\"",
                                      at: at(p, "replaces"), notes: [.init("that version is declared here", at: at(before, "version"))],
                                      suggestion: before.version))
                }
            } else {
                out.append(.warning("policy.replaces-missing", "version \"\(p.version)\" takes over from \"\(before.version)\" on \(p.effective!): say so with replaces: \"\(before.version)\"",
                                    at: at(p, "effective")))
            }
        }
        return out
    }
}

extension Evaluation {
    /// Evaluates an incident against every version of a policy and keeps, from each, the duties
    /// that arose while it was in force (their `triggered_at`, on the local day in the incident's
    /// zone), with their escalations and notifications. Each version sees the whole record, so
    /// facts, episodes and counts are the same whichever version a duty follows. One version:
    /// exactly `evaluate(_:policy:asOf:)`.
    public static func evaluate(_ incident: Incident, versions: PolicyVersions, asOf: Instant) throws(EvaluationError) -> Report {
        guard versions.areSeveral else {
            return onlyVersion(try evaluate(incident, policy: versions.all[0], asOf: asOf), versions.all[0], zone: incident.zone)
        }
        var reports: [Report] = []
        for p in versions.all { reports.append(try evaluate(incident, policy: p, asOf: asOf)) }
        return merge(reports, versions: versions, zone: incident.zone, asOf: asOf)
    }

    /// The report of a policy's only version. With an `effective` date, a duty that arose before
    /// it is still owed (never dropped), under this version, with a warning that it was not yet in
    /// force. Batch evaluation and `VersionedSession` both finish their report so.
    static func onlyVersion(_ report: Report, _ p: Policy, zone: Zone) -> Report {
        var report = report
        if let effective = p.effective {
            let early = report.obligations.filter { zone.localDate(of: $0.triggeredAt) < effective }
            if let first = early.first {
                let n = early.count == 1 ? "1 duty was" : "\(early.count) duties were"
                report.diagnostics.append(ReportDiagnostic(severity: .warning, event: first.triggeredBy,
                    message: "\(n) triggered before this version (\"\(p.version)\") took effect on \(effective); no earlier version was given, so \(early.count == 1 ? "it follows" : "they follow") this one"))
            }
        }
        return report
    }

    /// One report from each version's report of the whole record (in the versions' order): from
    /// each, the duties that arose while it was in force. Batch evaluation and `VersionedSession`
    /// both make their report so, and so agree.
    static func merge(_ reports: [Report], versions: PolicyVersions, zone: Zone, asOf: Instant) -> Report {
        func mine(_ t: Instant, _ k: Int) -> Bool { versions.index(at: t, zone: zone) == k }
        var obligations: [Report.Obligation] = [], escalations: [Report.Escalation] = [], indeterminate: [Report.Escalation] = []
        var diagnostics: [ReportDiagnostic] = []
        var roleNames: [String: String] = [:]
        var uses: [Report.VersionUse] = []
        for (k, p) in versions.all.enumerated() {
            let r = reports[k]
            var kept = r.obligations.filter { mine($0.triggeredAt, k) }
            for i in kept.indices { kept[i].policyVersion = p.version }
            obligations += kept
            escalations += r.escalations.filter { mine($0.dutyTriggeredAt ?? $0.at, k) }
            indeterminate += r.indeterminateNotifications.filter { mine($0.at, k) }
            for d in r.diagnostics where !diagnostics.contains(d) { diagnostics.append(d) }
            roleNames.merge(r.roleNames) { a, _ in a }
            uses.append(.init(version: p.version, effective: p.effective, replaces: p.replaces,
                              until: k + 1 < versions.all.count ? versions.all[k + 1].effective : nil, obligations: kept.count))
        }
        // The contract's order: due, rule, trigger, occurrence; escalations by instant, then rule.
        obligations = obligations.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if x.due != y.due { return x.due < y.due }
            if x.rule != y.rule { return x.rule < y.rule }
            if x.triggeredBy != y.triggeredBy { return x.triggeredBy < y.triggeredBy }
            if x.occurrence != y.occurrence { return x.occurrence < y.occurrence }
            return a.offset < b.offset
        }.map(\.element)
        func ordered(_ list: [Report.Escalation]) -> [Report.Escalation] {
            list.enumerated().sorted { a, b in
                if a.element.at != b.element.at { return a.element.at < b.element.at }
                if a.element.rule != b.element.rule { return a.element.rule < b.element.rule }
                return a.offset < b.offset
            }.map(\.element)
        }
        // The report is headed by the version in force as of the evaluation instant.
        let current = versions.all[versions.index(at: asOf, zone: zone)]
        var report = Report(policy: .init(id: current.id, version: current.version, title: current.title), versions: uses,
                            incident: reports[0].incident, zone: zone, asOf: asOf, obligations: obligations, escalations: ordered(escalations),
                            indeterminateNotifications: ordered(indeterminate), diagnostics: diagnostics, roleNames: roleNames)
        if let first = versions.all[0].effective, let early = obligations.first(where: { zone.localDate(of: $0.triggeredAt) < first }) {
            report.diagnostics.append(ReportDiagnostic(severity: .warning, event: early.triggeredBy,
                message: "duties that arose before \(first), when the earliest version (\"\(versions.all[0].version)\") took effect, follow that version"))
        }
        return report
    }
}
