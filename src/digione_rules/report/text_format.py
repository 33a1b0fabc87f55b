"""The text report: for a person at a terminal or reading a CI log.

Grouped by rule (in rule-id order): a header line with the status and title, the citation, then each
finding with its subject, expected and actual values and evidence rows (file:line and row id), then
the rule's pending obligations with their due dates, or why it was not applicable.  After the rules:
the obligations falling due within the horizon, the notes, and one summary line.

Colour (click.style) only when asked for, which the command does on a terminal.  Untrusted text (ids,
notes) has its control characters written out, so it can neither break a line nor restyle a terminal.
"""

from __future__ import annotations

import click

from ._common import (STATUS_WORDS, by_subject, counts_text, evidence_of, horizon_end, human_date, ordered,
                      pending_rows, plural, row_text, subject_text, visible, where_text)
from .model import Finding, Pending, Report, RuleResult

STATUS_COLORS = {"passed": "green", "violated": "red", "pending": "yellow", "not_applicable": "blue"}
SEVERITY_COLORS = {"error": "red", "warning": "yellow", "info": "cyan"}
INDENT = "    "


class _Style:
    def __init__(self, color: bool):
        self.color = color

    def __call__(self, text: str, **kw) -> str:
        return click.style(text, **kw) if self.color else text


def render(report: Report, color: bool = False, explain: bool = False, strict: bool = False) -> str:
    st = _Style(color)
    out: list[str] = [st(f"digione-rules {report.version}", bold=True)
                      + f" · as of {human_date(report.as_of)} · {plural(len(report.results), 'rule')}", ""]
    for note in report.notes:
        out.append(st("note: ", bold=True) + visible(note))
    if report.notes:
        out.append("")
    for result in ordered(report):
        out.extend(_rule(result, st, explain))
        out.append("")
    out.extend(_upcoming(report, st))
    out.append(st(counts_text(report), bold=True, fg=_summary_color(report)))
    return "\n".join(out) + "\n"


def _rule(r: RuleResult, st: _Style, explain: bool) -> list[str]:
    status = STATUS_WORDS[r.status]
    head = [st(r.rule, bold=True), st(status, fg=STATUS_COLORS[r.status], bold=True), visible(r.title)]
    lines = ["  ".join(head), f"  source: {visible(r.source)}"]
    if r.status == "not_applicable":
        lines.append(f"  why: {visible(r.reason or 'not given')}")
        return lines
    if r.reason:  # judged on some of its tables only
        lines.append(f"  note: {visible(r.reason)}")
    groups = by_subject(r)
    if not groups:
        lines.append("  holds" + (f" for each of {plural(r.subjects, 'subject')} judged" if r.subjects > 1 else
                                  "" if r.subjects == 1 else ": nothing matched, so nothing was judged"))
    for _, findings, pending in groups:
        for f in findings:
            lines.extend(_finding(f, st, explain))
        for p in pending:
            lines.extend(_pending(p, st))
    return lines


def _finding(f: Finding, st: _Style, explain: bool) -> list[str]:
    sev = st(f.severity, fg=SEVERITY_COLORS[f.severity], bold=True)
    lines = [f"  {sev}: {visible(f.message)}", f"{INDENT}subject:  {visible(subject_text(f.subject))}"]
    if f.expected is not None or f.actual is not None:
        lines.append(f"{INDENT}expected: {visible(f.expected or '–')}")
        lines.append(f"{INDENT}actual:   {visible(f.actual or '–')}")
    lines.extend(_evidence(f.evidence, f.evidence_omitted))
    if f.waived is not None:
        w = f.waived
        lines.append(f"{INDENT}waived:   {visible(w.justification)} ({visible(w.decision)}, until "
                     f"{human_date(w.expires)}; {visible(w.file)}:{w.line})")
    if explain:
        lines.extend(_computation(f))
    return lines


def _pending(p: Pending, st: _Style) -> list[str]:
    lines = [f"  {st('pending', fg='yellow', bold=True)}: {visible(p.message)}",
             f"{INDENT}subject:  {visible(subject_text(p.subject))}",
             f"{INDENT}due:      {human_date(p.due) if p.due else 'no due date yet'}"]
    if p.expected is not None or p.actual is not None:
        lines.append(f"{INDENT}expected: {visible(p.expected or '–')}")
        lines.append(f"{INDENT}actual:   {visible(p.actual or '–')}")
    lines.extend(_evidence(p.evidence, 0))
    return lines


def _evidence(items, omitted: int) -> list[str]:
    rows = evidence_of(items)
    if not rows:
        return []
    width = max(len(visible(where_text(e))) for e in rows)
    lines = []
    for i, e in enumerate(rows):
        label = "evidence: " if i == 0 else " " * len("evidence: ")
        lines.append(f"{INDENT}{label}{visible(where_text(e)).ljust(width)}  {visible(row_text(e))}")
    if omitted:
        lines.append(f"{INDENT}{' ' * len('evidence: ')}… and {plural(omitted, 'more row')}")
    return lines


def _computation(f: Finding) -> list[str]:
    """`check --explain`: the condition that did not hold and the values it was judged on."""
    lines = [f"{INDENT}computation:"]
    if f.condition:
        lines.append(f"{INDENT}  required  {visible(f.condition)}")
    if f.values:
        width = max(len(visible(n)) for n, _ in f.values)
        for name, value in f.values:
            lines.append(f"{INDENT}  {visible(name).ljust(width)} = {visible(value)}")
    if len(lines) == 1:
        lines.append(f"{INDENT}  (not recorded)")
    return lines


def _upcoming(report: Report, st: _Style) -> list[str]:
    soon, _ = pending_rows(report)
    if not soon:
        return []
    from tabulate import tabulate

    rows = [[human_date(p.due), rule, visible(subject_text(p.subject)), visible(p.message)] for rule, p in soon]
    title = f"Due within {report.horizon_days} days (by {human_date(horizon_end(report))}):"
    table = tabulate(rows, headers=["due", "rule", "subject", "what"], tablefmt="simple", disable_numparse=True)
    return [st(title, bold=True), *table.splitlines(), ""]


def _summary_color(report: Report) -> str:
    s = report.summary
    return "red" if s.violated else "yellow" if s.warnings or s.pending else "green"
