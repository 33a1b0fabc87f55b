"""The SARIF 2.1.0 report, for code-scanning UIs (validated against the official schema in schemas/).

- `tool.driver.rules`: one entry per rule in the report, with its title, citation and help text; its
  default level is the rule's severity.
- `results`: one per finding, located at its evidence rows: the row the finding is about (the evidence
  row whose id its subject names, else the first) is the result's location (artifactLocation.uri =
  the facts file as the user named it, region.startLine = the row's line), the others are related
  locations.  A row without a line gets no region.
- Levels (the spec leaves the mapping to us): error → `error`, warning → `warning`, info → `note`.
  A pending obligation is a result of kind `open` (it cannot be judged before its due date) and a
  rule not applicable one of kind `notApplicable`, both of level `none` as SARIF requires for kinds
  other than `fail`; rules that passed have no results.  A waived finding keeps its level and gets an
  external, accepted suppression with the waiver's justification.
- `partialFingerprints` hold a hash of the rule, subject and severity, so a finding keeps its identity
  when rows move in the file.
- Messages are plain text; `[`, `]` and `\\` are escaped as SARIF's embedded-link syntax requires,
  so a ledger note cannot make a link.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote

from ._common import STATUS_WORDS, evidence_of, findings_of, human_date, json_text, md, ordered, pending_of, \
    row_text
from .model import Evidence, Finding, Pending, Report, RuleResult

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def render(report: Report, color: bool = False, explain: bool = False, strict: bool = False) -> str:
    results_in_order = ordered(report)
    index = {r.rule: i for i, r in enumerate(results_in_order)}
    results: list[dict] = []
    for r in results_in_order:
        if r.status == "not_applicable":
            results.append(_not_applicable(r, index[r.rule]))
            continue
        results.extend(_finding(r, f, index[r.rule], explain) for f in findings_of(r))
        results.extend(_pending(r, p, index[r.rule]) for p in pending_of(r))
    run = {
        "tool": {"driver": {
            "name": "digione-rules",
            "version": report.version,
            "semanticVersion": report.version,
            "rules": [_rule(r) for r in results_in_order],
        }},
        "artifacts": [_artifact(i) for i in sorted(report.inputs, key=lambda i: (i.file, i.table))],
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {"as_of": report.as_of, "rules_digest": report.rules_digest,
                       "facts_digest": report.facts_digest, "horizon_days": report.horizon_days,
                       "summary": report.summary.to_dict()},
    }
    if not run["artifacts"]:
        del run["artifacts"]
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json_text(json.dumps(log, indent=2, ensure_ascii=False)) + "\n"


def _rule(r: RuleResult) -> dict:
    help_text = [f"{r.title}.", f"Source: {r.source}.", f"Severity: {r.severity}."]
    help_md = [f"**{md(r.title)}**", f"Source: {md(r.source)}", f"Severity: {r.severity}"]
    if r.quote:
        help_text.append(f"Quote: \"{r.quote}\"")
        help_md.append(f"> {md(r.quote)}")
    if r.interpretation:
        help_text.append(f"Interpretation: {r.interpretation}")
        help_md.append(f"Interpretation: {md(r.interpretation)}")
    return {
        "id": r.rule,
        "name": r.rule,
        "shortDescription": {"text": r.title},
        "fullDescription": {"text": f"{r.title} ({r.source})"},
        "help": {"text": " ".join(help_text), "markdown": "\n\n".join(help_md)},
        "defaultConfiguration": {"level": LEVELS[r.severity]},
        "properties": {"source": r.source, "status": r.status, "tags": ["compliance", "digione"]},
    }


def _finding(r: RuleResult, f: Finding, rule_index: int, explain: bool) -> dict:
    out: dict = {
        "ruleId": r.rule,
        "ruleIndex": rule_index,
        "kind": "fail",
        "level": LEVELS[f.severity],
        "message": {"text": _text(f.message)},
    }
    out.update(_locations(f.evidence, f.subject))
    out["partialFingerprints"] = {"digioneFinding/v1": _fingerprint(r.rule, f.subject, f.severity)}
    props: dict = {"subject": f.subject, "expected": f.expected, "actual": f.actual}
    if f.evidence_omitted:
        props["evidence_omitted"] = f.evidence_omitted
    if explain and (f.condition or f.values):
        props["computation"] = {"condition": f.condition, "values": dict(f.values)}
    out["properties"] = props
    if f.waived is not None:
        w = f.waived
        out["suppressions"] = [{"kind": "external", "status": "accepted",
                                "justification": f"{w.justification} ({w.decision}, until {w.expires})"}]
    return out


def _pending(r: RuleResult, p: Pending, rule_index: int) -> dict:
    due = f"due {human_date(p.due)}" if p.due else "no due date yet"
    out: dict = {
        "ruleId": r.rule,
        "ruleIndex": rule_index,
        "kind": "open",
        "level": "none",
        "message": {"text": _text(f"pending ({due}): {p.message}")},
    }
    out.update(_locations(p.evidence, p.subject))
    out["partialFingerprints"] = {"digioneFinding/v1": _fingerprint(r.rule, p.subject, "pending")}
    out["properties"] = {"subject": p.subject, "due": p.due, "expected": p.expected, "actual": p.actual}
    return out


def _not_applicable(r: RuleResult, rule_index: int) -> dict:
    return {
        "ruleId": r.rule,
        "ruleIndex": rule_index,
        "kind": "notApplicable",
        "level": "none",
        "message": {"text": _text(f"{STATUS_WORDS[r.status]}: {r.reason or 'no reason given'}")},
    }


def _locations(evidence, subject: dict) -> dict:
    rows = evidence_of(evidence, subject)
    if not rows:
        return {}
    out: dict = {"locations": [_location(rows[0])]}
    related = [dict(_location(e), id=i) for i, e in enumerate(rows[1:], 1)]
    if related:
        out["relatedLocations"] = related
    return out


def _location(e: Evidence) -> dict:
    physical: dict = {"artifactLocation": {"uri": file_uri(e.file)}}
    if e.line is not None and e.line >= 1:
        physical["region"] = {"startLine": e.line}
    text = row_text(e) + (f" (sheet {e.sheet})" if e.sheet is not None else "")
    return {"physicalLocation": physical, "message": {"text": _text(text)}}


def _artifact(i) -> dict:
    out: dict = {"location": {"uri": file_uri(i.file)}, "roles": ["analysisTarget"]}
    if i.sha256:
        out["hashes"] = {"sha-256": i.sha256}
    out["properties"] = {"table": i.table, "rows": i.rows}
    return out


@functools.lru_cache(maxsize=1024)
def file_uri(path: str) -> str:
    """A facts file as a URI reference: relative paths stay relative (`facts/payments%20x.csv`),
    absolute ones become `file:` URIs; Windows separators become `/`."""
    win = PureWindowsPath(path)
    if win.drive:  # C:\exports\payments.csv
        return "file:///" + quote(win.as_posix(), safe="/:")
    posix = PurePosixPath(path.replace("\\", "/"))
    if posix.is_absolute():
        return "file://" + quote(str(posix), safe="/")
    return quote(str(posix), safe="/")


def _fingerprint(rule: str, subject: dict, kind: str) -> str:
    key = "\x1f".join([rule, kind, *(f"{k}\x1e{v}" for k, v in sorted(subject.items()))])
    return hashlib.sha256(key.encode()).hexdigest()


def _text(text: str) -> str:
    """Plain-text SARIF message: literal brackets escaped so they are not read as embedded links."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")

