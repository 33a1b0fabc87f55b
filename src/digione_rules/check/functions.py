"""The built-in functions and what their arguments must be.

Aggregates take rows, a column or a list: `sum(payments.amount where kind = grant)`, `count(events where …)`.
`all` and `any` take rows and a condition on each row.  Dates: `year`, `month`, `end_of_year`,
`start_of_year`, `days_between`, `working_days_between`, `date(y, m, d)`.  Money: `round` (half up to
whole euros, as the contract's share tables are rounded) and `abs`.
"""

from __future__ import annotations

from typing import Any

from .. import ast
from .. import types as T
from .expressions import ExprChecker, Scope, _a, did_you_mean, maybe

FUNCTIONS = {
    "sum": "the total of a column or list of money or numbers",
    "count": "how many rows or items",
    "exists": "whether there is at least one row or item",
    "none": "whether there are no rows or items",
    "min": "the smallest value of a column, or of its arguments",
    "max": "the largest value of a column, or of its arguments",
    "distinct": "the different values of a column, in order",
    "first": "the earliest row (by date, then id)",
    "last": "the latest row (by date, then id)",
    "all": "whether every row satisfies a condition",
    "any": "whether some row satisfies a condition",
    "year": "the year of a date",
    "month": "the month of a date",
    "end_of_year": "31 December of a year (or of a date's year)",
    "start_of_year": "1 January of a year (or of a date's year)",
    "days_between": "calendar days from one date to another",
    "working_days_between": "Finnish working days from one date up to another, the first counted and not the second",
    "date": "the date of a year, month and day",
    "round": "money rounded half up to whole euros (a number, to a whole number)",
    "abs": "the value without its sign",
    "period_start": "the first day of a fee period written `2024`, `2024-Q1`, `2024-H2` or `2024-03`",
    "period_end": "the last day of a fee period written `2024`, `2024-Q1`, `2024-H2` or `2024-03`",
    "split_total": "the total that rows' amounts are shares of: `split_total(ROWS, SHARE)`, the one the most "
                   "rows' amounts are exactly SHARE × of, rounded half up to whole euros (the nearest to their "
                   "sum in proportion to their shares among equals)",
}


def check_call(ck: ExprChecker, expr: ast.Call, scope: Scope, expect: Any) -> Any:
    name, args = expr.func, expr.args
    if name not in FUNCTIONS:
        ck.sink.error("T201", f"unknown function `{name}`", expr.func_span,
                      help=did_you_mean(name, FUNCTIONS))
        for a in args:
            ck.infer(a, scope)
        return T.ERROR

    def arity(*allowed: int) -> bool:
        if len(args) in allowed:
            return True
        want = " or ".join(str(n) for n in allowed)
        ck.sink.error("T207", f"`{name}` takes {want} argument{'s' if allowed != (1,) else ''}, "
                      f"not {len(args)}", expr.span)
        for a in args:
            ck.infer(a, scope)
        return False

    if name in ("all", "any"):
        if not arity(2):
            return T.ERROR
        rows = ck.infer(args[0], scope)
        if rows is T.ERROR:
            return T.BOOL
        if not isinstance(rows, T.RowsOf):
            ck.sink.error("T207", f"`{name}` needs rows as its first argument, not {_a(rows)}", args[0].span)
            return T.BOOL
        ck.expect(args[1], ck.row_scope(rows.table, scope), T.BOOL, f"the condition of `{name}`")
        return T.BOOL

    if name == "split_total":
        if not arity(2):
            return T.Optional(T.MONEY)
        rows = ck.infer(args[0], scope)
        schema = ck.schema(rows.table) if isinstance(rows, T.RowsOf) else None
        if rows is not T.ERROR and not (schema is not None and "amount" in schema.columns
                                        and T.strip_optional(schema.columns["amount"].type) == T.MONEY):
            ck.sink.error("T207", "`split_total` needs rows with a money column `amount` as its first argument, "
                          f"not {_a(rows)}", args[0].span)
            for a in args[1:]:
                ck.infer(a, scope)
            return T.Optional(T.MONEY)
        if rows is not T.ERROR:
            ck.expect(args[1], ck.row_scope(rows.table, scope), T.Optional(T.PERCENT), "the share of `split_total`")
        return T.Optional(T.MONEY)

    if name in ("min", "max") and len(args) >= 2:
        types = [ck.infer(a, scope) for a in args]
        known = [t for t in types if t is not T.ERROR]
        if not known:
            return T.ERROR
        for a, t in zip(args, types):
            if t is not T.ERROR and not T.same(t, known[0]):
                ck.sink.error("T207", f"`{name}` compares values of one type: {_a(known[0])} and {_a(t)}", a.span)
                return T.ERROR
            ck._not_optional(a, t, f"an argument of `{name}`")
        return T.strip_optional(known[0])

    if name in ("sum", "count", "exists", "none", "min", "max", "distinct", "first", "last"):
        if not arity(1):
            return T.ERROR
        arg = ck.infer(args[0], scope)
        if arg is T.ERROR:
            return T.ERROR
        return _aggregate(ck, name, arg, args[0])

    # scalar functions: a missing argument gives a missing result
    if name in ("year", "month"):
        if not arity(1):
            return T.INTEGER
        t = ck.expect(args[0], scope, T.Optional(T.DATE), f"the argument of `{name}`")
        return maybe(T.INTEGER, t)
    if name in ("end_of_year", "start_of_year"):
        if not arity(1):
            return T.DATE
        t = ck.infer(args[0], scope)
        if t is not T.ERROR and T.strip_optional(t) not in (T.INTEGER, T.DATE):
            ck.sink.error("T207", f"`{name}` takes a year or a date, not {_a(t)}", args[0].span)
        return maybe(T.DATE, t)
    if name in ("period_start", "period_end"):
        if not arity(1):
            return T.Optional(T.DATE)
        ck.expect(args[0], scope, T.Optional(T.TEXT), f"the argument of `{name}`")
        return T.Optional(T.DATE)
    if name in ("days_between", "working_days_between"):
        if not arity(2):
            return T.INTEGER
        a = ck.expect(args[0], scope, T.Optional(T.DATE), f"the first argument of `{name}`")
        b = ck.expect(args[1], scope, T.Optional(T.DATE), f"the second argument of `{name}`")
        return maybe(T.INTEGER, a, b)
    if name == "date":
        if not arity(3):
            return T.DATE
        parts = [ck.expect(a, scope, T.Optional(T.INTEGER), f"the {what} of `date`")
                 for a, what in zip(args, ("year", "month", "day"))]
        return maybe(T.DATE, *parts)
    if name in ("round", "abs"):
        if not arity(1):
            return T.ERROR
        t = ck.infer(args[0], scope)
        if t is T.ERROR:
            return t
        allowed = ("money", "decimal") if name == "round" else ("money", "decimal", "integer", "percent")
        if T.key(t) not in allowed:
            ck.sink.error("T207", f"`{name}` takes {' or '.join(allowed)}, not {_a(t)}", args[0].span)
            return T.ERROR
        return t
    raise AssertionError(name)  # INVARIANT: every name in FUNCTIONS is handled above


def _aggregate(ck: ExprChecker, name: str, arg: Any, node: ast.Expr) -> Any:
    if name in ("count", "exists", "none"):
        if isinstance(arg, (T.RowsOf, T.ListOf, T.ColumnOf)):
            return T.INTEGER if name == "count" else T.BOOL
        ck.sink.error("T207", f"`{name}` needs rows, a column or a list, not {_a(arg)}", node.span)
        return T.ERROR
    if name in ("first", "last"):
        if isinstance(arg, T.RowsOf):
            return T.Optional(T.RowOf(arg.table))
        ck.sink.error("T207", f"`{name}` needs rows, not {_a(arg)}", node.span,
                      help=f"write `{name}(table where …)`")
        return T.ERROR
    item = T.element(arg)
    if item is None:
        ck.sink.error("T207", f"`{name}` needs a column or a list, not {_a(arg)}", node.span,
                      help="name a column: `sum(payments.amount where …)`")
        return T.ERROR
    base = T.strip_optional(item)
    if base is T.ERROR:
        return T.ERROR
    if name == "sum":
        if T.key(base) not in ("money", "integer", "decimal", "percent"):
            ck.sink.error("T207", f"cannot sum {_a(base)} values", node.span)
            return T.ERROR
        return base
    if name == "distinct":
        return T.ListOf(base)
    # min, max of a column or list
    if not (isinstance(base, T.Type) and base.name in T.ORDERED):
        ck.sink.error("T207", f"`{name}` needs ordered values, not {_a(base)}", node.span)
        return T.ERROR
    return T.Optional(base)
