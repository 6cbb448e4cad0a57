import Foundation

/// One incident's evaluation state against every version of a policy kept side by side
/// (`effective`, `replaces`): the streaming form of `Evaluation.evaluate(_:versions:asOf:)`.
/// Each duty follows the version in force on the local day it arose, exactly as in batch: every
/// version sees the whole stream (so facts, episodes and counts are the same whichever version
/// a duty follows), and each reports only the duties that arose while it was in force. With
/// one version it is a `Session`. A value, like `Session`: copy it, send it, encode it between
/// events and restore it later.
public struct VersionedSession: Sendable {
    public let versions: PolicyVersions
    let zone: Zone
    /// One session per version, in the order they took effect.
    var sessions: [Session]

    public init(versions: PolicyVersions, incidentID: String, zone: Zone, subject: Subject) {
        self.versions = versions
        self.zone = zone
        sessions = versions.all.map { Session(policy: $0, incidentID: incidentID, zone: zone, subject: subject) }
        limit()
    }

    /// Restores a session from `encoded()`; the versions must be those it was made with.
    public init(versions: PolicyVersions, restoring data: Data) throws {
        let saved = try JSONDecoder().decode(Saved.self, from: data)
        let mine = versions.all.map(\.version)
        guard saved.versions == mine else {
            throw EvaluationError("this session was saved with versions \(saved.versions.joined(separator: ", ")) of '\(versions.id)', not \(mine.joined(separator: ", ")); start a new session and give it the incident's events again")
        }
        // One saved session per version, or the data was not made by `encoded()`.
        guard saved.sessions.count == versions.all.count else {
            throw EvaluationError("this saved session holds \(saved.sessions.count) sessions for \(versions.all.count) versions of '\(versions.id)'; start a new session and give it the incident's events again")
        }
        var sessions: [Session] = []
        for (p, d) in zip(versions.all, saved.sessions) { sessions.append(try Session(policy: p, restoring: d)) }
        self.versions = versions
        self.sessions = sessions
        zone = sessions[0].zone
        limit()
    }

    private struct Saved: Codable {
        var versions: [String]
        var sessions: [Data]
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(Saved(versions: versions.all.map(\.version), sessions: try sessions.map { try $0.encoded() }))
    }

    /// Each version's session reports the changes to its own duties only.
    private mutating func limit() {
        guard versions.areSeveral else { return }
        let versions = self.versions
        for k in sessions.indices {
            sessions[k].versionInForce = { @Sendable day in versions.index(inForceOn: day) == k }
        }
    }

    /// Takes one event, in time order. Returns what it changed, version by version (in the
    /// order the versions took effect).
    @discardableResult
    public mutating func ingest(_ event: Event) throws(EvaluationError) -> [Change] {
        var changes: [Change] = []
        for k in sessions.indices { changes += try sessions[k].ingest(event) }
        return changes
    }

    /// Moves time forward, firing every deadline and threshold up to `instant`.
    @discardableResult
    public mutating func advance(to instant: Instant) throws(EvaluationError) -> [Change] {
        var changes: [Change] = []
        for k in sessions.indices { changes += try sessions[k].advance(to: instant) }
        return changes
    }

    /// The report as of an instant, as batch evaluation gives it: each duty under the version
    /// in force when it arose, and the versions named.
    public func report(asOf: Instant) throws(EvaluationError) -> Report {
        guard versions.areSeveral else { return Evaluation.onlyVersion(try sessions[0].report(asOf: asOf), versions.all[0], zone: zone) }
        var reports: [Report] = []
        for s in sessions { reports.append(try s.report(asOf: asOf)) }
        return Evaluation.merge(reports, versions: versions, zone: zone, asOf: asOf)
    }
}
