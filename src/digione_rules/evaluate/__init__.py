"""Evaluation: a checked rule book and facts in, a `Report` out.

compile.py turns expressions into closures (with planned `where` filters), functions.py runs the
built-ins, context.py holds the facts and parameters of one run, run.py executes rule bodies (with
obligations.py for `obligation` statements and state.py for what a rule has judged), and batch.py judges
a loop's rows in bulk, column by column, when its body allows, leaving the scalar statements only the
rows that have something to report.
"""

from __future__ import annotations

import datetime as _dt
import gc

from ..check.model import CheckedBook
from ..diagnostics import Diagnostic
from ..facts.table import FactSet
from ..report.model import InputFile, Report, RuleResult, Upcoming, summarize
from .context import RunContext
from .run import RuleRunner


def evaluate(book: CheckedBook, facts: FactSet, as_of: _dt.date, rule_ids: list[str] | None = None,
             horizon_days: int = 30, version: str = "") -> tuple[Report, list[Diagnostic]]:
    # Evaluation makes many small objects (rows, selections, traces) and no cycles, next to the facts'
    # millions of cells: the cyclic collector would only rescan them (as in facts.load).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _evaluate(book, facts, as_of, rule_ids, horizon_days, version)
    finally:
        if enabled:
            gc.enable()


def _evaluate(book: CheckedBook, facts: FactSet, as_of: _dt.date, rule_ids: list[str] | None, horizon_days: int,
              version: str) -> tuple[Report, list[Diagnostic]]:
    known = facts.as_of(as_of)
    ctx = RunContext(book, known, as_of, loaded=facts)
    runner = RuleRunner(ctx)
    selected = [book.rules[r] for r in dict.fromkeys(rule_ids or book.rules)]  # a rule named twice runs once
    results: list[RuleResult] = [runner.run(info) for info in sorted(selected, key=lambda i: i.id)]
    upcoming = []
    limit = as_of + _dt.timedelta(days=min(horizon_days, (_dt.date.max - as_of).days))
    for r in results:
        for p in r.pending:
            if p.due is not None and as_of.isoformat() <= p.due <= limit.isoformat():
                upcoming.append(Upcoming(r.rule, p.due, p.message, p.subject))
    upcoming.sort(key=lambda u: (u.due, u.rule, str(sorted(u.subject.items())), u.message))
    inputs = tuple(
        InputFile(name, t.file, t.n, t.sha256.removeprefix("sha256:"))
        for name, t in sorted(facts.tables.items())
    )
    report = Report(
        version=version,
        as_of=as_of.isoformat(),
        rules_digest=book.digest,
        facts_digest=facts.digest,
        summary=summarize(results),
        results=tuple(results),
        upcoming=tuple(upcoming),
        horizon_days=horizon_days,
        inputs=inputs,
    )
    return report, runner.errors


def evaluate_expression(book: CheckedBook, facts: FactSet, as_of: _dt.date, expr):
    """The value of one checked expression over facts as of a date (for tests and tools)."""
    ctx = RunContext(book, facts.as_of(as_of), as_of, loaded=facts)
    return ctx.compiler.compile(expr)({"@trace": None})
