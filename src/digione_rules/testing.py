"""Run the examples written in the rule book: an `Example` in, an `ExampleResult` (its failures) out.

An example's fact tables are read by the loader that reads real fact files (facts/load.py's
`build_table`), each row located at its line of the rule file; the rules are evaluated as of the
example's date and what they report is compared with what the example expects.  How it compares
(the spec leaves this to us; docs/language.md says the same):

- `expect RULE STATUS`: the rule's status must be STATUS.
- each `finding` line must match a reported finding of its own (or, when it gives no severity, a
  pending obligation): the severity if given; each subject key it gives, with the value the report
  shows (parties by canonical name); `expected`, `actual` and `due` if given, compared as values
  (money exactly, within 0 €).  Keys and fields a line leaves out match anything.
- an `expect` that lists findings lists all its rule's error findings: an error finding that no line
  matches fails the example.  An `expect` without finding lines asserts the status only.  A rule the
  example evaluates (`rules`) but expects nothing of must report no error finding.
- unmatched warning and info findings and pending obligations do not fail an example, as they do not
  fail `check`; with `strict`, unmatched warnings fail it, as `check --strict` fails on them.
- without `as of`, an example is judged as of the latest date in its facts (today if it has none), so it
  gives the same result on every day it is run.
- an example whose facts cannot be read is not run: its diagnostics are reported (exit 2).  A rule that
  cannot be evaluated on an example's facts fails the example.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Union

from . import ast
from . import types as T
from .check.model import CheckedBook
from .diagnostics import Diagnostic, Sink
from .evaluate import evaluate
from .evaluate.context import RunContext
from .evaluate.values import EvalError, plain, subject_value
from .facts.load import RawTable, build_table, check_references, check_required_when, digest
from .facts.table import FactSet
from .report.model import Finding, Pending, RuleResult
from .source import Span

Reported = Union[Finding, Pending]
MAX_SHOWN = 5  # reported findings listed beside a wrong status


@dataclass(frozen=True)
class Failure:
    """One way an example failed: a line saying what, and fields side by side (name, expected, reported)."""

    rule: str
    what: str
    span: Span | None = None  # the `expect` or `finding` line
    written: str = ""  # that line as written in the rule file
    reported: tuple[str, ...] = ()  # the reported findings shown beside it
    fields: tuple[tuple[str, str, str, bool | None], ...] = ()  # None: nothing to compare with


@dataclass
class ExampleResult:
    example: ast.Example
    as_of: _dt.date | None = None
    rules: tuple[str, ...] = ()
    failures: list[Failure] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # why it could not run
    results: tuple[RuleResult, ...] = ()

    @property
    def outcome(self) -> str:
        return "error" if self.diagnostics else "fail" if self.failures else "pass"


def run_examples(book: CheckedBook, ids: list[str] | None = None, strict: bool = False) -> list[ExampleResult]:
    chosen = [e for e in book.examples if ids is None or e.id in ids]
    return [run_example(book, e, strict) for e in chosen]


def run_example(book: CheckedBook, example: ast.Example, strict: bool = False) -> ExampleResult:
    out = ExampleResult(example)
    sink = Sink()
    facts = example_facts(book, example, sink)
    rules = tuple(dict.fromkeys([*example.rules, *(e.rule for e in example.expects)]))
    if not rules:
        sink.error("T216", f"example `{example.id}` expects nothing", example.span,
                   help="add `expect RULE STATUS`, with `finding` lines for what the rule should report")
    if facts is None or sink.has_errors:
        out.diagnostics = sink.sorted()
        return out
    out.as_of = example.as_of or latest_date(facts) or _dt.date.today()
    out.rules = rules
    report, errors = evaluate(book, facts, out.as_of, list(rules))
    out.results = report.results
    by_rule = {r.rule: r for r in report.results}
    for d in errors:
        rule = next((r for r in rules if f"rule `{r}`" in d.message), "")
        out.failures.append(Failure(rule, f"could not be evaluated: {d.message}", d.span))
    ctx = RunContext(book, facts.as_of(out.as_of), out.as_of, loaded=facts)
    expected_rules = set()
    for exp in example.expects:
        expected_rules.add(exp.rule)
        try:
            out.failures.extend(compare(book, ctx, exp, by_rule[exp.rule], strict))
        except EvalError as e:
            out.diagnostics.append(Diagnostic(e.code, f"example `{example.id}`: {e.message}", exp.span))
    for rule in rules:
        if rule not in expected_rules:
            out.failures.extend(_unexpected(by_rule[rule], set(), strict))
    return out


# ---------------------------------------------------------------------------------------------- facts


def example_facts(book: CheckedBook, example: ast.Example, sink: Sink) -> FactSet | None:
    """The example's pipe tables read as fact files: the first row is the header."""
    tables = {}
    local = Sink()
    for given in example.facts:
        if not given.rows or given.table not in book.facts:
            continue  # the checker has said so (T216)
        if given.table in tables:
            local.error("F414", f"example `{example.id}` gives table `{given.table}` twice", given.span)
            continue
        header, *rows = given.rows
        raw = RawTable(given.table, header.span.path, list(header.cells),
                       [(r.span.line, list(r.cells)) for r in rows], header_line=header.span.line)
        table = build_table(raw, book, local)
        if table is not None:
            tables[given.table] = table
    if not local.has_errors:
        check_references(tables, local)
        check_required_when(tables, book, local)
    rows = {r.span.line: r.span for given in example.facts for r in given.rows}
    for d in local.items:
        sink.add(_at_cell(d, rows, book.sources))
    if local.has_errors:
        return None
    return FactSet(tables, digest(tables), sorted({t.file for t in tables.values()}))


def _at_cell(d: Diagnostic, rows: dict[int, Span], sources: dict[str, str]) -> Diagnostic:
    """The loader locates a cell by its column number; in a rule file, point at the cell itself."""
    span = d.span
    row = rows.get(span.line) if span is not None else None
    if row is None or span.path != row.path:
        return d
    text = sources.get(row.path, "").splitlines()
    line = text[row.line - 1] if row.line <= len(text) else ""
    bars = [i for i, ch in enumerate(line) if ch == "|"]
    k = span.column  # 1-based cell number
    if k < len(bars):
        start, end = bars[k - 1] + 1, bars[k]
        cell = line[start:end]
        lead = len(cell) - len(cell.lstrip())
        width = max(len(cell.strip()), 1)
        new = Span(row.path, row.line, start + lead + 1, row.line, start + lead + 1 + width)
    else:
        new = row
    return Diagnostic(d.code, d.message, new, d.severity, d.label, d.secondary, d.help, d.notes)


def latest_date(facts: FactSet) -> _dt.date | None:
    days = [v for t in facts.tables.values() for col in t.columns.values() for v in col
            if isinstance(v, _dt.date)]
    return max(days) if days else None


# ---------------------------------------------------------------------------------------------- compare


def compare(book: CheckedBook, ctx: RunContext, exp: ast.ExampleExpect, result: RuleResult,
            strict: bool) -> list[Failure]:
    failures = []
    if result.status != exp.status:
        got = result.status + (f" ({result.reason})" if result.reason else "")
        shown = tuple(_describe(f) for f in [*result.findings, *result.pending][:MAX_SHOWN])
        failures.append(Failure(exp.rule, f"status: expected {exp.status}, got {got}", exp.span,
                                _line(book, exp.span), shown))
    wants = [Want.of(book, ctx, f) for f in exp.findings]
    reported: list[Reported] = [*result.findings, *result.pending]
    match = _match(wants, reported, result)
    shown = set(match.values())  # reported items already accounted for
    for i, want in enumerate(wants):
        if i in match:
            continue
        j = _closest(want, reported, result, shown)
        closest = reported[j] if j is not None else None
        if j is not None:
            shown.add(j)
        failures.append(Failure(
            exp.rule, f"no reported finding matches the finding at line {want.span.line}", want.span,
            _line(book, want.span), (_describe(closest),) if closest is not None else ("nothing",),
            want.fields(closest, result)))
    if wants:  # a finding shown beside a line it nearly matches is not listed again as unexpected
        failures.extend(_unexpected(result, shown, strict))
    return failures


def _unexpected(result: RuleResult, matched: set[int], strict: bool) -> list[Failure]:
    failing = ("error", "warning") if strict else ("error",)
    out = []
    for j, f in enumerate(result.findings):
        if j not in matched and f.severity in failing:
            out.append(Failure(result.rule, f"unexpected {f.severity} finding", None, "", (_describe(f),),
                               tuple((k, "–", str(v), None) for k, v in sorted(f.subject.items()))
                               + (("expected", "–", f.expected or "–", None), ("actual", "–", f.actual or "–", None))))
    return out


@dataclass
class Want:
    """One `finding` line, its values evaluated as of the example's date."""

    span: Span
    severity: str | None
    subject: list[tuple[str, str]]
    values: dict[str, tuple[Any, Any]]  # expected/actual/due → (value, type)

    @classmethod
    def of(cls, book: CheckedBook, ctx: RunContext, line: ast.ExpectFinding) -> Want:
        subject = [(k, str(subject_value(ctx.constant(e)))) for k, e in line.subject]
        values = {name: (ctx.constant(e), book.type_of(e))
                  for name, e in (("expected", line.expected), ("actual", line.actual), ("due", line.due))
                  if e is not None}
        return cls(line.span, line.severity, subject, values)

    def checks(self, item: Reported, result: RuleResult) -> list[tuple[str, str, str, bool]]:
        """(field, expected, reported, same) for every field this line gives."""
        out = []
        sev = item.severity if isinstance(item, Finding) else "pending"
        if self.severity is not None:
            out.append(("severity", self.severity, sev, self.severity == sev))
        for key, value in self.subject:
            got = item.subject.get(key)
            out.append((key, value, "–" if got is None else str(got), got is not None and str(got) == value))
        for name, (value, t) in self.values.items():
            if name == "due":
                dues = _dues(item, result)
                want = plain(value, T.DATE)
                out.append(("due", want or "–", ", ".join(d or "–" for d in dues) or "–", want in dues))
            else:
                got = getattr(item, name)
                out.append((name, plain(value, t) or "–", got or "–", same_value(got, value, t)))
        return out

    def matches(self, item: Reported, result: RuleResult) -> bool:
        return all(same for *_, same in self.checks(item, result))

    def fields(self, item: Reported | None, result: RuleResult) -> tuple[tuple[str, str, str, bool | None], ...]:
        if item is not None:
            return tuple(self.checks(item, result))
        out = [("severity", self.severity, "–", None)] if self.severity is not None else []
        out += [(key, value, "–", None) for key, value in self.subject]
        out += [(name, plain(value, t) or "–", "–", None) for name, (value, t) in self.values.items()]
        return tuple(out)


def same_value(reported: str | None, value: Any, t: Any) -> bool:
    """A reported expected/actual (plain text) against a value written in the example."""
    if reported is None or value is None:
        return reported is None and value is None
    if T.strip_optional(t) == T.MONEY or (isinstance(value, (int, Decimal)) and not isinstance(value, bool)):
        try:
            return Decimal(reported) == Decimal(value)
        except (InvalidOperation, TypeError, ValueError):
            pass
    return reported == plain(value, t)


def _dues(item: Reported, result: RuleResult) -> list[str | None]:
    """A pending obligation's due date; for a finding, the due date of its obligation (same subject)."""
    if isinstance(item, Pending):
        return [item.due]
    return [o.due for o in result.obligations
            if o.subject == item.subject and (o.owed, o.paid) == (item.expected, item.actual)]


def _match(wants: list[Want], reported: list[Reported], result: RuleResult) -> dict[int, int]:
    """Each line its own reported finding: a maximum bipartite matching (Kuhn's augmenting paths)."""
    fits = [[j for j, item in enumerate(reported) if _eligible(w, item) and w.matches(item, result)]
            for w in wants]
    owner: dict[int, int] = {}  # reported index → line index

    def assign(i: int, seen: set[int]) -> bool:
        for j in fits[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or assign(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(wants)):
        assign(i, set())
    return {i: j for j, i in owner.items()}


def _eligible(want: Want, item: Reported) -> bool:
    # a line with a severity names a finding; one without may also name a pending obligation
    return isinstance(item, Finding) or want.severity is None


def _closest(want: Want, reported: list[Reported], result: RuleResult, taken: set[int]) -> int | None:
    """The reported item most like the line: most fields equal, the subject first, free ones first."""
    best, best_key = None, None
    for j, item in enumerate(reported):
        checks = want.checks(item, result)
        subject_same = sum(1 for name, *_, same in checks if same and name in dict(want.subject))
        key = (subject_same, sum(1 for *_, same in checks if same), j not in taken, -j)
        if best_key is None or key > best_key:
            best, best_key = j, key
    return best


def _describe(item: Reported) -> str:
    subject = ", ".join(f"{k} {v}" for k, v in sorted(item.subject.items()))
    kind = item.severity if isinstance(item, Finding) else "pending"
    return f"{kind}" + (f" [{subject}]" if subject else "") + f": {item.message}"


def _line(book: CheckedBook, span: Span) -> str:
    lines = book.sources.get(span.path, "").splitlines()
    return lines[span.line - 1].strip() if 0 < span.line <= len(lines) else ""
