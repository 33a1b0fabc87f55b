"""The JUnit XML report, for CI dashboards: one testsuite per rule, one testcase per rule and subject.

How the statuses map (the spec leaves it to us):

| what the rule said about a subject            | testcase                                   |
|-----------------------------------------------|--------------------------------------------|
| a finding of severity error                   | fails: one `<failure>` naming every error  |
| only warnings or info                         | passes; the findings in `<system-out>`     |
| an obligation pending (not yet due)           | passes; the due date in `<system-out>`     |
| a waived finding                              | passes; the waiver in `<system-out>`       |
| a rule with no findings and nothing pending   | one passing testcase named after the rule  |
| a rule not applicable                         | one testcase `<skipped message="why">`     |

Pending obligations pass rather than skip: they were judged, and as of the day they hold; a skip
would read as "not run".  Warnings pass because they do not fail the run (exit 0), except with
`--strict`, under which they fail it (exit 1): their testcases then fail too, so that a dashboard agrees
with the exit code.
The testcase's `classname` is the rule id, its `name` the subject (`party Espoo, installment 2024`).
ElementTree escapes the text; characters XML cannot hold at all are written out first.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ._common import by_subject, evidence_of, human_date, ordered, row_text, subject_text, \
    where_text, xml_text
from .model import Finding, Pending, Report, RuleResult


def render(report: Report, color: bool = False, explain: bool = False, strict: bool = False) -> str:
    root = ET.Element("testsuites", name="digione-rules")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    failing = ("error", "warning") if strict else ("error",)
    for result in ordered(report):
        suite = _suite(report, result, explain, failing)
        root.append(suite)
        for k in totals:
            totals[k] += int(suite.get(k))
    for k, v in totals.items():
        root.set(k, str(v))
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _suite(report: Report, r: RuleResult, explain: bool, failing: tuple[str, ...]) -> ET.Element:
    suite = ET.Element("testsuite", name=xml_text(r.rule))
    props = ET.SubElement(suite, "properties")
    for name, value in (("title", r.title), ("source", r.source), ("severity", r.severity),
                        ("status", r.status), ("as_of", report.as_of)):
        ET.SubElement(props, "property", name=name, value=xml_text(value))
    cases: list[ET.Element] = []
    if r.status == "not_applicable":
        case = _case(r, r.rule)
        ET.SubElement(case, "skipped", message=xml_text(r.reason or "not applicable"))
        cases.append(case)
    else:
        for subject, findings, pending in by_subject(r):
            cases.append(_subject_case(r, subject, findings, pending, explain, failing))
        if not cases:
            cases.append(_case(r, r.rule))
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
    suite.set("errors", "0")
    suite.set("skipped", str(sum(1 for c in cases if c.find("skipped") is not None)))
    suite.extend(cases)
    return suite


def _case(r: RuleResult, name: str) -> ET.Element:
    return ET.Element("testcase", classname=xml_text(r.rule), name=xml_text(name))


def _subject_case(r: RuleResult, subject: dict, findings: list[Finding], pending: list[Pending],
                  explain: bool, failing: tuple[str, ...]) -> ET.Element:
    case = _case(r, subject_text(subject) if subject else r.rule)
    errors = [f for f in findings if f.severity in failing and f.waived is None]
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        failure = ET.SubElement(case, "failure", message=xml_text(errors[0].message + more),
                                type=errors[0].severity)
        failure.text = xml_text("\n".join(f"{f.severity}: {f.message}\n{_details(r, f, explain)}" for f in errors))
    notes: list[str] = []
    for f in findings:
        if f not in errors:
            word = "waived" if f.waived is not None else f.severity
            notes.append(f"{word}: {f.message}\n{_details(r, f, explain)}")
    for p in pending:
        due = f"due {human_date(p.due)}" if p.due else "no due date yet"
        notes.append(f"pending ({due}): {p.message}\n{_evidence_lines(p.evidence, 0)}")
    if notes:
        ET.SubElement(case, "system-out").text = xml_text("\n\n".join(n.rstrip("\n") for n in notes) + "\n")
    return case


def _details(r: RuleResult, f: Finding, explain: bool) -> str:
    lines = [f"rule: {r.rule} ({r.title})", f"source: {r.source}", f"subject: {subject_text(f.subject)}"]
    if f.expected is not None or f.actual is not None:
        lines.append(f"expected: {f.expected or '–'}")
        lines.append(f"actual: {f.actual or '–'}")
    if f.waived is not None:
        w = f.waived
        lines.append(f"waived: {w.justification} ({w.decision}, until {w.expires}; {w.file}:{w.line})")
    text = "\n".join(lines) + "\n" + _evidence_lines(f.evidence, f.evidence_omitted)
    if explain and (f.condition or f.values):
        text += f"required: {f.condition}\n" + "".join(f"  {n} = {v}\n" for n, v in f.values)
    return text


def _evidence_lines(items, omitted: int) -> str:
    rows = [f"evidence: {where_text(e)} {row_text(e)}\n" for e in evidence_of(items)]
    if omitted:
        rows.append(f"evidence: … and {omitted} more\n")
    return "".join(rows)

