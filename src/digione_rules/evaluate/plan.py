"""The steps of a planned `where` (compile.py plans it): rows matching `=` and `in` conditions found
through the table's indexes, comparisons and tests of a column as list comprehensions over the candidate
rows (a date range of a table in date order by bisection), and what is left as a closure per row.  The
candidate rows are always in increasing order.  A step is `step(env, table, idx) -> idx`, `idx` None for
every row of the table.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import chain
from typing import Any, Callable, Sequence

from .values import ColSel, to_storage

Fn = Callable[[dict], Any]


def _intersect(idx: Sequence[int] | None, bucket: Sequence[int]) -> Sequence[int]:
    if idx is None:
        return bucket
    if idx.__class__ is range:
        return _within(bucket, idx)
    if len(bucket) < len(idx):
        keep = set(idx)
        return [i for i in bucket if i in keep]
    keep = set(bucket)
    return [i for i in idx if i in keep]


def _within(rows: Sequence[int], run: range) -> Sequence[int]:
    """The rows (in increasing order) that are in `run` (a range of neighbouring rows): a slice, by bisection."""
    return rows[bisect_left(rows, run.start):bisect_left(rows, run.stop)]


def _wanted_one(value: Fn, money: bool):
    def wanted(env) -> set:
        v = to_storage(value(env), money)
        return set() if v is None else {v}

    return wanted


def _wanted_many(values: Fn, money: bool):
    def wanted(env) -> set:
        coll = values(env)
        if isinstance(coll, ColSel):
            if env["@trace"] is not None:
                env["@trace"].append(coll.sel)
            col = coll.sel.table.columns[coll.column]
            return {v for i in coll.sel.indices() if (v := col[i]) is not None}
        return {to_storage(v, money) for v in coll if v is not None}

    return wanted


_ONCE: Any = object()  # in `FactTable.matches`: a question asked once, on a date range, not answered for every row


def _match_keys(env, table, idx, keys) -> Sequence[int]:
    """Rows whose columns hold the wanted values (`=` and `in` conditions), among `idx`: None for every row,
    a range for the rows of a date range (bisected first, in a table whose dates are in order), or a list.
    The condition expected to match fewest rows (`_expected_rows`) gives the candidates, by its column's
    index; the others filter them by a plain comparison, so no large candidate lists are intersected.
    Given candidates (a filtered selection) that are few are filtered directly, without building an index.

    Whole-table questions recur across rules and loops: each is answered once per table (`table.matches`),
    and a date range's part of the answer is found in it by bisection.  Asked on a date range for the first
    time, a question is answered for the range's rows only (a pioneer's payments of one year, not of every
    year); asked again, for the whole table (so that a loop asking it for many dates does the work once)."""
    wanted = [(name, w(env)) for name, w in keys]
    if any(not values for _, values in wanted):
        return []
    whole = idx is None or idx.__class__ is range
    if whole and len(wanted) == 1 and len(wanted[0][1]) == 1:  # one value of one column: its bucket
        name, (value,) = wanted[0]
        return _intersect(idx, table.index(name).get(value) or [])
    memo_key = None
    if whole:
        memo_key = tuple([(name, frozenset(values)) for name, values in wanted])  # (a column's values: one type)
        hit = table.matches.get(memo_key)
        if hit is not None and hit is not _ONCE:
            return _intersect(idx, hit)
        if idx is not None and hit is None:  # first asked, on a date range: its rows only
            table.matches[memo_key] = _ONCE
            memo_key = None
    part, idx = (idx, None) if memo_key is not None else (None, idx)
    if idx is None or len(idx) * 8 > table.n:
        best = min(range(len(wanted)), key=lambda n: _expected_rows(table, *wanted[n]))
        name, values = wanted.pop(best)
        index = table.index(name)
        buckets = [index[v] for v in values if v in index]
        base = buckets[0] if len(buckets) == 1 else sorted(chain.from_iterable(buckets))
        idx = _intersect(idx, base)
    for name, values in wanted:
        col = table.columns[name]
        if len(values) == 1:
            (v,) = values
            idx = [i for i in idx if col[i] == v]
        else:
            idx = [i for i in idx if col[i] in values]
    if memo_key is not None:
        table.matches[memo_key] = idx
        return _intersect(part, idx)
    return idx


def _expected_rows(table, name: str, values) -> float:
    """How many rows hold one of `values` in column `name`: counted where the column's index is built
    already, else estimated from the number of distinct values the loader met in the column (so that
    only the index of the condition likely to match fewest rows gets built)."""
    index = table.indexed(name)
    if index is not None:
        return sum(len(index.get(v, ())) for v in values)
    distinct = table.distinct.get(name)
    return table.n * len(values) / distinct if distinct else table.n


def _vector_cmp(name: str, op: str, value: Fn, money: bool):
    def step(env, table, idx):
        c = to_storage(value(env), money)
        col = table.columns[name]
        rows = range(table.n) if idx is None else idx
        if c is None:
            return [] if op != "!=" else [i for i in rows if col[i] is not None]
        if op in _BISECT and name == table.schema.dated_by and table.dates_in_order():
            return dated_range(col, rows, op, c)
        if op == "<":
            return [i for i in rows if (v := col[i]) is not None and v < c]
        if op == "<=":
            return [i for i in rows if (v := col[i]) is not None and v <= c]
        if op == ">":
            return [i for i in rows if (v := col[i]) is not None and v > c]
        if op == ">=":
            return [i for i in rows if (v := col[i]) is not None and v >= c]
        if op == "!=":
            return [i for i in rows if col[i] != c]
        raise AssertionError(op)

    return step


_BISECT = {"<": bisect_left, "<=": bisect_right, ">": bisect_right, ">=": bisect_left}


def dated_range(col: list, rows, op: str, c) -> Sequence[int]:
    """The rows (in increasing order) whose date in `col` is `op` c, when the dates never decrease from row
    to row and none is missing (`FactTable.dates_in_order`): one run of them, found by bisection."""
    at = _BISECT[op](rows, c, key=col.__getitem__)
    return rows[:at] if op in ("<", "<=") else rows[at:]


def _vector_truthy(name: str, want: bool):
    def step(env, table, idx):
        col = table.columns[name]
        rows = range(table.n) if idx is None else idx
        return [i for i in rows if bool(col[i]) is want]

    return step


def _vector_missing(name: str, negated: bool):
    def step(env, table, idx):
        col = table.columns[name]
        rows = range(table.n) if idx is None else idx
        return [i for i in rows if (col[i] is None) != negated]

    return step


def _per_row(pred: Fn, slot: str):
    def step(env, table, idx):
        out = []
        rows = range(table.n) if idx is None else idx
        for i in rows:
            env[slot] = i
            if pred(env):
                out.append(i)
        return out

    return step
