#!/usr/bin/env python3
"""A mutation fuzzer over the policyeval command line (run by `make fuzz`).

Starts from the example incidents (Examples/*.json), mutates them (times, types, data,
ids, zones, facts, policies, structure, bytes), runs `policyeval check` on each and checks
the command line's invariants:

  - the exit status is 0, 1 or 2 (3 only when standard output cannot be written);
  - on 2, standard output is empty and standard error says why; on 0 and 1, standard
    error is empty;
  - the summary agrees with the exit status (exit 1 exactly when something is overdue,
    late or early: the JSON summary's counts, the text report's third line);
  - the JSON report parses, and its summary counts its entries;
  - no control character but newlines and tabs on either stream;
  - the events shuffled (events at the same instant kept in file order) give the same
    report, and the same input gives the same bytes;
  - the events given as a stream (--events, --subject) give the same report as the file;
  - with standard output on /dev/full, a report is exit 3 and a message.

Also, once a run, a list of crafted cases (deep nesting, odd numbers, bad UTF-8, forged
ids, limits). Findings are written to --out (input, arguments, what broke).

    python3 scripts/cli-fuzz.py --binary .build/release/policyeval --seconds 300 --out .build/fuzz/cli
    python3 scripts/cli-fuzz.py --dictionaries .build/fuzz     # libFuzzer dictionaries

Deterministic for a given --seed (default: the time), apart from how far it gets.
"""
import argparse
import datetime as dt
import glob
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def vocabulary():
    """Event types with their data fields, facts and roles, read from Policies/vocabulary.yaml
    line by line (its flow mappings use `name?:`, which general YAML readers refuse)."""
    section, out = None, {"events": {}, "facts": {}, "roles": {}}
    with open(os.path.join(ROOT, "Policies", "vocabulary.yaml"), encoding="utf-8") as f:
        for line in f:
            top = re.match(r"^([a-z_]+):", line)
            if top:
                section = top.group(1)
                continue
            m = re.match(r"^  ([a-z_][a-z0-9_.]*):\s*(.*)$", line)
            if not m or section not in out:
                continue
            name, rest = m.groups()
            if section == "events":
                data = re.search(r"data: \{([^}]*)\}", rest)
                fields = {}
                for part in (data.group(1).split(",") if data else []):
                    if ":" in part:
                        k, v = part.split(":", 1)
                        fields[k.strip()] = v.strip()
                out["events"][name] = {"data": fields}
            else:
                out[section][name] = rest
    return out


def parse_fields(spec):
    """{'data': {'risk': 'high|medium|low', 'from?': ...}} -> [(name, optional, type)]"""
    out = []
    for k, v in ((spec or {}).get("data") or {}).items():
        out.append((k.rstrip("?"), k.endswith("?"), str(v)))
    return out


def write_dictionaries(folder):
    v = vocabulary()
    events = v.get("events", {})
    facts = list(v.get("facts", {}).keys())
    roles = list((v.get("roles") or {}).keys())
    fields, enums = set(), set()
    for spec in events.values():
        for name, _, t in parse_fields(spec):
            fields.add(name)
            if "|" in t:
                enums.update(t.split("|"))
    def q(s):
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    incident = ['"\\"%s\\""' % e for e in events] + ['"\\"%s\\":"' % f for f in sorted(fields | {"incident", "events", "id", "type", "time", "data", "subject", "facts", "born", "timezone", "policy"})]
    incident += ['"\\"%s\\""' % e for e in sorted(enums)] + ['"\\"%s\\""' % r for r in roles]
    incident += [q(x) for x in ["2026-03-14T22:10:00Z", "+01:00", "Europe/London", "true", "false", "null", "[]", "{}", "\\u0000", "\\ud800", "1e308", "-0"]]
    policy = [q(x) for x in ["policy: ", "rules:", "- id: ", "cite: ", "when: ", "require: ", "action: ", "within: ", "notify: ", "escalate:",
                             "event: ", "open: ", "for: ", "overdue: ", "fact: ", "becomes: ", "is: ", "if: ", "only_if: ", "unless: ",
                             "repeat: ", "every: ", "until: ", "while: ", "before: ", "from: ", "not_before: ", "after: ", "responsible: ",
                             "office_hours: ", "immediate: ", "roles: ", "calendar: england-and-wales", "title: ", "authority: ",
                             "version: ", "source: ", "24h", "15wd", "3mo", "2wh", "immediately", "{before: event.date, by: 3wd}",
                             "{at: event.date}", "in hours:", "out of hours:", "!!str", "&a", "*a", "---", "\\e[31m"]]
    policy += [q(e) for e in events] + [q("facts." + f) for f in facts] + [q(r) for r in roles]
    expression = [q(x) for x in ["and", "or", "not", " in ", "==", "!=", ">=", "<=", "age", "episode.duration", "episode.overnight",
                                 "episode.risk", "event.type", "count(", ", within: ", "episodes(missing", "28d", "24h", "6w", "\"high\"", "[", "]", "(", ")"]]
    expression += [q("facts." + f) for f in facts] + [q("event." + f) for f in sorted(fields)] + [q(e) for e in events]
    for name, lines in [("incident", incident), ("policy", policy), ("expression", expression)]:
        with open(os.path.join(folder, name + ".dict"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


# MARK: Mutations

ZONES = ["Europe/London", "America/New_York", "Asia/Kolkata", "Pacific/Chatham", "Australia/Lord_Howe", "UTC", "Europe/Dublin",
         "Europe/Londn", "BST", "GMT+5", "", "Europe/London\u001b[2J", "Jane Smith"]
ODD_STRINGS = ["", " ", "\u0000", "\u001b[2J", "line\nOVERDUE\n  [met] forged", "\u202eevil", "\u2028", "Jane Smith 17/05/2010",
               "07700 900123", "943 476 5919", "é" * 50, "😀", "\ud7ff", "a" * 5000, "missing.fond", "MISSING.FOUND", "null"]
ODD_NUMBERS = [0, -1, 1, 3, 2**53, -(2**63), 1e308, -1e-308, 0.5, 9434765919]


class Mutator:
    def __init__(self, rng, vocab):
        self.rng = rng
        self.events = vocab.get("events", {})
        self.types = list(self.events)
        self.facts = list(vocab.get("facts", {}))
        self.roles = list((vocab.get("roles") or {}).keys())

    def time(self, t):
        r = self.rng
        choice = r.randrange(12)
        try:
            base = dt.datetime.fromisoformat(t.replace("Z", "+00:00")) if isinstance(t, str) else None
        except ValueError:
            base = None
        if base is None:
            base = dt.datetime(2026, 3, 14, 22, 10, tzinfo=dt.timezone.utc)
        if choice < 6:
            # Near the clock changes, year ends, leap days and the calendars' edges now and then.
            anchors = [base, dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.timezone.utc), dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.timezone.utc),
                       dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.timezone.utc), dt.datetime(2028, 2, 29, 12, tzinfo=dt.timezone.utc),
                       dt.datetime(2030, 12, 31, 12, tzinfo=dt.timezone.utc), dt.datetime(2018, 1, 1, 0, tzinfo=dt.timezone.utc)]
            try:
                t2 = r.choice(anchors) + dt.timedelta(seconds=r.choice([0, 1, -1, 59, 3600, -3600, 86400, r.randrange(-40 * 86400, 40 * 86400)]))
                t2.astimezone(dt.timezone.utc)
            except (OverflowError, ValueError):
                t2 = dt.datetime(2026, 3, 14, 22, 10, tzinfo=dt.timezone.utc)
            offset = r.choice(["Z", "+00:00", "+01:00", "-05:00", "+05:30", "+14:00", "-12:00"])
            if offset == "Z":
                return t2.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            sign = 1 if offset[0] == "+" else -1
            delta = dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])) * sign
            return t2.astimezone(dt.timezone(delta)).strftime("%Y-%m-%dT%H:%M:%S") + offset
        if choice < 10:
            return t
        return r.choice([
            t, t[:-1] if isinstance(t, str) else t, "2026-02-30T10:00:00Z", "2026-03-14T24:00:00Z", "2026-03-14T23:59:60Z",
            "2026-03-14T22:10:00.999999999Z", "2026-03-14t22:10:00z", "2026-03-14 22:10:00Z", "1900-01-01T00:00:00Z",
            "2099-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "2026-03-14T22:10:00+25:00", "+2026-03-14T22:10:00Z",
            "2026-03-14T22:10Z", "2026-03-14", 20260314, None, "", "07700 900123"])

    def value_for(self, t):
        r = self.rng
        if r.random() < 0.05:
            return r.choice(ODD_STRINGS + ODD_NUMBERS + [True, False, None, [], {}, [[[]]]])
        if t == "bool":
            return r.random() < 0.5
        if t == "int":
            return r.choice([0, 1, 2, 3, 7, -1, 100000])
        if t == "time":
            return self.time("2026-03-15T10:00:00Z")
        if t == "date":
            return r.choice(["2026-03-20", "2026-03-29", "2026-12-25", "2028-02-29", "2027-02-29", "2030-12-31", "2031-01-01", "2017-12-31"])
        if t == "role":
            return r.choice(self.roles + ["polise", ""])
        if t == "[role]":
            return r.sample(self.roles, min(len(self.roles), r.randrange(4))) + ([r.choice(["polise"])] if r.random() < 0.1 else [])
        if "|" in t:
            vals = t.split("|")
            return r.choice(vals) if r.random() < 0.85 else r.choice([v[:-1] for v in vals] + [v.upper() for v in vals])
        return r.choice(["ref-1", "x", "Jane Smith"])

    def data_for(self, type_name):
        d = {}
        for name, optional, t in parse_fields(self.events.get(type_name)):
            if optional and self.rng.random() < 0.5:
                continue
            d[name] = self.value_for(t)
        return d

    def event(self, ev, incident):
        r = self.rng
        # Mostly mutations that keep the event valid (times, other types, other data, ties),
        # so that most cases are evaluated; a fifth that break it.
        k = r.choice([0, 0, 0, 1, 1, 3, 3, 10, 10, 10, 11, 11] * 4 + [2, 4, 5, 6, 7, 8, 9] * 2)
        if k == 0:
            ev["time"] = self.time(ev.get("time"))
        elif k == 1:
            t = r.choice(self.types)
            ev["type"], ev["data"] = t, self.data_for(t)
        elif k == 2:
            ev["type"] = r.choice([ev.get("type", "")[:-1], ev.get("type", "") + "s", r.choice(ODD_STRINGS), None, 7])
        elif k == 3:
            ev["data"] = self.data_for(ev.get("type"))
        elif k == 4 and isinstance(ev.get("data"), dict) and ev["data"]:
            key = r.choice(list(ev["data"]))
            ev["data"][key] = r.choice(ODD_STRINGS + ODD_NUMBERS + [None, True, [], {}])
        elif k == 5 and isinstance(ev.get("data"), dict) and ev["data"]:
            del ev["data"][r.choice(list(ev["data"]))]
        elif k == 6:
            ev["id"] = r.choice(ODD_STRINGS + ["e1", "E1", "x" * 41, 7, None])
        elif k == 7:
            ev[r.choice(["Data", "ID", "extra", "specversion", "source", "subject"])] = r.choice(["1.0", "x", {}, None])
        elif k == 8:
            ev.pop(r.choice(["id", "type", "time", "data"]), None)
        elif k == 9:
            ev["data"] = r.choice([None, [], "x", {"unknown": 1}])
        else:
            # A time shared with another event: ties.
            events = incident.get("events") or []
            if events:
                ev["time"] = r.choice(events).get("time")
        return ev

    def incident(self, doc):
        r = self.rng
        events = doc.setdefault("events", [])
        header = doc.setdefault("incident", {})
        for _ in range(r.randrange(1, 3)):
            k = r.choice(list(range(17)) + [0, 1, 2, 3, 4, 5, 6, 7, 9] * 2)
            if k <= 6 and events:
                i = r.randrange(len(events))
                if isinstance(events[i], dict):
                    events[i] = self.event(dict(events[i]), doc)
            elif k == 7 and events:
                copy = dict(r.choice(events)) if isinstance(r.choice(events), dict) else {}
                copy["id"] = "dup%d" % r.randrange(1000) if r.random() < 0.8 else copy.get("id")
                events.insert(r.randrange(len(events) + 1), copy)
            elif k == 8 and events:
                del events[r.randrange(len(events))]
            elif k == 9:
                t = r.choice(self.types)
                events.append({"id": "n%d" % r.randrange(10000), "type": t, "time": self.time("2026-03-15T10:00:00Z"), "data": self.data_for(t)})
            elif k == 10 and isinstance(header, dict):
                header["timezone"] = r.choice(ZONES)
            elif k == 11 and isinstance(header, dict):
                subject = header.setdefault("subject", {})
                if isinstance(subject, dict):
                    facts = subject.setdefault("facts", {})
                    if isinstance(facts, dict) and self.facts:
                        facts[r.choice(self.facts)] = r.choice([True, False, None, "yes"])
            elif k == 12 and isinstance(header, dict):
                subject = header.setdefault("subject", {})
                if isinstance(subject, dict):
                    subject["born"] = r.choice(["2010-05-17", "2012-02-29", "2026-03-14", "2030-01-01", "1990-01-01", "2010-13-01", None, 2010])
            elif k == 13 and isinstance(header, dict):
                header["id"] = r.choice(ODD_STRINGS + ["I-1"])
            elif k == 14 and isinstance(header, dict):
                header["policy"] = r.choice(["bcp-missing-children", "dorset-cp-plan-leaving-country", "dorset-recovery-orders",
                                             "leicestershire-practice-standards", "sutton-safeguarding-adolescents", "bcp-missing-childre", None])
            elif k == 15 and events:
                # Several events of types the vocabulary does not have (read with --allow-unknown-types
                # as warnings, one an event, in an order of their own).
                for ev in r.sample(events, min(len(events), r.randrange(2, 5))):
                    if isinstance(ev, dict) and isinstance(ev.get("type"), str):
                        ev["type"] = ev["type"] + r.choice(["x", "s", ".old"])
            else:
                r.shuffle(events)
        return doc


def byte_mutation(rng, data):
    b = bytearray(data)
    for _ in range(rng.randrange(1, 4)):
        k = rng.randrange(6)
        if not b:
            b += b"{"
        i = rng.randrange(len(b))
        if k == 0:
            b[i] = rng.randrange(256)
        elif k == 1:
            del b[i:i + rng.randrange(1, 8)]
        elif k == 2:
            b[i:i] = rng.choice([b"{", b"}", b"[", b"]", b",", b":", b'"', b"\\", b"\x00", b"\xff", b"\xc0\x80", b"\xef\xbb\xbf", b"\n", b"1e999"])
        elif k == 3:
            b = b[:i]
        elif k == 4:
            j = rng.randrange(len(b))
            b[i:i] = b[j:j + rng.randrange(1, 64)]
        else:
            b = bytearray(b"\xef\xbb\xbf") + b
    return bytes(b)


CRAFTED = [
    b"", b"null", b"[]", b"\"x\"", b"0", b"{}", b"\xef\xbb\xbf{}", b"{" * 300 + b"}" * 300, b"[" * 300 + b"]" * 300,
    b'{"incident": {"id": "I", "subject": {"id": "C"}}, "events": [' + b"[" * 260 + b"]" * 260 + b"]}",
    b'{"incident": {"id": "I", "subject": {"id": "C"}}, "events": []}',
    b'{"incident": {"id": "I", "subject": {"id": "C"}}, "events": [], "events": []}',
    b'{"incident": {"id": "I", "subject": {"id": "C"}, "id": "J"}, "events": []}',
    b'{"incident": {"id": "I", "subject": {"id": "C"}}, "events": [{"id": "\\ud800", "type": "missing.found", "time": "2026-03-14T22:10:00Z"}]}',
    b'{"incident": {"id": "I", "subject": {"id": "C"}}, "events": [{"id": "e", "type": "missing.reported", "time": "2026-03-14T22:10:00Z", "data": {"risk": "low", "last_seen": "1970-01-01T00:00:00Z"}}]}',
    b'{"incident": {"id": "I", "subject": {"id": "C"}}, "events": [{"id": "e", "type": "missing.reported", "time": "2026-03-14T22:10:00Z", "data": {"risk": 1e400}}]}',
    b'{"incident": {"id": "I", "subject": {"id": "C", "born": "0001-01-01"}}, "events": [{"id": "e", "type": "missing.found", "time": "2026-03-14T22:10:00Z"}]}',
    b'{"incident": {"id": "I\\nOVERDUE", "subject": {"id": "C"}}, "events": [{"id": "e\\u001b[2J", "type": "missing.reported", "time": "2026-03-14T22:10:00Z", "data": {"risk": "high"}}]}',
    b'{"incident": {"id": "I", "timezone": "Pacific/Kiritimati", "subject": {"id": "C"}}, "events": [{"id": "e", "type": "missing.reported", "time": "2030-12-31T23:00:00Z", "data": {"risk": "high"}}]}',
    b'{"incident": {"id": "I", "subject": {"id": "C"}}, "events": [{"id": "e", "type": "missing.reported", "time": "2026-03-14T22:10:00.5Z", "data": {"risk": "low"}}, {"id": "f", "type": "missing.found", "time": "2026-03-14T22:10:00.1Z"}]}',
    b"\xff\xfe{\x00}\x00",
]


# MARK: Running and checking

class Runner:
    def __init__(self, binary, out, policies):
        self.binary = os.path.abspath(binary)
        self.out = out
        self.policies = policies
        self.runs = 0
        self.cases = 0
        self.findings = []
        self.statuses = {}
        self.tmp = tempfile.mkdtemp(prefix="policyeval-cli-fuzz-")

    def run(self, args, stdout_path=None, timeout=60):
        self.runs += 1
        out = open(stdout_path, "wb") if stdout_path else subprocess.PIPE
        try:
            p = subprocess.run([self.binary] + args, stdout=out, stderr=subprocess.PIPE, cwd=ROOT, timeout=timeout,
                               env=dict(os.environ, POLICYEVAL_POLICIES=self.policies))
        except subprocess.TimeoutExpired:
            return None
        finally:
            if stdout_path:
                out.close()
        return p.returncode, (p.stdout or b""), p.stderr

    def write(self, name, data):
        path = os.path.join(self.tmp, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def finding(self, reason, data, args, other=None):
        """Writes the input (and, for a comparison, the other input) and what broke."""
        n = len(self.findings) + 1
        os.makedirs(self.out, exist_ok=True)
        base = os.path.join(self.out, "finding-%03d" % n)
        with open(base + ".json", "wb") as f:
            f.write(data)
        if other is not None:
            with open(base + ".other.json", "wb") as f:
                f.write(other)
        with open(base + ".txt", "w", encoding="utf-8") as f:
            f.write("reason: %s\nargs: %s\n" % (reason, " ".join(args)))
        self.findings.append((reason, base))
        print("FOUND %s: %s" % (base, reason), flush=True)

    def check_one(self, data, args, label):
        """Runs check on `data` with `args`; returns (status, stdout) or None after a finding."""
        path = self.write("incident.json", data)
        full = ["check", path] + args
        r = self.run(full)
        if r is None:
            self.finding("timed out after 60 s", data, full)
            return None
        status, out, err = r
        if label == "check":
            self.statuses[status] = self.statuses.get(status, 0) + 1
        o, e = out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
        problems = []
        if status not in (0, 1, 2):
            problems.append("exit status %d (%s)" % (status, e[-300:]))
        if status == 2 and out:
            problems.append("output on stdout with exit 2")
        if status == 2 and not err:
            problems.append("exit 2 with nothing on stderr")
        if status in (0, 1) and err:
            problems.append("exit %d with stderr: %s" % (status, e[:300]))
        if CONTROL.search(o) or CONTROL.search(e):
            problems.append("a control character in the output: %r" % (CONTROL.search(o) or CONTROL.search(e)).group(0))
        if status in (0, 1):
            if "--format" in args and args[args.index("--format") + 1] == "json":
                try:
                    report = json.loads(o)
                    s = report["summary"]
                    breach = s["overdue"] + s["late"] + s["early"] > 0
                    if breach != (status == 1):
                        problems.append("the JSON summary (%d overdue, %d late, %d early) disagrees with exit %d" % (s["overdue"], s["late"], s["early"], status))
                    for k in ["met", "late", "early", "overdue", "pending", "cancelled", "indeterminate"]:
                        n = sum(1 for ob in report["obligations"] if ob["status"] == k)
                        if n != s[k]:
                            problems.append("summary.%s is %d, the obligations hold %d" % (k, s[k], n))
                    if s["notifications"] + s["overdue_escalations"] != s["escalations"]:
                        problems.append("summary.notifications and overdue_escalations do not add up to escalations")
                    if s["escalations"] != len(report["escalations"]):
                        problems.append("summary.escalations disagrees with the list")
                except (ValueError, KeyError, TypeError) as x:
                    problems.append("the JSON report does not parse or lacks its summary: %s" % x)
            else:
                lines = o.split("\n")
                summary = lines[2] if len(lines) > 2 else ""
                breach = re.search(r"\b\d+ (overdue|late|early)\b", summary) is not None
                if breach != (status == 1):
                    problems.append("the text summary line %r disagrees with exit %d" % (summary, status))
                if not lines[1].startswith("Incident "):
                    problems.append("the second line is not the incident's: %r" % lines[1][:100])
        for p in problems:
            self.finding("%s: %s" % (label, p), data, full)
        return None if problems else (status, out)

    def case(self, doc_bytes, args, doc=None):
        self.cases += 1
        first = self.check_one(doc_bytes, args, "check")
        if first is None:
            return
        status, out = first
        r = self.rng
        # Same input, same bytes.
        if r.random() < 0.25:
            again = self.check_one(doc_bytes, args, "again")
            if again is not None and again != first:
                self.finding("the same input gave different output", doc_bytes, args)
        # Shuffled, ties kept in order.
        if doc is not None and isinstance(doc.get("events"), list) and len(doc["events"]) > 1:
            shuffled = shuffle_keeping_ties(r, doc)
            if shuffled is not None:
                b = json.dumps(shuffled, ensure_ascii=r.random() < 0.5).encode("utf-8", "surrogatepass")
                other = self.check_one(b, args, "shuffled")
                if other is not None and (other[0] != status or (status != 2 and other[1] != out)):
                    self.finding("the events shuffled gave another report (exit %d, was %d; the shuffled file is .other.json)" % (other[0], status),
                                 doc_bytes, args, other=b)
        # The same events as a stream.
        if doc is not None and status != 2 and r.random() < 0.3 and isinstance(doc.get("events"), list):
            subject = self.write("subject.json", json.dumps({"incident": doc.get("incident")}).encode("utf-8", "surrogatepass"))
            lines = "\n".join(json.dumps(e) for e in doc["events"]) + "\n"
            events = self.write("events.jsonl", lines.encode("utf-8", "surrogatepass"))
            full = ["check", "--events", events, "--subject", subject] + args
            s = self.run(full)
            if s is not None and (s[0] != status or s[1] != out):
                self.finding("the events as a stream gave another report (exit %d, was %d): %s" % (s[0], status, s[2].decode("utf-8", "replace")[:200]),
                             doc_bytes, full)
        # A report that cannot be written.
        if status != 2 and out and r.random() < 0.05 and os.path.exists("/dev/full"):
            path = self.write("incident.json", doc_bytes)
            full = ["check", path] + args
            s = self.run(full, stdout_path="/dev/full")
            if s is not None and (s[0] != 3 or b"cannot write" not in s[2]):
                self.finding("stdout on /dev/full: exit %d, stderr %r" % (s[0], s[2][:200]), doc_bytes, full)


def shuffle_keeping_ties(rng, doc):
    """The events in a random order, those at the same instant (to the second) kept in file
    order; None when a time cannot be read here (the order of errors is then not defined)."""
    events = doc["events"]
    keys = []
    for e in events:
        t = e.get("time") if isinstance(e, dict) else None
        if not isinstance(t, str) or not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", t):
            return None
        try:
            keys.append(int(dt.datetime.fromisoformat(re.sub(r"\.\d+", "", t).replace("Z", "+00:00")).timestamp()))
        except ValueError:
            return None
    order = list(range(len(events)))
    rng.shuffle(order)
    # Within each instant, put the group's members back in file order in the group's places.
    groups = {}
    for pos, i in enumerate(order):
        groups.setdefault(keys[i], []).append(pos)
    result = [None] * len(events)
    for k, positions in groups.items():
        members = sorted(i for i in range(len(events)) if keys[i] == k)
        for pos, i in zip(positions, members):
            result[pos] = events[i]
    out = dict(doc)
    out["events"] = result
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build/release/policyeval"))
    ap.add_argument("--seconds", type=float, default=300)
    ap.add_argument("--out", default=os.path.join(ROOT, ".build/fuzz/cli"))
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--dictionaries", metavar="FOLDER", help="write libFuzzer dictionaries from the vocabulary and stop")
    a = ap.parse_args()
    if a.dictionaries:
        write_dictionaries(a.dictionaries)
        return 0
    seed = a.seed if a.seed is not None else int(time.time())
    rng = random.Random(seed)
    vocab = vocabulary()
    mut = Mutator(rng, vocab)
    runner = Runner(a.binary, a.out, os.path.join(ROOT, "Policies"))
    runner.rng = rng
    seeds = []
    for path in sorted(glob.glob(os.path.join(ROOT, "Examples", "*.json"))):
        with open(path, "rb") as f:
            seeds.append(json.loads(f.read()))
    start = time.time()
    print("cli-fuzz: seed %d, %d example incidents, %.0f s" % (seed, len(seeds), a.seconds), flush=True)

    def options(doc):
        args = ["--format", rng.choice(["text", "json"])]
        # An instant near the record's end (ten days after its last event), or elsewhere now and then.
        last = None
        for e in (doc or {}).get("events", []) if isinstance(doc, dict) and isinstance(doc.get("events"), list) else []:
            t = e.get("time") if isinstance(e, dict) else None
            if isinstance(t, str) and (last is None or t > last):
                last = t
        try:
            base = dt.datetime.fromisoformat(last.replace("Z", "+00:00")) if last else dt.datetime(2026, 3, 20, 9, tzinfo=dt.timezone.utc)
        except ValueError:
            base = dt.datetime(2026, 3, 20, 9, tzinfo=dt.timezone.utc)
        try:
            as_of = base + dt.timedelta(seconds=rng.choice([0, 1, 3600, 86400 * 10, 86400 * 100, -86400, rng.randrange(-86400 * 30, 86400 * 400)]))
            as_of.astimezone(dt.timezone.utc)
        except (OverflowError, ValueError):
            as_of = dt.datetime(2026, 3, 20, 9, tzinfo=dt.timezone.utc)
        if rng.random() < 0.03:
            args += ["--as-of", rng.choice(["2026-03-20", "2026-03-20T09:00:00", "9999-12-31T23:59:59Z", "2017-01-01T00:00:00Z"])]
        else:
            args += ["--as-of", as_of.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")]
        if rng.random() < 0.3:
            args.append("--allow-unknown-types")
        if not (isinstance(doc, dict) and isinstance(doc.get("incident"), dict) and doc["incident"].get("policy")) or rng.random() < 0.1:
            args += ["--policy", rng.choice(["bcp-missing-children", "dorset-recovery-orders", "sutton-safeguarding-adolescents",
                                            "leicestershire-practice-standards", "dorset-cp-plan-leaving-country"])]
        return args

    for data in CRAFTED:
        runner.case(data, options(None))
    while time.time() - start < a.seconds:
        doc = json.loads(json.dumps(rng.choice(seeds)))
        doc = mut.incident(doc)
        try:
            data = json.dumps(doc, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
        except (TypeError, ValueError):
            continue
        if rng.random() < 0.05:
            runner.case(byte_mutation(rng, data), options(doc))
        else:
            runner.case(data, options(doc), doc)
    elapsed = time.time() - start
    print("cli-fuzz: %d cases, %d runs of the binary in %.0f s (%.1f runs/s), exit statuses %s, %d findings"
          % (runner.cases, runner.runs, elapsed, runner.runs / max(elapsed, 1),
             ", ".join("%d: %d" % kv for kv in sorted(runner.statuses.items())), len(runner.findings)), flush=True)
    reasons = {}
    for reason, base in runner.findings:
        reasons.setdefault(reason.split(":")[0] + ":" + reason.split(":")[1][:60] if ":" in reason else reason, base)
    for r, base in sorted(reasons.items()):
        print("  %s (e.g. %s)" % (r, base))
    return 1 if runner.findings else 0


if __name__ == "__main__":
    sys.exit(main())
