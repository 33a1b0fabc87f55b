"""`digione-rules params`: the parameters in force on a date, or what an amendment changed between two.

A parameter an amendment changed lists each value with the day it holds from (`value 31.12.2029 from
amendment_in_force`); the value in force on a day is the last one dated on or before it (evaluate's
`RunContext.value_expr`).  `in_force` is also what `explain` shows for a rule's parameters.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass

import click

from ..diagnostics import visible_lines
from ._common import ExitCode, load_book, parse_date, rules_option, today


@dataclass
class InForce:
    name: str
    value: str  # for people: `31.12.2029`, `1 287 000,00 €`
    plain: str | None  # for machines: `2029-12-31`, `1287000.00`; None when no value is in force
    since: _dt.date | None
    since_text: str  # `11.12.2023 (amendment_in_force)`, or `–` when it always held
    source: str
    history: list[str]  # every value with the day it holds from, in order
    interpretation: str | None


def in_force(book, name: str, day: _dt.date, ctx=None) -> InForce:
    from .. import ast
    from ..evaluate.context import RunContext
    from ..evaluate.values import EvalError, human, plain
    from ..facts.table import FactSet
    from ..literals import format_date

    ctx = ctx or RunContext(book, FactSet({}, ""), day)
    info = book.params[name]
    try:
        value = ctx.constant(ctx.value_expr(name, day))
        since = ctx.in_force_since(name, day)
        shown, machine = human(value, info.type), plain(value, info.type)
    except EvalError as e:
        since, shown, machine = None, f"no value in force ({e.message})", None

    def dated(since_expr) -> str:
        text = format_date(ctx.constant(since_expr))
        return text + (f" (`{since_expr.name}`)" if isinstance(since_expr, ast.Name) else "")

    since_expr = None
    history = []
    try:
        for s, v in info.history:
            if s is not None and ctx.constant(s) == since:
                since_expr = s
            text = human(ctx.constant(v), info.type)
            history.append(text if s is None else f"{text} from {dated(s)}")
    except EvalError as e:
        history.append(f"(cannot be shown: {e.message})")
    return InForce(name, shown, machine, since, dated(since_expr) if since_expr is not None else "–",
                   book.citation(info.decl.meta), history, info.decl.meta.interpretation)


@click.command(epilog="""\b
Examples:
  digione-rules params --as-of 2025-06-30
  digione-rules params --diff 2023-12-01 2024-01-01
  digione-rules params --format json""")
@rules_option
@click.option("--as-of", "as_of", callback=parse_date, default=None, metavar="DATE",
              help="List the values in force on this day (default: today).")
@click.option("--diff", "diff", nargs=2, default=None, metavar="DATE1 DATE2", callback=lambda c, p, v: (
              None if v is None else tuple(parse_date(c, p, d) for d in v)),
              help="Show the parameters whose value on DATE2 differs from DATE1, and since when.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Output format.")
def params(rules_path, as_of, diff, fmt):
    """List the rule book's parameters in force on a date, or what changed between two dates."""
    book = load_book(rules_path)
    if diff is not None:
        text = render_diff(book, *diff, fmt)
    else:
        text = render_listing(book, as_of or today(), fmt)
    click.echo(visible_lines(text), nl=False)
    raise SystemExit(ExitCode.OK)


def render_listing(book, day: _dt.date, fmt: str) -> str:
    from ..literals import format_date

    states = [in_force(book, name, day) for name in sorted(book.params)]
    if fmt == "json":
        return _json({"as_of": day.isoformat(), "parameters": [
            {"name": s.name, "type": str(book.params[s.name].type), "value": s.plain,
             "since": s.since.isoformat() if s.since else None, "source": s.source,
             **({"history": s.history} if len(s.history) > 1 else {})} for s in states]})
    from tabulate import tabulate

    rows = [[s.name, s.value, s.since_text, s.source] for s in states]
    table = tabulate(rows, headers=["name", "value", "since", "source"], tablefmt="simple", disable_numparse=True)
    return f"Parameters in force on {format_date(day)}\n\n{table}\n"


def render_diff(book, before: _dt.date, after: _dt.date, fmt: str) -> str:
    from ..literals import format_date

    changes = []
    for name in sorted(book.params):
        old, new = in_force(book, name, before), in_force(book, name, after)
        if old.plain != new.plain:
            changes.append((old, new, new if after >= before else old))
    if fmt == "json":
        return _json({"from": before.isoformat(), "to": after.isoformat(), "changes": [
            {"name": o.name, "before": o.plain, "after": n.plain,
             "changed_on": c.since.isoformat() if c.since else None, "source": n.source}
            for o, n, c in changes]})
    head = f"Parameters changed between {format_date(before)} and {format_date(after)}"
    if not changes:
        return f"{head}: none\n"
    from tabulate import tabulate

    rows = [[o.name, o.value, n.value, c.since_text, n.source] for o, n, c in changes]
    table = tabulate(rows, headers=["name", format_date(before), format_date(after), "changed on", "source"],
                     tablefmt="simple", disable_numparse=True)
    return f"{head}\n\n{table}\n"


def _json(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
