/// What every entry of one rule shares within one report: the rule's id, citation,
/// actions and note, and the report's reason log and wording. Made once per rule, so
/// an entry holds one reference instead of copies of five strings and arrays (a report
/// of a long record holds hundreds of thousands of entries).
final class SharedEntryFacts: Sendable {
    struct Facts: Sendable, Equatable {
        var rule: String
        var citation: Report.Citation
        var action: String
        var actions: [String]
        var note: String?
    }

    let facts: Facts
    let log: [Reason]
    let words: ReasonWords

    init(facts: Facts, log: [Reason], words: ReasonWords) {
        self.facts = facts
        self.log = log
        self.words = words
    }

    /// A copy with one of the rule's facts changed (a caller editing an entry).
    func editing(_ change: (inout Facts) -> Void) -> SharedEntryFacts {
        var changed = facts
        change(&changed)
        return SharedEntryFacts(facts: changed, log: log, words: words)
    }
}

/// Why an entry arose: a run of its report's reason log, or words a caller gave instead.
struct EntryReasons: Sendable {
    private var start: Int32 = 0
    private var count: Int32 = 0
    private var given: [Reason]?

    init(_ range: ReasonRange) {
        start = range.start
        count = range.count
    }

    init(_ words: [String]) {
        given = words.map(Reason.text)
    }

    func list(_ shared: SharedEntryFacts) -> ArraySlice<Reason> {
        given.map { $0[...] } ?? shared.log[Int(start)..<Int(start + count)]
    }

    func words(_ shared: SharedEntryFacts) -> [String] { shared.words.words(list(shared)) }

    static func same(_ a: EntryReasons, _ aShared: SharedEntryFacts, _ b: EntryReasons, _ bShared: SharedEntryFacts) -> Bool {
        aShared.words == bShared.words && a.list(aShared) == b.list(bShared)
    }
}
