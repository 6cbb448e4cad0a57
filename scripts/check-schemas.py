#!/usr/bin/env python3
"""Checks policyeval's JSON Schemas with an independent validator (Python's jsonschema).

Every shipped policy (YAML read as YAML 1.2, as editors read it), every example incident
and the report of each example validate; known-bad files (a misspelt key, a wrong type, a
wrong shape) do not, and `policyeval` refuses them too, so the schemas and the tool agree.

Usage, from the repository root: python3 scripts/check-schemas.py [--policyeval PATH]
Needs: pip install jsonschema pyyaml (or Debian's python3-jsonschema python3-yaml).
Ends with the line 'N passed, N failed'; exit 1 when anything failed.
"""
import argparse
import copy
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

try:
    import jsonschema
    import yaml
except ImportError as missing:
    print(f"skipped: {missing.name} is not installed (make schema-deps installs jsonschema and PyYAML)")
    sys.exit(0)


class Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2 core scalars, as editors read rule files: no dates, no sexagesimal numbers, no yes/no."""


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+0123456789.")),
]:
    Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), first)

passed = failed = 0


def result(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok    {what}")
    else:
        failed += 1
        print(f"FAIL  {what}{': ' + detail if detail else ''}")


def schema(policyeval, kind):
    text = subprocess.run([policyeval, "schema", kind], check=True, capture_output=True, text=True).stdout
    s = json.loads(text)
    jsonschema.Draft202012Validator.check_schema(s)
    return jsonschema.Draft202012Validator(s)


def errors(validator, instance):
    return sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))


def describe(errs):
    e = errs[0]
    return f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message[:300]}" + (f" (and {len(errs) - 1} more)" if len(errs) > 1 else "")


def expect_valid(validator, instance, what):
    errs = errors(validator, instance)
    result(not errs, what, describe(errs) if errs else "")


def expect_invalid(validator, instance, what):
    result(bool(errors(validator, instance)), what, "the schema accepted it")


def run(policyeval, *args):
    return subprocess.run([policyeval, *args], capture_output=True, text=True)


TUTORIAL = """\
policy: my-first-policy
title: Return home interviews
authority: Example Council
version: "1"
source: Example missing children protocol
calendar: england-and-wales
rules:
  - id: rhi-within-72-hours
    cite: "12.1"
    when: {event: missing.found}
    require:
      action: rhi.completed
      responsible: social_worker
      within: 72h
      unless: [rhi.declined]
"""

# Each: what is wrong, and the tutorial's text with that mistake made.
BAD_RULES = [
    ("a misspelt key in require (withn)", TUTORIAL.replace("within: 72h", "withn: 72h")),
    ("a misspelt top-level key (titel)", TUTORIAL.replace("title:", "titel:")),
    ("a misspelt key in a rule (requires)", TUTORIAL.replace("require:", "requires:")),
    ("a deadline of the wrong type (within: 72, a number)", TUTORIAL.replace("within: 72h", "within: 72")),
    ("a deadline in an unknown unit (72 hours)", TUTORIAL.replace("within: 72h", "within: 72 hours")),
    ("rules as text, not a list", TUTORIAL.split("rules:")[0] + "rules: none\n"),
    ("two trigger shapes at once (event and open)", TUTORIAL.replace("{event: missing.found}", "{event: missing.found, open: missing, for: 24h}")),
    ("an episode threshold without 'for'", TUTORIAL.replace("{event: missing.found}", "{open: missing}")),
    ("a fact trigger that is neither true nor false", TUTORIAL.replace("{event: missing.found}", "{fact: cp_plan, becomes: maybe}")),
    ("escalate without require", TUTORIAL.split("    require:")[0] + "    notify: [police]\n    escalate: [{notify: [police]}]\n"),
    ("responsible by office hours without out_of_hours", TUTORIAL.replace("responsible: social_worker", "responsible: {in_hours: social_worker}")),
    ("a missing required key (calendar)", TUTORIAL.replace("calendar: england-and-wales\n", "")),
    ("a policy id that is not lower-case words joined by hyphens", TUTORIAL.replace("my-first-policy", "My_First_Policy")),
]


def check_rules(policyeval, validator, root):
    files = sorted(f for f in glob.glob(os.path.join(root, "Policies", "**", "*.yaml"), recursive=True)
                   if not f.endswith(".tests.yaml") and os.path.basename(f) != "vocabulary.yaml"
                   and os.sep + "calendars" + os.sep not in f)
    result(len(files) >= 1, f"found {len(files)} shipped policies")
    for f in files:
        with open(f, encoding="utf-8") as h:
            expect_valid(validator, yaml.load(h, Loader=Yaml12Loader), f"rule file {os.path.relpath(f, root)} validates")
    expect_valid(validator, yaml.load(TUTORIAL, Loader=Yaml12Loader), "the README's tutorial policy validates")
    with tempfile.TemporaryDirectory() as tmp:
        good = os.path.join(tmp, "first.yaml")
        with open(good, "w", encoding="utf-8") as h:
            h.write(TUTORIAL)
        r = run(policyeval, "validate", good, "--policies", os.path.join(root, "Policies"))
        result(r.returncode == 0, "policyeval validate accepts the tutorial policy too", r.stdout + r.stderr)
        for i, (what, text) in enumerate(BAD_RULES):
            expect_invalid(validator, yaml.load(text, Loader=Yaml12Loader), f"bad rule file refused by the schema: {what}")
            path = os.path.join(tmp, f"bad-{i}.yaml")
            with open(path, "w", encoding="utf-8") as h:
                h.write(text)
            r = run(policyeval, "validate", path, "--policies", os.path.join(root, "Policies"))
            result(r.returncode == 1, f"  and by policyeval validate: {what}", f"exit {r.returncode}")


def as_of_times(root):
    """The --as-of each example's README row gives."""
    times = {}
    readme = os.path.join(root, "Examples", "README.md")
    if os.path.exists(readme):
        with open(readme, encoding="utf-8") as h:
            for name, t in re.findall(r"Examples/([\w.-]+\.json) --as-of (\S+?)`", h.read()):
                times[name] = t
    return times


def check_incidents_and_reports(policyeval, incident, report, root):
    examples = sorted(glob.glob(os.path.join(root, "Examples", "*.json")))
    result(len(examples) >= 1, f"found {len(examples)} example incidents")
    times = as_of_times(root)
    sample_report = None
    for f in examples:
        name = os.path.basename(f)
        with open(f, encoding="utf-8") as h:
            data = json.load(h)
        expect_valid(incident, data, f"incident Examples/{name} validates")
        r = run(policyeval, "check", f, "--as-of", times.get(name, "2026-12-31T00:00:00Z"), "--format", "json")
        if r.returncode not in (0, 1):
            result(False, f"report of Examples/{name}", r.stderr)
            continue
        produced = json.loads(r.stdout)
        expect_valid(report, produced, f"report of Examples/{name} validates")
        # The report to spoil below: one with duties, notifications and escalations.
        if produced["obligations"] and (sample_report is None or len(produced["escalations"]) > len(sample_report["escalations"])):
            sample_report = produced
    # A stream: the subject file and one event line, by the schema's own definitions.
    with open(examples[0], encoding="utf-8") as h:
        data = json.load(h)
    subject_file = {"incident": data["incident"]}
    by_ref = lambda name: jsonschema.Draft202012Validator({"$ref": f"#/$defs/{name}", **{k: v for k, v in incident.schema.items() if k == "$defs"}})
    expect_valid(by_ref("subjectFile"), subject_file, "a stream's subject file validates as $defs/subjectFile")
    expect_valid(by_ref("event"), data["events"][0], "a stream's event line validates as $defs/event")
    expect_invalid(by_ref("subjectFile"), data, "a whole incident is not a subject file")

    # Known-bad incidents: what is wrong, the change, and whether `check` refuses it too.
    def changed(change):
        d = copy.deepcopy(data)
        change(d)
        return d
    bad = [
        ("a misspelt key (timezon); check ignores it and uses Europe/London", lambda d: d["incident"].update(timezon=d["incident"].pop("timezone", "Europe/London")), False),
        ("a misspelt event key (tyme)", lambda d: d["events"][0].update(tyme=d["events"][0].pop("time")), True),
        ("a time of the wrong type (a number)", lambda d: d["events"][0].update(time=5), True),
        ("a time without an offset", lambda d: d["events"][0].update(time="2026-03-14T22:10:00"), True),
        ("a fact of the wrong type (\"yes\")", lambda d: d["incident"]["subject"].setdefault("facts", {}).update(looked_after="yes"), True),
        ("events as an object, not a list", lambda d: d.update(events={}), True),
        ("no subject id", lambda d: d["incident"]["subject"].pop("id"), True),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for i, (what, change, refused) in enumerate(bad):
            d = changed(change)
            expect_invalid(incident, d, f"bad incident refused by the schema: {what}")
            if refused:
                path = os.path.join(tmp, f"bad-{i}.json")
                with open(path, "w", encoding="utf-8") as h:
                    json.dump(d, h)
                r = run(policyeval, "check", path, "--as-of", "2026-12-31T00:00:00Z")
                result(r.returncode == 2, f"  and by policyeval check: {what}", f"exit {r.returncode}")

    if sample_report is None:
        result(False, "a report with obligations to spoil")
        return
    def spoiled(change):
        d = copy.deepcopy(sample_report)
        change(d)
        return d
    bad_reports = [
        ("a misspelt key (statuz)", lambda d: d["obligations"][0].update(statuz=d["obligations"][0].pop("status"))),
        ("a status outside the contract (done)", lambda d: d["obligations"][0].update(status="done")),
        ("a count of the wrong type (\"2\")", lambda d: d["summary"].update(met=str(d["summary"]["met"]))),
        ("an instant not in UTC", lambda d: d.update(as_of=d["as_of"].replace("Z", "+01:00"))),
        ("a missing field (as_of)", lambda d: d.pop("as_of")),
        ("an escalation of an unknown kind", lambda d: d["escalations"][0].update(kind="alert")),
        ("an escalation with an indeterminate notification's 'unknown'", lambda d: d["escalations"][0].update(unknown=["facts.cp_plan"])),
        ("an indeterminate notification without 'unknown'", lambda d: d["indeterminate_notifications"].append(copy.deepcopy(d["escalations"][0]))),
    ]
    result(len(sample_report["escalations"]) > 0, "a report with escalations to spoil")
    ok = copy.deepcopy(sample_report)
    ok["indeterminate_notifications"].append(dict(copy.deepcopy(ok["escalations"][0]), unknown=["facts.cp_plan"]))
    expect_valid(report, ok, "an indeterminate notification with 'unknown' validates")
    for what, change in bad_reports:
        expect_invalid(report, spoiled(change), f"bad report refused by the schema: {what}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policyeval", default=".build/debug/policyeval")
    parser.add_argument("--root", default=".")
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    policyeval = os.path.abspath(args.policyeval)
    os.chdir(root)
    validators = {}
    for kind in ("rules", "incident", "report"):
        try:
            validators[kind] = schema(policyeval, kind)
            result(True, f"policyeval schema {kind} is a valid draft 2020-12 schema")
        except Exception as e:  # a bad schema, or no binary
            result(False, f"policyeval schema {kind}", str(e)[:500])
    if len(validators) == 3:
        check_rules(policyeval, validators["rules"], root)
        check_incidents_and_reports(policyeval, validators["incident"], validators["report"], root)
    print(f"schemas: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
