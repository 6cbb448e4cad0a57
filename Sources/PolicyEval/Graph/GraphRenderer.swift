/// Draws a policy's decision graph for policy officers: events on the left,
/// rules and their duties in the middle, escalations and roles on the right.
/// Pure functions of the policy: same policy, same text.
public enum GraphRenderer {
    public enum Format: String, Sendable, CaseIterable { case dot, mermaid }

    struct Edge: Hashable {
        var from: String, to: String, label: String, style: String
    }

    struct Node: Hashable {
        var id: String, label: String, shape: String
    }

    /// Nodes and edges, in a deterministic order.
    static func build(_ p: Policy) -> ([Node], [Edge]) {
        var nodes: [Node] = [], edges: [Edge] = []
        var seen = Set<String>()
        func node(_ id: String, _ label: String, _ shape: String) {
            if seen.insert(id).inserted { nodes.append(Node(id: id, label: label, shape: shape)) }
        }
        let v = p.vocabulary
        func ev(_ t: EventTypeID) -> String {
            let id = "ev_" + safe(v.events[t].name)
            node(id, v.events[t].name, "event")
            return id
        }
        for rule in p.rules {
            let rid = "rule_" + safe(rule.id)
            node(rid, "\(rule.id)\n§\(rule.cite)" + (rule.condition.map { "\nif " + wrap($0.source) } ?? ""), "rule")
            switch rule.trigger {
            case .event(let types): for t in types { edges.append(Edge(from: ev(t), to: rid, label: "", style: "trigger")) }
            case .threshold(let kind, _, let text):
                let id = "ep_" + safe(kind)
                node(id, "\(kind) episode open", "episode")
                edges.append(Edge(from: id, to: rid, label: "for \(text)", style: "trigger"))
            case .overdue(let j):
                edges.append(Edge(from: "duty_" + safe(p.rules[j].id), to: rid, label: "overdue", style: "escalation"))
            case .becomes(let fact, let value):
                let id = "fact_" + safe(v.facts[fact].name)
                node(id, "facts.\(v.facts[fact].name)", "episode")
                edges.append(Edge(from: id, to: rid, label: "becomes \(value)", style: "trigger"))
            case .holds(let fact, let value):
                let id = "fact_" + safe(v.facts[fact].name)
                node(id, "facts.\(v.facts[fact].name)", "episode")
                edges.append(Edge(from: id, to: rid, label: "is \(value) (from the start)", style: "trigger"))
            }
            if let o = rule.obligation {
                let did = "duty_" + safe(rule.id)
                let within = o.within.map { c in
                    (c.condition.map { "if \(wrap($0.source)): " } ?? "") + c.words
                }.joined(separator: "\n")
                let every = o.recurrence.map { r in (r.fixed ? "\nthen each \(r.everyText), done or not" : "\nthen every \(r.everyText)") + (r.whileCondition.map { "\nwhile " + wrap($0.source) } ?? "") } ?? ""
                // Where the `from` type also answers the duty, it counts from the latest one that could answer it.
                let fromIf = o.fromCondition.map { "\nwhere \(wrap($0.source))" } ?? ""
                let from = o.from.map { o.actions.contains($0) ? "\ncounted from the latest \(v.events[$0].name)\nthat answers it" : "\ncounted from \(v.events[$0].name)" } .map { $0 + fromIf } ?? ""
                    + (o.before.isEmpty || o.within.contains { $0.reckoning == .open } ? ""
                       : "\nbefore " + o.before.map { v.events[$0].name }.joined(separator: " or "))
                let actions = o.actions.map { v.events[$0].name }.joined(separator: " or ")
                let all = o.answersAll ? "\none answer covers all open" : ""
                node(did, "\(actions)\n\(within)\(from)\(every)\(all)", "duty")
                edges.append(Edge(from: rid, to: did, label: "requires", style: "duty"))
                // A condition on an edge says when the event does what the edge says.
                let onlyIf = o.onlyIf.map { "\nonly if " + wrap($0.source) } ?? ""
                for t in o.actions { edges.append(Edge(from: ev(t), to: did, label: "discharges" + onlyIf, style: "discharge")) }
                let until = o.recurrence?.until ?? []
                for t in o.unless + until {
                    let condition = until.contains(t) ? nil : o.unlessConditions[t]
                    edges.append(Edge(from: ev(t), to: did, label: "cancels" + (condition.map { "\nif " + wrap($0.source) } ?? ""), style: "cancel"))
                }
                for t in o.before {
                    let condition = o.beforeConditions[t].map { "\nif " + wrap($0.source) } ?? ""
                    edges.append(Edge(from: ev(t), to: did, label: "breaches if first" + condition, style: "escalation"))
                }
                for (i, step) in rule.escalations.enumerated() {
                    let sid = "\(did)_esc\(i)"
                    node(sid, "notify \(roles(step.notify))", "notify")
                    edges.append(Edge(from: did, to: sid, label: step.afterText.map { "overdue + \($0)" } ?? "overdue", style: "escalation"))
                }
            }
            // What its conditions read of the earlier record: the event types, and the anchors of `since`.
            var read = Set<Int>()
            for term in rule.conditions.flatMap(\.historyTerms) where read.insert(term).inserted {
                let h = p.historyTerms[term]
                edges.append(Edge(from: ev(h.type), to: rid, label: "read: \(h.label)", style: "reads"))
                if case .since(let anchor) = h.span {
                    edges.append(Edge(from: ev(anchor), to: rid, label: "read: the latest, for since", style: "reads"))
                }
            }
            if let n = rule.notify {
                let nid = "\(rid)_notify"
                node(nid, "notify \(roles(n))", "notify")
                edges.append(Edge(from: rid, to: nid, label: "", style: "duty"))
            }
        }
        return (nodes, edges)
    }

    static func roles(_ r: Routed<[String]>) -> String {
        switch r {
        case .always(let x): x.joined(separator: ", ")
        case .byOfficeHours(let a, let b):
            "in hours: \(a.isEmpty ? "nobody" : a.joined(separator: ", "))\nout of hours: \(b.isEmpty ? "nobody" : b.joined(separator: ", "))"
        }
    }

    /// Long conditions over several lines, broken between words.
    static func wrap(_ text: String, width: Int = 48) -> String {
        var lines: [String] = [], line = ""
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            if !line.isEmpty, line.count + word.count + 1 > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }

    /// A node id: ASCII letters and digits, anything else `_` (ids are never labels).
    static func safe(_ s: String) -> String { String(s.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" }) }

    /// A label's text with control characters escaped (`Shown.escaped`), line by line: the
    /// line breaks the renderer puts in stay line breaks.
    static func label(_ s: String) -> String {
        s.split(separator: "\n", omittingEmptySubsequences: false).map { Shown.escaped(String($0)) }.joined(separator: "\n")
    }

    /// The policy's graph as Graphviz DOT or Mermaid text.
    public static func render(_ p: Policy, format: Format) -> String {
        let (nodes, edges) = build(p)
        switch format {
        case .dot: return dot(p, nodes, edges)
        case .mermaid: return mermaid(p, nodes, edges)
        }
    }

    static func dot(_ p: Policy, _ nodes: [Node], _ edges: [Edge]) -> String {
        func q(_ s: String) -> String { "\"" + label(s).replacingOccurrences("\\", "\\\\").replacingOccurrences("\"", "\\\"").replacingOccurrences("\n", "\\n") + "\"" }
        var out = "digraph \(q(p.id)) {\n  rankdir=LR;\n  label=\(q("\(p.title) (\(p.version))"));\n  labelloc=t;\n"
        out += "  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n"
        for n in nodes {
            let attrs: String
            switch n.shape {
            case "event": attrs = "shape=ellipse, style=filled, fillcolor=\"#e8f0fe\""
            case "episode": attrs = "shape=hexagon, style=filled, fillcolor=\"#fff4e5\""
            case "rule": attrs = "shape=box, style=\"rounded,filled\", fillcolor=\"#f1f3f4\""
            case "duty": attrs = "shape=note, style=filled, fillcolor=\"#e6f4ea\""
            default: attrs = "shape=box, style=filled, fillcolor=\"#fce8e6\""
            }
            out += "  \(n.id) [label=\(q(n.label)), \(attrs)];\n"
        }
        for e in edges {
            var attrs = e.label.isEmpty ? [] : ["label=\(q(e.label))"]
            switch e.style {
            case "discharge": attrs.append("style=dashed, color=\"#188038\"")
            case "cancel": attrs.append("style=dotted, color=\"#5f6368\"")
            case "escalation": attrs.append("color=\"#d93025\"")
            case "reads": attrs.append("style=dotted, color=\"#1a73e8\"")
            default: break
            }
            out += "  \(e.from) -> \(e.to)\(attrs.isEmpty ? "" : " [\(attrs.joined(separator: ", "))]");\n"
        }
        return out + "}\n"
    }

    static func mermaid(_ p: Policy, _ nodes: [Node], _ edges: [Edge]) -> String {
        // Mermaid labels are HTML: every character that means something there is written as an
        // entity code (`#lt;`), so that a rule file's text can never be markup or a script.
        func q(_ s: String) -> String {
            var out = "\""
            for c in label(s) {
                switch c {
                case "\"": out += "#quot;"
                case "#": out += "#35;"
                case "&": out += "#amp;"
                case "<": out += "#lt;"
                case ">": out += "#gt;"
                case "`": out += "#96;"
                case "\n": out += "<br/>"
                default: out.append(c)
                }
            }
            return out + "\""
        }
        var out = "flowchart LR\n"
        for n in nodes {
            switch n.shape {
            case "event": out += "  \(n.id)([\(q(n.label))])\n"
            case "episode": out += "  \(n.id){{\(q(n.label))}}\n"
            case "duty": out += "  \(n.id)[/\(q(n.label))/]\n"
            default: out += "  \(n.id)[\(q(n.label))]\n"
            }
        }
        for e in edges {
            let arrow = e.style == "discharge" || e.style == "cancel" || e.style == "reads" ? "-.->" : "-->"
            out += e.label.isEmpty ? "  \(e.from) \(arrow) \(e.to)\n" : "  \(e.from) \(arrow)|\(q(e.label))| \(e.to)\n"
        }
        return out
    }
}

extension String {
    func replacingOccurrences(_ a: String, _ b: String) -> String {
        guard contains(a) else { return self }
        return components(separatedBy: a).joined(separator: b)
    }
}
