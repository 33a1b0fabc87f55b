"""Rows that could not be read: errors (exit 2) or, with `--keep-going`, findings of the `facts-readable` rule.

Every bad row is collected with its file, line and cell, whatever found it (a cell that does not convert,
a row of the wrong width, a duplicate id, a dangling reference, a totals row).  Without `--keep-going`
they become F4xx diagnostics, at most `PER_FILE` shown per file and a count of the rest; with it, the bad
rows are left out of the facts and each becomes a finding of one extra result, `facts-readable`, which
is violated, so the run exits 1: never silence.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, replace

from ..diagnostics import Sink
from ..report.model import Evidence, Finding, Report, RuleResult, summarize
from .raw import Locator, span

PER_FILE = 100
RULE_ID = "facts-readable"
MISSING = "missing"  # what a finding says was found in an empty cell, as the rules say of a value not held
READABLE = "a readable row"  # what a finding says was expected of a row that names nothing more precise


@dataclass(slots=True)
class RowProblem:
    table: str
    file: str
    line: int
    index: int  # the cell's position in the file's row (-1: the row as a whole)
    code: str
    message: str  # `table.column: found X, expected Y`
    found: str = ""
    expected: str = ""
    help: str = ""
    note: str = ""
    sheet: str | None = None
    row_id: str | None = None

    @property
    def sort_key(self) -> tuple:
        return (self.file, self.sheet or "", self.line, self.index, self.code, self.message)


class Problems:
    """The bad rows of one load, by file."""

    def __init__(self, keep_going: bool = False):
        self.keep_going = keep_going
        self.items: list[RowProblem] = []
        self.locators: dict[tuple[str, str], Locator] = {}  # (table, file) → where its cells are
        self._per_file: dict[str, int] = {}

    def add(self, problem: RowProblem) -> None:
        self.items.append(problem)
        self._per_file[problem.file] = self._per_file.get(problem.file, 0) + 1

    def in_file(self, file: str) -> int:
        """How many problems one file has so far."""
        return self._per_file.get(file, 0)

    def __bool__(self) -> bool:
        return bool(self.items)

    def report_to(self, sink: Sink) -> None:
        """The problems as diagnostics: the first `PER_FILE` of each file by place, and how many more."""
        by_file: dict[str, list[RowProblem]] = {}
        for p in self.items:
            by_file.setdefault(p.file, []).append(p)
        for file, found in sorted(by_file.items()):
            shown = heapq.nsmallest(PER_FILE, found, key=lambda p: p.sort_key)
            spans = {}
            for table in {p.table for p in shown}:
                locator = self.locators.get((table, file), Locator())
                spans.update({(table, *point): s for point, s in
                              locator.spans(file, [(p.line, p.index) for p in shown if p.table == table]).items()})
            for p in shown:
                where = spans.get((p.table, p.line, p.index)) or span(file, p.line)
                locator = self.locators.get((p.table, file), Locator())
                notes = tuple(n for n in (p.note, locator.where(p.line, p.index) if p.index >= 0 else "") if n)
                sink.error(p.code, p.message, where, help=p.help, notes=notes)
            rest = len(found) - len(shown)
            if rest:
                sink.dropped += rest
                sink.note(shown[-1].code, f"`{file}`: {rest} more row error{'s' if rest != 1 else ''} not shown",
                          span(file, max(p.line for p in shown)),
                          help="fix the errors above first: they often cause the rest")


def readable_result(items: list[RowProblem]) -> RuleResult:
    """The `facts-readable` result: one finding per bad row (its errors joined, and what each expected and
    found), violated."""
    rows: dict[tuple, list[RowProblem]] = {}
    for p in sorted(items, key=lambda p: p.sort_key):
        rows.setdefault((p.table, p.file, p.sheet, p.line), []).append(p)
    findings = []
    for (table, file, sheet, line), found in rows.items():
        first = found[0]
        message = "; ".join(dict.fromkeys(p.message for p in found))
        row_id = next((p.row_id for p in found if p.row_id is not None), None)
        # expected and actual are strings (spec/cli.md): an empty cell found is `missing`; a row with several
        # things wrong with it says each, in the message's order
        expected = "; ".join(dict.fromkeys(p.expected or READABLE for p in found))
        actual = "; ".join(dict.fromkeys(p.found or MISSING for p in found))
        findings.append(Finding("error", message, {"table": table}, expected, actual,
                                (Evidence(table, file, line, row_id, sheet),)))
    findings.sort(key=lambda f: f.sort_key)
    return RuleResult(RULE_ID, "Every row of the facts could be read", "spec/facts.md", "error",
                      "violated" if findings else "passed", tuple(findings))


def with_unreadable_rows(report: Report, items: list[RowProblem]) -> Report:
    """The report with the `facts-readable` result added (in rule-id order), when rows were left out."""
    if not items:
        return report
    results = sorted([*report.results, readable_result(items)], key=lambda r: r.rule)
    return replace(report, results=tuple(results), summary=summarize(results))
