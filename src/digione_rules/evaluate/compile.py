"""Compile typed expressions into Python closures `f(env) -> value`, once per run.

`where` filters are planned, not interpreted row by row: `column = value` and `column in [...]` become
lookups in the table's shared index (so joins such as `payments where invoice = inv.id` cost one dict
lookup per invoice), `column < value` and friends become list comprehensions over the candidate rows
(or, on the dates of a table in date order, a bisection, done first: a year's rows are one run), and
only what is left runs as a closure per row (the steps are in plan.py).

Evidence: while a statement runs, `env["@trace"]` is a list; aggregates append the rows they read and a
variable passes on the rows its value rests on.  A finding's evidence is what its statement traced.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Callable

from .. import ast, dates
from .. import operators as ops
from .. import types as T
from ..check.model import CheckedBook
from ..literals import Duration
from .plan import Fn, _match_keys, _per_row, _vector_cmp, _vector_missing, _vector_truthy, _wanted_many, _wanted_one
from .values import ColSel, EvalError, Row, Sel, from_storage, to_storage

__all__ = ["Compiler", "Fn", "from_storage", "to_storage"]


MAX_THROUGH = 10_000  # the most numbers `A through B` lists (docs/limits.md)

_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}


def _is_money(t) -> bool:
    return T.strip_optional(t) == T.MONEY


class Compiler:
    def __init__(self, book: CheckedBook, ctx):
        self.book = book
        self.ctx = ctx  # the RunContext: facts, as-of date, parameter values
        self._row_scopes: list[tuple[str, str]] = []  # (table, slot) of enclosing `where`s
        self._used: list[set[str]] = []
        self._slot_counter = 0
        self._cache: dict[int, Fn] = {}

    def compile(self, e: ast.Expr) -> Fn:
        return getattr(self, "_" + type(e).__name__.lower())(e)

    def type_of(self, e: ast.Expr):
        return self.book.type_of(e)

    # ------------------------------------------------------------------ names

    def _name(self, e: ast.Name) -> Fn:
        b = self.book.bindings.get(id(e))
        if b is None:
            raise EvalError("R501", f"`{e.name}` was not resolved")
        kind, ctx = b.kind, self.ctx
        if kind == "party" or kind == "member":
            value = b.name
            return lambda env: value
        if kind == "builtin":
            return lambda env: ctx.as_of
        if kind == "param":
            name = b.name
            return lambda env: ctx.param(name)
        if kind == "table":
            name = b.name
            return lambda env: Sel(ctx.param_table(name), None)
        if kind == "facts":
            name = b.name
            if name not in ctx.facts.tables:  # not given, read as empty: whatever reads it rests on that
                def absent(env):
                    sel = Sel(ctx.table(name), None)
                    tr = env["@trace"]
                    if tr is not None:
                        tr.append(sel)
                    return sel
                return absent
            return lambda env: Sel(ctx.table(name), None)
        if kind == "column":
            return self._column(b.owner, b.name, e)
        if kind in ("local", "obligation"):
            name, ev = b.name, "@ev:" + b.name

            def local(env):
                tr = env["@trace"]
                if tr is not None:
                    tr.extend(env.get(ev, ()))
                return env[name]

            return local
        raise EvalError("R501", f"`{e.name}` cannot be evaluated here")

    def _column(self, table: str, column: str, e: ast.Expr) -> Fn:
        for owner, slot in reversed(self._row_scopes):
            if owner == table:
                break
        else:
            raise EvalError("R501", f"column `{column}` used outside a condition on `{table}`")
        for used in self._used:
            used.add(slot)
        money = _is_money(self.type_of(e))
        table_key = slot + "t"

        def col(env):
            return from_storage(env[table_key].columns[column][env[slot]], money)

        return col

    # ------------------------------------------------------------------ fields and lookups

    def _field(self, e: ast.Field) -> Fn:
        b = self.book.bindings.get(id(e.obj))
        if b is not None and b.kind == "enum":
            value = e.name
            return lambda env: value
        obj = self.compile(e.obj)
        name = e.name
        money = _is_money(self.type_of(e)) or _is_money(T.element(self.type_of(e)) or T.ERROR)

        def field(env):
            v = obj(env)
            if v is None:
                return None
            if v.__class__ is Row:
                tr = env["@trace"]
                if tr is not None:
                    tr.append(v)
                x = v.table.columns[name][v.i]
                return Decimal(x).scaleb(-2) if money and x is not None else x
            return ColSel(v, name)

        return field

    def _lookup(self, e: ast.Lookup) -> Fn:
        info = self.book.tables[e.obj.name]  # type: ignore[union-attr]
        keys = [self.compile(k) for k in e.keys]
        cells, name = info.cells, info.name

        def lookup(env):
            key = tuple(k(env) for k in keys)
            if None in key:
                return None
            try:
                return cells[key]
            except KeyError:
                raise EvalError("R503", f"`{name}` has no value for {', '.join(map(str, key))}") from None

        return lookup

    # ------------------------------------------------------------------ literals, lists

    def _literal(self, e: ast.Literal) -> Fn:
        value = e.value
        return lambda env: value

    def _listexpr(self, e: ast.ListExpr) -> Fn:
        items = [self.compile(i) for i in e.items]
        if all(isinstance(i, ast.Literal) or self._is_const_name(i) for i in e.items):
            const = tuple(f({"@trace": None}) for f in items)
            return lambda env: const
        return lambda env: tuple(f(env) for f in items)

    def cannot_fail(self, e: ast.Expr) -> bool:
        """Whether evaluating `e` can raise no error: literals, names bound to values, their fields."""
        if isinstance(e, ast.Literal):
            return True
        if isinstance(e, ast.Name):
            b = self.book.bindings.get(id(e))
            return b is not None and b.kind in ("party", "member", "builtin", "local", "obligation")
        if isinstance(e, ast.Field):
            b = self.book.bindings.get(id(e.obj))
            return b is not None and b.kind == "enum" or self.cannot_fail(e.obj)
        return False

    def _is_const_name(self, e) -> bool:
        b = self.book.bindings.get(id(e)) if isinstance(e, ast.Name) else None
        return b is not None and b.kind in ("party", "member")

    # ------------------------------------------------------------------ operators

    def _unary(self, e: ast.Unary) -> Fn:
        f = self.compile(e.operand)
        if e.op == "not":
            return lambda env: not f(env)
        return lambda env: ops.negate(f(env))

    def _binary(self, e: ast.Binary) -> Fn:
        left, right = self.compile(e.left), self.compile(e.right)
        if e.op == "and":
            return lambda env: bool(left(env)) and bool(right(env))
        if e.op == "or":
            return lambda env: bool(left(env)) or bool(right(env))
        if e.op == "through":
            def through(env):
                a, b = left(env), right(env)
                if b - a >= MAX_THROUGH:
                    raise EvalError("R501", f"`{a} through {b}` would list {b - a + 1} numbers, more than the "
                                    f"{MAX_THROUGH} allowed")
                return tuple(range(a, b + 1))
            return through
        entry = ops.binary(e.op, self.type_of(e.left), self.type_of(e.right))
        if entry is None:
            raise EvalError("R501", f"no operator `{e.op}` for these types")
        run = entry.run

        def binary(env):
            a, b = left(env), right(env)
            if a is None or b is None:
                return None
            try:
                return run(a, b)
            except (ZeroDivisionError, OverflowError, dates.WorkingDaySpanError) as e:
                raise EvalError.of_arithmetic(e) from None

        return binary

    def _compare(self, e: ast.Compare) -> Fn:
        left, right, op = self.compile(e.left), self.compile(e.right), e.op
        if e.within is None:
            return lambda env: ops.compare(op, left(env), right(env))
        tol = self.compile(e.within)

        def within(env):
            a, b, t = left(env), right(env), tol(env)
            if a is None or b is None:
                return op == "!="
            diff = abs((a - b).days) if isinstance(a, _dt.date) else abs(a - b)
            limit = t.amount if isinstance(t, Duration) else t
            close = diff <= limit
            if op == "=":
                return close
            if op == "!=":
                return not close
            return close or ops.compare(op, a, b)

        return within

    def _in(self, e: ast.In) -> Fn:
        item, coll = self.compile(e.item), self.compile(e.collection)
        negated = e.negated
        money = _is_money(self.type_of(e.item))

        def contains(env):
            v, c = item(env), coll(env)
            if isinstance(c, ColSel):
                col = c.sel.table.columns[c.column]
                found = to_storage(v, money) in {col[i] for i in c.sel.indices()}
            else:
                found = v in c
            return found != negated

        return contains

    def _ismissing(self, e: ast.IsMissing) -> Fn:
        f, negated = self.compile(e.operand), e.negated
        return lambda env: (f(env) is None) != negated

    def _otherwise(self, e: ast.Otherwise) -> Fn:
        value, fallback = self.compile(e.value), self.compile(e.fallback)

        def otherwise(env):
            v = value(env)
            return fallback(env) if v is None else v

        return otherwise

    def _conditional(self, e: ast.Conditional) -> Fn:
        c, t, f = self.compile(e.condition), self.compile(e.then), self.compile(e.orelse)
        return lambda env: t(env) if c(env) else f(env)

    # ------------------------------------------------------------------ where

    def _where(self, e: ast.Where) -> Fn:
        source = self.compile(e.source)
        src_type = self.type_of(e.source)
        table = src_type.table
        self._slot_counter += 1
        slot = f"@r{self._slot_counter}"
        self._row_scopes.append((table, slot))
        try:
            plans = [self._plan(c, table, slot) for c in _conjuncts(e.condition)]
        finally:
            self._row_scopes.pop()
        keys = [p[1] for p in plans if p[0] == 0]  # (column, wanted values) of `=` and `in` conditions
        plans.sort(key=lambda p: p[0])
        steps = [p[1] for p in plans if p[0] != 0]  # vectorised, then per row
        # A range of dates of a table whose dates are in order is one run of rows, found by bisection: it
        # goes before the `=` and `in` conditions then, which need only look at its rows
        dated = self.book.facts[table].dated_by if table in self.book.facts else None
        ranges = [p[1] for p in plans if p[0] == 1 and dated is not None and p[2] == dated]
        after_ranges = [p[1] for p in plans if p[0] != 0 and p[1] not in ranges]

        table_key = slot + "t"

        def where(env):
            s = source(env)
            sel = s.sel if isinstance(s, ColSel) else s
            tr = env["@trace"]
            env["@trace"] = None
            env[table_key] = sel.table
            try:
                idx, rest = sel.idx, steps
                if keys:
                    if ranges and sel.table.dates_in_order():
                        for step in ranges:
                            idx = step(env, sel.table, idx)
                        rest = after_ranges
                    env["@trace"] = tr  # the values asked for are what the rows found rest on: evidence too
                    idx = _match_keys(env, sel.table, idx, keys)
                    env["@trace"] = None
                for step in rest:
                    idx = step(env, sel.table, idx)
            finally:
                env["@trace"] = tr
            result = Sel(sel.table, idx)
            return ColSel(result, s.column) if isinstance(s, ColSel) else result

        return where

    def _plan(self, cond: ast.Expr, table: str, slot: str) -> tuple[int, Callable, str | None]:
        """One conjunct of a `where`: (cost class, step(env, table, idx) -> idx, the column an order
        comparison (`<`, `<=`, `>`, `>=`) tests, which bisects the rows of a column in order)."""
        column = self._own_column(cond, table, slot)
        if isinstance(cond, ast.Compare) and cond.within is None:
            for col_side, other, op in ((cond.left, cond.right, cond.op), (cond.right, cond.left, _FLIP[cond.op])):
                name = self._own_column(col_side, table, slot)
                if name is not None:
                    value, independent = self._independent(other, slot)
                    if independent:
                        money = _is_money(self.type_of(col_side))
                        if op == "=":
                            return (0, (name, _wanted_one(value, money)), None)
                        return (1, _vector_cmp(name, op, value, money), name if op != "!=" else None)
        if isinstance(cond, ast.In) and not cond.negated:
            name = self._own_column(cond.item, table, slot)
            if name is not None:
                values, independent = self._independent(cond.collection, slot)
                if independent:
                    return (0, (name, _wanted_many(values, _is_money(self.type_of(cond.item)))), None)
        if column is not None:  # a bool column on its own
            return (1, _vector_truthy(column, True), None)
        if isinstance(cond, ast.Unary) and cond.op == "not":
            name = self._own_column(cond.operand, table, slot)
            if name is not None:
                return (1, _vector_truthy(name, False), None)
        if isinstance(cond, ast.IsMissing):
            name = self._own_column(cond.operand, table, slot)
            if name is not None:
                return (1, _vector_missing(name, cond.negated), None)
        return (2, _per_row(self.compile(cond), slot), None)

    def _own_column(self, e: ast.Expr, table: str, slot: str) -> str | None:
        """The column name if `e` is a bare column of the `where` being planned."""
        if not isinstance(e, ast.Name):
            return None
        b = self.book.bindings.get(id(e))
        if b is None or b.kind != "column" or b.owner != table:
            return None
        for owner, s in reversed(self._row_scopes):
            if owner == table:
                return b.name if s == slot else None
        return None

    def _independent(self, e: ast.Expr, slot: str) -> tuple[Fn, bool]:
        """Compile `e` and tell whether it reads the row being filtered."""
        used: set[str] = set()
        self._used.append(used)
        try:
            f = self.compile(e)
        finally:
            self._used.pop()
        return f, slot not in used

    def row_predicate(self, table: str, cond: ast.Expr) -> Callable:
        """A condition on one row of `table`, as `f(fact_table, i) -> bool` (for `required when`)."""
        table, slot = self.row_scope(table)
        self._row_scopes.append((table, slot))
        try:
            pred = self.compile(cond)
        finally:
            self._row_scopes.pop()

        def test(fact_table, i: int) -> bool:
            return bool(pred({"@trace": None, slot + "t": fact_table, slot: i}))

        return test

    def row_scope(self, table: str):
        """Compile inside a condition on each row of `table` (for `all` and `any`); returns the slot."""
        self._slot_counter += 1
        return table, f"@r{self._slot_counter}"

    # ------------------------------------------------------------------ calls

    def _call(self, e: ast.Call) -> Fn:
        from .functions import compile_call

        return compile_call(self, e)


def _conjuncts(e: ast.Expr) -> list[ast.Expr]:
    if isinstance(e, ast.Binary) and e.op == "and":
        return _conjuncts(e.left) + _conjuncts(e.right)
    return [e]
