"""The built-in functions at run time (their argument rules are in check/functions.py).

Aggregates work on stored columns directly, money in integer cents, and convert once at the end; each
records the rows it read in the statement's trace, for the finding's evidence.
"""

from __future__ import annotations

import datetime as _dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .. import ast, dates
from .. import types as T
from .compile import Compiler, Fn, _is_money, from_storage
from .values import ColSel, EvalError, Row, Sel, canonical_key

EURO = Decimal("1")


def _values(c: ColSel) -> list:
    if c.sel.idx is None:
        return [v for v in c.sel.table.column(c.column) if v is not None]
    col = c.sel.table.columns[c.column]
    return [v for i in c.sel.idx if (v := col[i]) is not None]


def _total(c: ColSel):
    """The sum of a column's values over the selected rows, missing ones left out."""
    rows = c.sel.idx
    try:
        if rows is None:
            return sum(c.sel.table.column(c.column))
        return sum(map(c.sel.table.columns[c.column].__getitem__, rows))
    except TypeError:  # a missing value among them
        return sum(_values(c))


def _trace(env: dict, item) -> None:
    tr = env["@trace"]
    if tr is not None:
        tr.append(item)


def compile_call(cp: Compiler, e: ast.Call) -> Fn:
    name = e.func
    if name in ("all", "any"):
        return _quantifier(cp, e)
    if name == "split_total":
        return _split_total(cp, e)
    args = [cp.compile(a) for a in e.args]
    arg_type = cp.type_of(e.args[0]) if e.args else None
    money = _is_money(T.element(arg_type) or T.ERROR) if arg_type is not None else False

    if name in ("min", "max") and len(args) >= 2:
        pick = min if name == "min" else max
        return lambda env: pick(f(env) for f in args)

    f = args[0] if args else None

    if name == "sum":
        def total(env):
            v = f(env)
            if isinstance(v, ColSel):
                _trace(env, v.sel)
                s = _total(v)
                return from_storage(s, money) if money else s
            return sum(x for x in v if x is not None)
        return total
    if name == "count":
        def count(env):
            v = f(env)
            if isinstance(v, Sel):
                _trace(env, v)
                return len(v)
            if isinstance(v, ColSel):
                _trace(env, v.sel)
                return len(_values(v))
            return len(v)
        return count
    if name in ("exists", "none"):
        want = name == "exists"

        def exists(env):
            v = f(env)
            sel = v.sel if isinstance(v, ColSel) else v
            if isinstance(sel, Sel):
                _trace(env, sel)
            return (len(sel) > 0) == want
        return exists
    if name in ("min", "max"):
        pick = min if name == "min" else max

        def extreme(env):
            v = f(env)
            if isinstance(v, ColSel):
                col = v.sel.table.columns[v.column]
                rows = [i for i in v.sel.indices() if col[i] is not None]
                if not rows:
                    return None
                best = pick(rows, key=lambda i: col[i])
                ties = [i for i in rows if col[i] == col[best]]
                if len(ties) > 1:  # the evidence is the row first in the rows' own order, not in the file's
                    best = min(ties, key=canonical_key(v.sel.table))
                _trace(env, Row(v.sel.table, best))
                return from_storage(col[best], money)
            items = [x for x in v if x is not None]
            return pick(items) if items else None
        return extreme
    if name == "distinct":
        def distinct(env):
            v = f(env)
            if isinstance(v, ColSel):
                _trace(env, v.sel)
                return tuple(from_storage(x, money) for x in sorted(set(_values(v)), key=_sort_key))
            return tuple(sorted({x for x in v if x is not None}, key=_sort_key))
        return distinct
    if name in ("first", "last"):
        first = name == "first"
        pick = min if first else max

        def edge(env):
            sel = f(env)
            if len(sel) == 0:
                return None
            table = sel.table
            best = table.earliest(sel.indices()) if first else table.latest(sel.indices())
            if table.id_column is None:  # rows of one date tie: the rows' own order, not the file's
                head = table.order_key(best)[:2]
                ties = [i for i in sel.indices() if table.order_key(i)[:2] == head]
                if len(ties) > 1:
                    best = pick(ties, key=canonical_key(table))
            row = Row(table, best)
            _trace(env, row)
            return row
        return edge
    if name == "year":
        return _scalar(f, lambda d: d.year)
    if name == "month":
        return _scalar(f, lambda d: d.month)
    if name in ("end_of_year", "start_of_year"):
        make = dates.end_of_year if name == "end_of_year" else dates.start_of_year
        return _scalar(f, lambda v: make(v.year if isinstance(v, _dt.date) else v))
    if name == "days_between":
        g = args[1]
        return lambda env: _both(f(env), g(env), lambda a, b: (b - a).days)
    if name == "working_days_between":
        g = args[1]
        return lambda env: _both(f(env), g(env), dates.working_days_between)
    if name == "date":
        y, m, d = args

        def make_date(env):
            try:
                return _dt.date(y(env), m(env), d(env))
            except ValueError as err:
                raise EvalError("R501", f"no such date: {err}") from None
        return make_date
    if name in ("period_start", "period_end"):
        end = name == "period_end"
        return _scalar(f, lambda text: dates.period_bounds(text, end))
    if name == "round":
        return _scalar(f, lambda v: v.quantize(EURO, rounding=ROUND_HALF_UP))
    if name == "abs":
        return _scalar(f, abs)
    raise EvalError("R501", f"unknown function `{name}`")


def _scalar(f: Fn, op) -> Fn:
    def run(env):
        v = f(env)
        return None if v is None else op(v)
    return run


def _both(a, b, op):
    return None if a is None or b is None else op(a, b)


def _sort_key(v: Any):
    return (type(v).__name__, v)


def _split_total(cp: Compiler, e: ast.Call) -> Fn:
    """`split_total(ROWS, SHARE)`: the rows' amounts and each row's SHARE go to split.py."""
    from .split import split_total

    each = _each_row(cp, e.args[0], e.args[1])

    def total(env):
        parts = []

        def part(table, i, share) -> bool:
            cents = table.columns["amount"][i]
            parts.append((None if cents is None else Decimal(cents).scaleb(-2), share))
            return False

        each(env, part)
        return split_total(parts)
    return total


def _quantifier(cp: Compiler, e: ast.Call) -> Fn:
    each, every = _each_row(cp, e.args[0], e.args[1]), e.func == "all"
    return lambda env: every != each(env, lambda table, i, holds: bool(holds) != every)


def _each_row(cp: Compiler, rows_arg: ast.Expr, row_arg: ast.Expr):
    """`f(env, visit)`: the rows of `rows_arg`, traced as evidence, and for each `visit(table, i, value)`
    of `row_arg` read with the row's columns as bare names (as a `where` condition is), untraced; True
    when a visit said to stop."""
    rows = cp.compile(rows_arg)
    table, slot = cp.row_scope(cp.type_of(rows_arg).table)
    cp._row_scopes.append((table, slot))
    try:
        per_row = cp.compile(row_arg)
    finally:
        cp._row_scopes.pop()
    table_key = slot + "t"

    def each(env, visit) -> bool:
        sel = rows(env)
        _trace(env, sel)
        tr = env["@trace"]
        env["@trace"] = None
        env[table_key] = sel.table
        try:
            for i in sel.indices():
                env[slot] = i
                if visit(sel.table, i, per_row(env)):
                    return True
            return False
        finally:
            env["@trace"] = tr
    return each
