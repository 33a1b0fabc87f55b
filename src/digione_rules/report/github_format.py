"""GitHub Actions workflow commands: an annotation per finding, shown on the run and on the facts file.

    ::error file=facts/payments.csv,line=14,title=bf-grant-50pct: Business Finland grant …::grant …

Findings of severity error, warning and info become `::error`, `::warning` and `::notice`; a pending
obligation and a rule not applicable become `::notice` (they are news, not problems); a waived finding
is a `::notice` saying so.  Each annotation is located at the finding's own row: the evidence row its
subject names (the invoice, the meeting), else its first evidence row (no `line` when the row has none,
no `file` when there is no evidence).  The last line is the summary, plain.

Escaping follows GitHub's toolkit (`@actions/core` command.ts): in the message `%`, CR and LF become
`%25`, `%0D`, `%0A`; in property values `:` and `,` also become `%3A` and `%2C`.  So every annotation
is exactly one line, and a ledger note cannot end it and start a command of its own.
"""

from __future__ import annotations

from ._common import counts_text, evidence_of, findings_of, human_date, ordered, pending_of, row_text, \
    subject_text, gh_data, gh_property
from .model import Evidence, Report

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def render(report: Report, color: bool = False, explain: bool = False, strict: bool = False) -> str:
    out: list[str] = []
    for r in ordered(report):
        title = f"{r.rule}: {r.title}"
        if r.status == "not_applicable":
            out.append(_command("notice", None, f"{r.rule}: not applicable", r.reason or "not applicable"))
            continue
        for f in findings_of(r):
            rows = evidence_of(f.evidence, f.subject)
            text = f"{f.message} [{subject_text(f.subject)}]"
            if f.expected is not None or f.actual is not None:
                text += f" expected {f.expected or '–'}, actual {f.actual or '–'}"
            text += _also(rows)
            if explain and f.condition:
                text += f"\nrequired: {f.condition}" + "".join(f"\n  {n} = {v}" for n, v in f.values)
            if f.waived is not None:
                out.append(_command("notice", rows[0] if rows else None, f"{title} (waived)",
                                    f"waived: {f.waived.justification}: {text}"))
            else:
                out.append(_command(COMMANDS[f.severity], rows[0] if rows else None, title, text))
        for p in pending_of(r):
            rows = evidence_of(p.evidence, p.subject)
            due = f"due {human_date(p.due)}" if p.due else "no due date yet"
            out.append(_command("notice", rows[0] if rows else None, f"{title} (pending)",
                                f"{p.message} [{subject_text(p.subject)}] {due}"))
    out.append(f"digione-rules {report.version} as of {report.as_of}: {counts_text(report)}")
    return "\n".join(out) + "\n"


def _also(rows: list[Evidence]) -> str:
    if len(rows) < 2:
        return ""
    return "; rows: " + ", ".join(f"{e.file}:{e.line} {row_text(e)}" if e.line is not None else
                                  f"{e.file} {row_text(e)}" for e in rows)


def _command(kind: str, at: Evidence | None, title: str, message: str) -> str:
    props = []
    if at is not None:
        props.append(f"file={gh_property(at.file)}")
        if at.line is not None:
            props.append(f"line={at.line}")
    props.append(f"title={gh_property(title)}")
    return f"::{kind} {','.join(props)}::{gh_data(message)}"
