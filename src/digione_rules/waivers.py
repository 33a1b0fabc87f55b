"""Waivers: deviations a contract manager has accepted, applied to a report after evaluation.

A waivers file lives beside the rule book (`waivers.yaml` in its folder) and is reviewed like code:

    waivers:
      - rule: bf-grant-50pct
        subject: {project: DigiOne2}     # the finding's subject, every key of it
        justification: "the eligible costs of Q2 are booked late; BF accepted the advance"
        decision: E-2025-014              # the events.id of the decision that accepted the deviation
        expires: 2025-12-31               # ISO or Finnish date; the waiver holds through this day

A waived finding stays in the report, marked with the justification, decision and expiry
(`Finding.waived`) and counted in `Summary.waived`; a rule whose only error findings are waived is not
`violated` (it is `pending` if it has pending obligations, else `passed`).  A waiver stops applying, and is
itself reported (a diagnostic and a note in the report), when it has expired (its expiry is before the
as-of date: R505), names an unknown rule, or names a decision that is not among the given events, or an event that is not a decision (R506).
A waiver whose decision is dated after the as-of date does not apply yet (a note).  A waiver that matches
no finding of a rule that was judged is noted, so stale waivers get cleaned up.

Subjects match exactly: the same keys, each value equal as the report writes it (a party may be named
by any alias or business id).  The file is composed safely and within bounds (safe_yaml.py), its entries'
lines taken from the nodes, and the value validated with pydantic.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import safe_yaml
from .check.model import CheckedBook
from .diagnostics import Diagnostic, Severity, Sink
from .facts.table import FactSet
from .literals import LiteralError, format_date, read_date
from .report.model import Finding, Report, RuleResult, Waived, summarize
from .source import Span

DEFAULT_NAME = "waivers.yaml"


class WaiverEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    rule: str = Field(min_length=1)
    subject: dict[str, Union[int, str]] = Field(default_factory=dict)
    justification: str = Field(min_length=1)
    decision: str = Field(min_length=1)
    expires: _dt.date

    @field_validator("expires", mode="before")
    @classmethod
    def _finnish_date(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return read_date(value)
            except LiteralError as e:
                raise ValueError(f"found `{value}`, expected {e.expected}") from None
        return value


class WaiverFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    waivers: list[WaiverEntry] = Field(default_factory=list)


@dataclass(frozen=True)
class Waiver:
    rule: str
    subject: dict[str, Union[int, str]]
    justification: str
    decision: str
    expires: _dt.date
    file: str
    line: int
    column: int = 1

    @property
    def span(self) -> Span:
        return Span(self.file, self.line, self.column, self.line, self.column + 1)

    def describe(self) -> str:
        subject = ", ".join(f"{k} {v}" for k, v in sorted(self.subject.items()))
        return f"`{self.rule}`" + (f" [{subject}]" if subject else "")


# ---------------------------------------------------------------------------------------------- loading


def default_path(book: CheckedBook) -> Path | None:
    path = Path(book.root) / DEFAULT_NAME
    return path if path.is_file() else None


def load_waivers(path: Path, shown: str, sink: Sink) -> list[Waiver] | None:
    """The waivers of a file, or None after reporting (R507) why the file cannot be used."""
    where = Span(shown, 1, 1, 1, 2)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as e:
        sink.error("R507", f"cannot read waivers file `{shown}`: {e.strerror}", None)
        return None
    except UnicodeDecodeError:
        sink.error("R507", f"waivers file `{shown}` is not UTF-8 text", where)
        return None
    try:
        root = safe_yaml.compose(text)
        data = None if root is None else safe_yaml.construct(root)
    except safe_yaml.YamlError as e:
        sink.error("R507", f"waivers file `{shown}`: {e.message}", Span(shown, e.line, e.column, e.line, e.column + 1))
        return None
    if data is None:
        return []
    places = _entry_places(root)
    try:
        parsed = WaiverFile.model_validate(data)
    except ValidationError as e:
        for err in e.errors():
            loc = err["loc"]
            index = loc[1] if len(loc) > 1 and loc[0] == "waivers" and isinstance(loc[1], int) else None
            field = ".".join(str(p) for p in loc[2:]) if index is not None else ".".join(str(p) for p in loc)
            entry, keys = places[index] if index is not None and index < len(places) else ((1, 1), {})
            named = index is not None and len(loc) > 2 and str(loc[2]) in keys
            line, column = keys[str(loc[2])] if named else entry
            what = f"waiver {index + 1}" if index is not None else "the file"
            message = err["msg"].removeprefix("Value error, ")
            sink.error("R507", f"waivers file `{shown}`: {what}: `{field or 'waivers'}`: {message[:1].lower()}{message[1:]}",
                       Span(shown, line, column, line, column + (len(str(loc[2])) if named else 1)),
                       help="each waiver has `rule`, `subject`, `justification`, `decision` and `expires`")
        return None
    return [Waiver(w.rule, dict(w.subject), w.justification, w.decision, w.expires, shown,
                   *(places[i][0] if i < len(places) else (1, 1))) for i, w in enumerate(parsed.waivers)]


def _entry_places(root) -> list[tuple[tuple[int, int], dict[str, tuple[int, int]]]]:
    """Where each entry of `waivers:` starts, and where each of its keys is: (line, column), 1-based."""
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if getattr(key, "value", None) == "waivers" and isinstance(value, yaml.SequenceNode):
            out = []
            for item in value.value:
                keys = {}
                if isinstance(item, yaml.MappingNode):
                    keys = {str(k.value): (k.start_mark.line + 1, k.start_mark.column + 1) for k, _ in item.value}
                out.append(((item.start_mark.line + 1, item.start_mark.column + 1), keys))
            return out
    return []


# ---------------------------------------------------------------------------------------------- applying


def apply_waivers(report: Report, waivers: list[Waiver], book: CheckedBook, facts: FactSet | None,
                  as_of: _dt.date) -> tuple[Report, list[Diagnostic]]:
    """The report with waived findings marked and statuses and summary recomputed, and what to tell."""
    from .check.expressions import did_you_mean

    diagnostics: list[Diagnostic] = []
    notes = list(report.notes)
    events = facts.tables.get("events") if facts is not None else None
    decisions: dict[str, _dt.date | None] = {}
    kinds: dict[str, str] = {}  # events that are not decisions: their type
    if events is not None:
        dates = events.columns.get(events.schema.dated_by or "", [None] * events.n)
        types = events.columns.get("type", ["decision"] * events.n)
        for i, rid in enumerate(events.column(events.schema.id_column or "id")):
            if types[i] == "decision":
                decisions[rid] = dates[i]
            else:
                kinds[rid] = types[i]

    def tell(code: str, message: str, w: Waiver, help: str = "") -> None:
        diagnostics.append(Diagnostic(code, message, w.span, Severity.WARNING, help=help))
        notes.append(f"{w.file}:{w.line}: {message}")

    active = []
    for w in waivers:
        if w.rule not in book.rules:
            tell("R506", f"waiver for unknown rule `{w.rule}` does not apply", w,
                 did_you_mean(w.rule, book.rules) or "remove the waiver, or correct its rule id")
        elif events is not None and w.decision in kinds:
            tell("R506", f"waiver for {w.describe()} names `{w.decision}`, which is a {kinds[w.decision]}, not a "
                 "decision: it does not apply", w, "give the events.id of the decision that accepted the deviation")
        elif events is not None and w.decision not in decisions:
            tell("R506", f"waiver for {w.describe()} names decision `{w.decision}`, which is not among the "
                 "events: it does not apply", w, "give the events.id of the decision that accepted the deviation")
        elif w.expires < as_of:
            tell("R505", f"waiver for {w.describe()} expired on {format_date(w.expires)}: it no longer applies",
                 w, "renew it with a new decision and expiry, or remove it")
        elif decisions.get(w.decision) is not None and decisions[w.decision] > as_of:
            notes.append(f"{w.file}:{w.line}: waiver for {w.describe()} does not apply yet: decision "
                         f"`{w.decision}` is dated {format_date(decisions[w.decision])}")
        else:
            active.append(w)
    used: set[int] = set()
    results = [_waive(r, active, used, book) for r in report.results]
    judged = {r.rule for r in results if r.status != "not_applicable"}
    for i, w in enumerate(active):
        if i not in used and w.rule in judged:
            notes.append(f"{w.file}:{w.line}: waiver for {w.describe()} matched no finding: it can be removed")
    out = dataclasses.replace(report, results=tuple(results), summary=summarize(results), notes=tuple(notes))
    return out, diagnostics


def _waive(result: RuleResult, active: list[Waiver], used: set[int], book: CheckedBook) -> RuleResult:
    findings = []
    for f in result.findings:
        for i, w in enumerate(active):
            if f.waived is None and w.rule == result.rule and same_subject(w.subject, f.subject, book):
                used.add(i)
                f = dataclasses.replace(f, waived=Waived(w.justification, w.decision, w.expires.isoformat(),
                                                         w.file, w.line))
        findings.append(f)
    if not any(f.waived for f in findings):
        return result
    status = result.status
    if status == "violated" and not any(_counts(f) for f in findings):
        status = "pending" if result.pending else "passed"
    return dataclasses.replace(result, findings=tuple(findings), status=status)


def _counts(f: Finding) -> bool:
    return f.severity == "error" and f.waived is None


def same_subject(waived: dict, subject: dict, book: CheckedBook) -> bool:
    if set(waived) != set(subject):
        return False
    for key, value in waived.items():
        got = str(subject[key])
        if str(value) != got and book.resolve_party(str(value)) != got:
            return False
    return True
