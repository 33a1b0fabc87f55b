"""What the reporters share: the one order of results, how subjects and evidence are written, the
grouping of pending obligations, and the escaping of untrusted text.

Every string that came from a facts file (ids, notes, party names, file names) is untrusted: a ledger
note can hold a newline, a Markdown table bar, an ANSI escape or a GitHub workflow command.  Each
format escapes it with the function below that is made for that format, and nowhere else.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal
from typing import Iterable

from ..diagnostics import CONTROL as _CONTROL
from ..diagnostics import escaped as _show
from ..diagnostics import visible  # noqa: F401 (the reporters' import of it)
from .model import Evidence, Finding, Pending, Report, RuleResult
from .model import _subject_key as subject_key

STATUS_WORDS = {"passed": "passed", "violated": "violated", "pending": "pending",
                "not_applicable": "not applicable"}


# ------------------------------------------------------------------------------------------- order

def ordered(report: Report) -> list[RuleResult]:
    """Results by rule id (cheap, and keeps a report assembled from parts in order)."""
    return sorted(report.results, key=lambda r: r.rule)


# INVARIANT: a RuleResult's findings are sorted by `Finding.sort_key` (subject, then evidence), its
# pending obligations by `Pending.sort_key` (due date, then subject) and each item's evidence by
# `Evidence.sort_key`: evaluate/run.py sorts them once.  Reporters read them in that order rather
# than sort 100 000 findings again in every format.

def findings_of(result: RuleResult) -> tuple[Finding, ...]:
    return result.findings


def pending_of(result: RuleResult) -> tuple[Pending, ...]:
    return result.pending


def evidence_of(items: Iterable[Evidence], subject: dict | None = None) -> tuple[Evidence, ...]:
    """The evidence rows as a finding is placed by (SARIF, GitHub): the row the finding is about first —
    the one whose id its subject names (the invoice, the meeting, the payment) — then the others in order."""
    rows = tuple(items)
    named = {str(v) for v in (subject or {}).values()}
    for i, e in enumerate(rows):
        if e.id is not None and e.id in named:
            return (e, *rows[:i], *rows[i + 1:])
    return rows


def by_subject(result: RuleResult) -> list[tuple[dict, list[Finding], list[Pending]]]:
    """The result's findings and pending obligations grouped by subject, in subject order."""
    groups: list[tuple[dict, list[Finding], list[Pending]]] = []
    for f in result.findings:  # sorted by subject first: equal subjects are neighbours
        if groups and groups[-1][0] == f.subject:
            groups[-1][1].append(f)
        else:
            groups.append((f.subject, [f], []))
    if not result.pending:
        return groups
    keyed = {subject_key(s): (s, fs, ps) for s, fs, ps in groups}
    for p in result.pending:
        keyed.setdefault(subject_key(p.subject), (p.subject, [], []))[2].append(p)
    return [keyed[k] for k in sorted(keyed)]


# ------------------------------------------------------------------------------------------- words

def subject_text(subject: dict) -> str:
    """`party Espoo, installment 2024`; the empty subject (a rule-wide finding) is `all`."""
    if not subject:
        return "all"
    return ", ".join(f"{k} {v}" for k, v in subject.items())


def where_text(e: Evidence) -> str:
    """`facts/payments.csv:14`, `ledger.xlsx[2024]:7`, or the file alone when the row has no line."""
    place = e.file + (f"[{e.sheet}]" if e.sheet is not None else "")
    return place if e.line is None else f"{place}:{e.line}"


def row_text(e: Evidence) -> str:
    """`payments P-0012`, or the table alone for a row without an id."""
    return e.table if e.id is None else f"{e.table} {e.id}"


def counts_text(report: Report) -> str:
    """The summary line: `6 rules: 2 passed, 2 violated, 1 pending, 1 not applicable; 2 violations, 1 warning`."""
    s = report.summary
    rules = f"{s.rules} rule{'s' if s.rules != 1 else ''}: {s.passed} passed, {s.violated} violated, " \
            f"{s.pending} pending, {s.not_applicable} not applicable"
    tail = [plural(s.violations, "violation"), plural(s.warnings, "warning")]
    if s.waived:
        tail.append(f"{s.waived} waived")
    return f"{rules}; {', '.join(tail)}"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def human_date(iso: str | None) -> str:
    """`2025-07-20` → `20.7.2025`, as the messages write dates; anything else unchanged."""
    if not iso:
        return "–"
    from ..literals import format_date

    try:
        return format_date(_dt.date.fromisoformat(iso))
    except ValueError:
        return iso


def money(plain: str | None) -> str:
    """A plain money string (`1200.50`) written for people (`1 200,50 €`)."""
    if plain is None:
        return "–"
    from ..literals import format_money

    return format_money(Decimal(plain))


# ------------------------------------------------------------------------------------------- pending

def horizon_end(report: Report) -> str:
    """The last day of the horizon (the calendar's last day at most)."""
    start = _dt.date.fromisoformat(report.as_of)
    return (start + _dt.timedelta(days=min(report.horizon_days, (_dt.date.max - start).days))).isoformat()


def pending_rows(report: Report) -> tuple[list[tuple[str, Pending]], list[tuple[str, Pending]]]:
    """Every pending obligation as (rule, pending): those due within the horizon, then the rest.

    Both lists are ordered by due date (undated last), then rule, then subject.
    """
    start, end = report.as_of, horizon_end(report)
    soon, later = [], []
    for r in ordered(report):
        for p in pending_of(r):
            (soon if p.due is not None and start <= p.due <= end else later).append((r.rule, p))
    key = lambda rp: (rp[1].due or "9999-99-99", rp[0], subject_key(rp[1].subject), rp[1].message)  # noqa: E731
    return sorted(soon, key=key), sorted(later, key=key)


def obligations_by_party(result: RuleResult) -> list[tuple[str, list]]:
    """A rule's obligation records grouped by the subject's party (or `all` when it names none)."""
    groups: dict[str, list] = {}
    for o in sorted(result.obligations, key=lambda o: o.sort_key):
        groups.setdefault(str(o.subject.get("party", "all")), []).append(o)
    return sorted(groups.items())


# ------------------------------------------------------------------------------------------- escaping

# `visible` (diagnostics.py) writes out C0 and C1 controls, line separators and bidirectional controls
# (`a\nb`, `\x1b[31m`, `\u202e`), so untrusted text stays on its line and cannot restyle a terminal;
# the formats below escape as each needs.


_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\u2028\u2029\u200e\u200f"
                      r"\u202a-\u202e\u2066-\u2069]")


def xml_text(text: str) -> str:
    """Characters XML 1.0 cannot hold at all (NUL, ESC…), and those a viewer would act on (C1 controls,
    bidirectional controls), made visible; ElementTree escapes the rest."""
    return _XML_BAD.sub(_show, text)


_JSON_RAW = re.compile(r"[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def json_text(text: str) -> str:
    """A JSON document with the controls `json.dumps` leaves raw (DEL, C1, line separators, bidirectional
    controls) escaped as `\\uXXXX`: the same data, but safe to `cat` to a terminal.  Such characters can
    only stand inside strings, so the document stays valid."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")  # what can start emphasis, code, a link or end a cell
_MD_PLAIN = re.compile(r"[^\\`*_\[\]|~&<>\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]*")
_NEWLINES = re.compile(r"\r\n|\r|\n|\u2028|\u2029")


def md(text: str) -> str:
    """Untrusted text for Markdown, safe inside a table cell: no emphasis, links, HTML or code spans,
    `|` cannot end a cell and a newline cannot end the row (it becomes `<br>`)."""
    if _MD_PLAIN.fullmatch(text):  # most ids and amounts: nothing to escape
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _NEWLINES.sub("<br>", text)
    return _CONTROL.sub(_show, text)


def gh_data(text: str) -> str:
    """A GitHub workflow command's message: `%`, CR and LF escaped, so it stays one command; other
    controls (an ANSI escape in a ledger note) written out, so the log shows them rather than obeys them."""
    text = _CONTROL.sub(lambda m: m.group() if m.group() in "\r\n" else _show(m), text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def gh_property(text: str) -> str:
    """A GitHub workflow command's property value: as the message, and `:` and `,` too."""
    return gh_data(text).replace(":", "%3A").replace(",", "%2C")

