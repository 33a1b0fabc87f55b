"""The one report model every reporter renders (json, text, junit, sarif, github, markdown).

Plain dataclasses, cheap to build.  `to_dict` gives the JSON report's exact shape and key order;
optional keys are left out when empty.  `schema.py` describes that shape (`schemas/report.schema.json`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Optional, Sequence, Union

Status = Literal["passed", "violated", "pending", "not_applicable"]
FindingSeverity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Evidence:
    table: str
    file: str
    line: Optional[int]  # None when the source has no line for the row (reported as null)
    id: Optional[str] = None
    sheet: Optional[str] = None

    def to_dict(self) -> dict:
        out: dict = {"table": self.table, "file": self.file}
        if self.sheet is not None:
            out["sheet"] = self.sheet
        out["line"] = self.line
        if self.id is not None:
            out["id"] = self.id
        return out

    @property
    def sort_key(self) -> tuple:
        return (self.table, self.file, self.sheet or "", -1 if self.line is None else self.line, self.id or "")


@dataclass(frozen=True)
class Waived:
    justification: str
    decision: str
    expires: str
    file: str
    line: int

    def to_dict(self) -> dict:
        return {"justification": self.justification, "decision": self.decision, "expires": self.expires,
                "file": self.file, "line": self.line}


@dataclass(frozen=True)
class Finding:
    severity: FindingSeverity
    message: str
    subject: dict[str, Union[str, int]]
    expected: Optional[str]
    actual: Optional[str]
    evidence: tuple[Evidence, ...] = ()
    evidence_omitted: int = 0
    waived: Optional[Waived] = None
    # the computation behind the finding, for `check --explain`: what was required, and the values of
    # the variables in scope when it failed (name, value as written for people)
    condition: str = ""
    values: tuple[tuple[str, str], ...] = ()

    def to_dict(self, explain: bool = False) -> dict:
        out: dict = {
            "severity": self.severity,
            "message": self.message,
            "subject": self.subject,
            "expected": self.expected,
            "actual": self.actual,
            "evidence": [e.to_dict() for e in self.evidence],
        }
        if self.evidence_omitted:
            out["evidence_omitted"] = self.evidence_omitted
        if self.waived is not None:
            out["waived"] = self.waived.to_dict()
        if explain and (self.condition or self.values):
            out["computation"] = {"condition": self.condition, "values": dict(self.values)}
        return out

    @property
    def sort_key(self) -> tuple:
        return (_subject_key(self.subject), tuple(e.sort_key for e in self.evidence), self.message)


@dataclass(frozen=True)
class Pending:
    """An obligation not yet due, or due on a date still ahead."""

    message: str
    subject: dict[str, Union[str, int]]
    due: Optional[str]
    expected: Optional[str] = None
    actual: Optional[str] = None
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict:
        return {"message": self.message, "subject": self.subject, "due": self.due, "expected": self.expected,
                "actual": self.actual, "evidence": [e.to_dict() for e in self.evidence]}

    @property
    def sort_key(self) -> tuple:
        return (self.due or "9999", _subject_key(self.subject), self.message)


@dataclass(frozen=True)
class ObligationRecord:
    """Every money obligation the rule judged, met or not: the reconciliation of owed and paid."""

    subject: dict[str, Union[str, int]]
    owed: str
    paid: str
    due: Optional[str]
    state: Literal["met", "late", "pending", "short", "over"]

    @property
    def sort_key(self) -> tuple:
        return (_subject_key(self.subject), self.due or "")


@dataclass(frozen=True)
class RuleResult:
    rule: str
    title: str
    source: str
    severity: FindingSeverity
    status: Status
    findings: tuple[Finding, ...] = ()
    pending: tuple[Pending, ...] = ()
    reason: Optional[str] = None
    subjects: int = 0  # how many subjects the rule judged (for `coverage`)
    # not in the JSON report; for the audit report (a lazy sequence, built when first read)
    obligations: Sequence[ObligationRecord] = ()
    quote: Optional[str] = None  # the source's words, and the rule book's reading of them: not in the
    interpretation: Optional[str] = None  # JSON report; for SARIF's help text and the audit report

    def to_dict(self, explain: bool = False) -> dict:
        out: dict = {"rule": self.rule, "title": self.title, "source": self.source, "severity": self.severity,
                     "status": self.status}
        if self.reason is not None:
            out["reason"] = self.reason
        out["findings"] = [f.to_dict(explain) for f in self.findings]
        if self.pending:
            out["pending"] = [p.to_dict() for p in self.pending]
        return out


@dataclass(frozen=True)
class Summary:
    rules: int
    passed: int
    violated: int
    pending: int
    not_applicable: int
    violations: int
    warnings: int
    waived: int = 0

    def to_dict(self) -> dict:
        out = {"rules": self.rules, "passed": self.passed, "violated": self.violated, "pending": self.pending,
               "not_applicable": self.not_applicable, "violations": self.violations, "warnings": self.warnings}
        if self.waived:
            out["waived"] = self.waived
        return out


@dataclass(frozen=True)
class Upcoming:
    rule: str
    due: str
    message: str
    subject: dict[str, Union[str, int]]

    def to_dict(self) -> dict:
        return {"rule": self.rule, "due": self.due, "message": self.message, "subject": self.subject}


@dataclass(frozen=True)
class InputFile:
    table: str
    file: str
    rows: int
    sha256: str

    def to_dict(self) -> dict:
        return {"table": self.table, "file": self.file, "rows": self.rows, "sha256": self.sha256}


@dataclass(frozen=True)
class Report:
    version: str
    as_of: str
    rules_digest: str
    facts_digest: str
    summary: Summary
    results: tuple[RuleResult, ...]
    upcoming: tuple[Upcoming, ...] = ()
    horizon_days: int = 30
    inputs: tuple[InputFile, ...] = field(default=())
    notes: tuple[str, ...] = ()  # what could not be judged, said once at the top

    def to_dict(self, explain: bool = False) -> dict:
        """The JSON report; `explain` adds each finding's `computation` (`check --explain`)."""
        out = {
            "tool": {"name": "digione-rules", "version": self.version},
            "as_of": self.as_of,
            "rules_digest": self.rules_digest,
            "facts_digest": self.facts_digest,
            "summary": self.summary.to_dict(),
            "results": [r.to_dict(explain) for r in self.results],
            "upcoming": [u.to_dict() for u in self.upcoming],
            "horizon_days": self.horizon_days,
            "inputs": [i.to_dict() for i in self.inputs],
        }
        if self.notes:
            out["notes"] = list(self.notes)
        return out

    @property
    def exit_code_strict(self) -> int:
        return 1 if any(f.severity in ("error", "warning") and f.waived is None
                        for r in self.results for f in r.findings) else 0

    @property
    def exit_code(self) -> int:
        return 1 if self.summary.violated else 0


def _subject_key(subject: dict) -> tuple:
    return tuple((k, (0, v, "") if isinstance(v, int) else (1, 0, str(v))) for k, v in sorted(subject.items()))


def summarize(results: list[RuleResult]) -> Summary:
    count = {s: 0 for s in ("passed", "violated", "pending", "not_applicable")}
    violations = warnings = waived = 0
    for r in results:
        count[r.status] += 1
        for f in r.findings:
            if f.waived is not None:
                waived += 1
            elif f.severity == "error":
                violations += 1
            elif f.severity == "warning":
                warnings += 1
    return Summary(len(results), count["passed"], count["violated"], count["pending"], count["not_applicable"],
                   violations, warnings, waived)
