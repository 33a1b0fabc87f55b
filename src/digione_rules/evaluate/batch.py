"""Loops judged in bulk: a `for each` over the rows of a table whose body only requires and owes.

The scalar way runs each statement of a loop's body once per row, through closures.  On a big ledger a
rule such as `invoice-paid` (an obligation per invoice) or `no-development-after-handover` (a `require` per
cost) runs hundreds of thousands of times, and nearly every row holds.  So such a loop first evaluates its
conditions, amounts and dates for all the rows at once, a column at a time (`Vector`), and the payments of
each obligation through the paying table's index; only the rows that report something (a finding, a
pending item) run through the scalar statements.  The others are counted as judged, and their obligations
recorded as met, directly.  The last row always runs the scalar way, so the variables a loop leaves behind
(which `check --explain` shows) are the scalar run's.

The bulk pass has no effects: when it meets anything it cannot do the scalar way's way (an error, a value
it does not handle), the whole loop runs the scalar way from its first row.  Either way the report is the
same bytes.  Expressions that do not read the loop's row are evaluated once, as the scalar way would for
every row, with the same result.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from itertools import compress, repeat
from operator import not_
from typing import Any, Callable

from .. import ast
from .. import operators as ops
from .. import types as T
from .compile import _conjuncts, _is_money, to_storage
from .obligations import ZERO, days_late
from .values import ColSel, EvalError

VFn = Callable[[dict, Any, list], list]  # (env, table, rows) -> one value per row


class Unsupported(Exception):
    """The bulk pass cannot mirror this expression or statement: the loop runs the scalar way."""


class Bulk:
    """What the bulk pass found for one statement over a loop's rows: per row, whether there is nothing to
    report (`clean`); for an obligation, the columns of its records (owed, paid in cents, due, state)."""

    __slots__ = ("clean", "records")

    def __init__(self, clean: list, records: tuple[list, list, list, list] | None = None):
        self.clean, self.records = clean, records


def plan_loop(runner, s: ast.ForEach):
    """For a loop over rows with a bulk-judgeable body: `judge(env, table, rows)`, which returns a `Bulk`
    per statement; else None."""
    try:
        steps = [_plan_statement(runner, stmt, s.var) for stmt in s.body]
    except (Unsupported, EvalError):
        return None
    if not steps:
        return None
    return lambda env, table, rows: [step(env, table, rows) for step in steps]


def _plan_statement(runner, stmt, var: str):
    vec = Vector(runner.cp, var)
    if isinstance(stmt, ast.Require):
        cond = vec.compile(stmt.condition)
        return lambda env, table, rows: Bulk(list(map(bool, cond(env, table, rows))))
    if isinstance(stmt, ast.Obligation):
        return _plan_obligation(runner, vec, stmt)
    raise Unsupported


def _plan_obligation(runner, vec: Vector, s: ast.Obligation):
    """An obligation whose payments are a join (`payments where invoice = inv.id`): per row, owed, due, the
    paying rows and what they add up to, judged as the scalar statement judges them."""
    cp = runner.cp
    if s.amount is None or s.paid_by is None or not isinstance(s.paid_by, ast.Where):
        raise Unsupported
    if s.title is not None and not all(cp.cannot_fail(p) for p in runner.placeholders(s.title)):
        raise Unsupported  # the scalar statement writes such a title for every row
    source = s.paid_by.source
    b = cp.book.bindings.get(id(source)) if isinstance(source, ast.Name) else None
    if b is None or b.kind != "facts":
        raise Unsupported
    pay_table = b.name
    keys = []
    for cond in _conjuncts(s.paid_by.condition):
        if not (isinstance(cond, ast.Compare) and cond.op == "=" and cond.within is None):
            raise Unsupported
        for col_side, other in ((cond.left, cond.right), (cond.right, cond.left)):
            cb = cp.book.bindings.get(id(col_side)) if isinstance(col_side, ast.Name) else None
            if cb is not None and cb.kind == "column" and cb.owner == pay_table and \
                    not vec.reads(other, ("column",), row=False):
                keys.append((cb.name, vec.compile(other), _is_money(cp.type_of(col_side))))
                break
        else:
            raise Unsupported
    amount = vec.compile(s.amount)
    due = vec.compile(s.due) if s.due is not None else None
    tol = cp.compile(s.tolerance) if s.tolerance is not None else None
    if tol is not None and vec.reads_row(s.tolerance):
        raise Unsupported
    ctx, exact, late = runner.ctx, s.exact, s.late_severity

    def obligation(env, table, rows):
        n = len(rows)
        owed_all = amount(env, table, rows)
        due_all = due(env, table, rows) if due is not None else [None] * n
        wanted = [(name, [to_storage(v, True) for v in f(env, table, rows)] if money else f(env, table, rows))
                  for name, f, money in keys]  # as the column stores them (only money differs)
        t = tol(env) if tol is not None else ZERO
        paying = ctx.table(pay_table)
        amounts = paying.columns["amount"]
        dated = paying.columns[paying.schema.dated_by] if paying.schema.dated_by else None
        (first, firsts), others = wanted[0], wanted[1:]
        index = paying.index(first)
        buckets = list(map(index.get, firsts, repeat((), n)))  # a missing value matches no row
        for name, values in others:
            col = paying.columns[name]
            buckets = [[i for i in b if col[i] == v] if v is not None else () for b, v in zip(buckets, values)]
        if not paying.in_time_order():  # an index bucket is in row order, which is time order when the table is
            buckets = [sorted(b, key=paying.order_key) if len(b) > 1 else b for b in buckets]
        # a bucket of neighbouring rows (a range) is summed as a slice, without a lookup per row
        cents = [sum(amounts[b.start:b.stop]) if b.__class__ is range else sum(map(amounts.__getitem__, b))
                 for b in buckets]
        # what the scalar test compares, once per amount owed: paid within owed ± tolerance, in cents
        low = {o: _cents((o - t).scaleb(2)) for o in set(owed_all) if o is not None}
        high = {o: _cents((o + t).scaleb(2)) for o in low} if exact else low
        # and paid by the due day: the last payment on or before it (the rows are in time order)
        clean = [o is not None and c >= low[o] and (not exact or c <= high[o]) and
                 (d is None or not b or dated[b[0]] is not None and dated[b[-1]] <= d)
                 for o, c, d, b in zip(owed_all, cents, due_all, buckets)]
        state = ["met"] * n
        for k in list(compress(range(n), map(not_, clean))):  # paid in full, some of it after the due day?
            o, c, d = owed_all[k], cents[k], due_all[k]
            if o is None or c < low[o] or exact and c > high[o]:
                continue
            days = days_late(buckets[k], amounts, dated, o - t, d)
            if days == 0 or not late:
                clean[k], state[k] = True, "late" if days > 0 else "met"
        return Bulk(clean, (owed_all, cents, due_all, state))  # (paid in cents: RecordBlock writes euros)

    return obligation


def _cents(d: Decimal) -> int | Decimal:
    """A bound in cents, as an int when it is whole (an int compares with an int faster than a Decimal)."""
    return int(d) if d == d.to_integral_value() else d


class Vector:
    """Expressions over the rows of a loop, one value per row, the scalar closures' values."""

    def __init__(self, cp, var: str):
        self.cp, self.var = cp, var

    def reads_row(self, e) -> bool:
        """Whether `e` reads the loop's row (or a name an obligation sets per row)."""
        return self.reads(e, ("obligation",))

    def reads(self, e, kinds: tuple[str, ...], row: bool = True) -> bool:
        """Whether `e` reads a name bound as one of `kinds` (or, with `row`, the loop's variable)."""
        if isinstance(e, ast.Name):
            b = self.cp.book.bindings.get(id(e))
            return b is not None and (b.kind in kinds or row and b.kind == "local" and b.name == self.var)
        if isinstance(e, ast.Literal):
            return False
        for f in dataclasses.fields(e):
            value = getattr(e, f.name)
            for child in value if isinstance(value, tuple) else (value,):
                if dataclasses.is_dataclass(child) and hasattr(child, "span") and self.reads(child, kinds, row):
                    return True
        return False

    def compile(self, e) -> VFn:
        if not self.reads_row(e):
            f = self.cp.compile(e)
            return lambda env, table, rows: [f(env)] * len(rows)
        method = getattr(self, "_" + type(e).__name__.lower(), None)
        if method is None:
            raise Unsupported
        return method(e)

    def _field(self, e: ast.Field) -> VFn:
        b = self.cp.book.bindings.get(id(e.obj)) if isinstance(e.obj, ast.Name) else None
        if b is None or b.kind != "local" or b.name != self.var:
            raise Unsupported
        name, t = e.name, self.cp.type_of(e)
        if _is_money(t) or _is_money(T.element(t) or T.ERROR):  # as the scalar field reads it: euros
            def money(env, table, rows):
                cents = list(map(table.columns[name].__getitem__, rows))
                distinct = set(cents)
                if not all(x.__class__ is int for x in distinct if x is not None):
                    return [None if x is None else Decimal(x).scaleb(-2) for x in cents]
                euros = {x: Decimal(x).scaleb(-2) for x in distinct if x is not None}  # once per amount
                euros[None] = None
                return list(map(euros.__getitem__, cents))
            return money
        return lambda env, table, rows: list(map(table.columns[name].__getitem__, rows))

    def _binary(self, e: ast.Binary) -> VFn:
        left, right = self.compile(e.left), self.compile(e.right)
        if e.op == "and":
            return lambda env, table, rows: [bool(a) and bool(b) for a, b in
                                             zip(left(env, table, rows), right(env, table, rows))]
        if e.op == "or":
            return lambda env, table, rows: [bool(a) or bool(b) for a, b in
                                             zip(left(env, table, rows), right(env, table, rows))]
        entry = ops.binary(e.op, self.cp.type_of(e.left), self.cp.type_of(e.right))
        if entry is None:
            raise Unsupported
        run = entry.run
        if T.strip_optional(self.cp.type_of(e.left)) == T.DATE and not self.reads_row(e.right):
            def by_date(env, table, rows):  # `inv.date + payment_term`: once per distinct date
                lefts, b = left(env, table, rows), right(env, table, rows[:1])
                b = b[0] if b else None
                done = {a: None if a is None or b is None else run(a, b) for a in set(lefts)}
                return list(map(done.__getitem__, lefts))
            return by_date
        return lambda env, table, rows: [None if a is None or b is None else run(a, b) for a, b in
                                         zip(left(env, table, rows), right(env, table, rows))]

    def _compare(self, e: ast.Compare) -> VFn:
        if e.within is not None:
            raise Unsupported
        left, right, op, compare = self.compile(e.left), self.compile(e.right), e.op, ops.compare
        if "duration" in (T.key(self.cp.type_of(e.left)), T.key(self.cp.type_of(e.right))):
            return lambda env, table, rows: [compare(op, a, b) for a, b in
                                             zip(left(env, table, rows), right(env, table, rows))]
        run = ops._ORDER[op]  # what `compare` runs on two values present that are not durations
        return lambda env, table, rows: [run(a, b) if a is not None and b is not None else compare(op, a, b)
                                         for a, b in zip(left(env, table, rows), right(env, table, rows))]

    def _unary(self, e: ast.Unary) -> VFn:
        f = self.compile(e.operand)
        if e.op == "not":
            return lambda env, table, rows: [not a for a in f(env, table, rows)]
        return lambda env, table, rows: [ops.negate(a) for a in f(env, table, rows)]

    def _ismissing(self, e: ast.IsMissing) -> VFn:
        f, negated = self.compile(e.operand), e.negated
        return lambda env, table, rows: [(a is None) != negated for a in f(env, table, rows)]

    def _otherwise(self, e: ast.Otherwise) -> VFn:
        value, fallback = self.compile(e.value), self.compile(e.fallback)
        return lambda env, table, rows: [b if a is None else a for a, b in
                                         zip(value(env, table, rows), fallback(env, table, rows))]

    def _conditional(self, e: ast.Conditional) -> VFn:
        c, t, f = self.compile(e.condition), self.compile(e.then), self.compile(e.orelse)
        return lambda env, table, rows: [x if w else y for w, x, y in
                                         zip(c(env, table, rows), t(env, table, rows), f(env, table, rows))]

    def _in(self, e: ast.In) -> VFn:
        if self.reads_row(e.collection):
            raise Unsupported
        item, coll, negated = self.compile(e.item), self.cp.compile(e.collection), e.negated
        money = _is_money(self.cp.type_of(e.item))

        def contains(env, table, rows):
            c = coll(env)
            if isinstance(c, ColSel):
                col = c.sel.table.columns[c.column]
                present = {col[i] for i in c.sel.indices()}
                return [(to_storage(v, money) in present) != negated for v in item(env, table, rows)]
            return [(v in c) != negated for v in item(env, table, rows)]

        return contains
