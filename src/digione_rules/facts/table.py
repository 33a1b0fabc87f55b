"""Fact tables as the evaluator sees them: columns of converted values, and where each row came from.

Columns rather than row objects: a million payments are a handful of lists (money as integer cents,
dates and names shared between rows), not a million dicts.  Indexes by column value are built on first
use and shared by every rule that filters or joins on that column.
"""

from __future__ import annotations

import datetime as _dt
import operator
from array import array
from bisect import bisect_right
from collections import defaultdict, deque
from functools import partial
from dataclasses import dataclass, field
from itertools import compress, groupby, islice, tee
from operator import itemgetter
from typing import Any, Sequence

from .. import types as T
from ..check.model import TableSchema


@dataclass
class FactTable:
    """A table's rows, `n` of them: `columns[name][i]` is row i's value, `lines[i]` where it came from.
    A table made by `head` shares the lists of the table it is the first rows of, so a column may hold
    more values than the table has rows: read rows below `n`, or `column(name)`."""

    name: str
    schema: TableSchema
    columns: dict[str, list]
    lines: Sequence[int]  # the line (CSV, JSON, JSONL, YAML) or row (XLSX) each row begins on
    file: str  # as the user named it
    sheet: str | None = None
    sha256: str = ""  # of the file's bytes
    columns_at: dict[str, int] = field(default_factory=dict, repr=False)  # column → its cell index in the file
    _indexes: dict[str, dict[Any, Sequence[int]]] = field(default_factory=dict, repr=False)
    # rows matching whole-table `=`/`in` questions, shared by every rule of a run (the table never changes)
    matches: dict[tuple, Sequence[int]] = field(default_factory=dict, repr=False)
    _order: list[int] | None = field(default=None, repr=False)
    _in_id_order: bool | None = field(default=None, repr=False)
    _in_time_order: bool | None = field(default=None, repr=False)
    _dates_in_order: bool | None = field(default=None, repr=False)
    # how many distinct values the loader met in each column (spellings, so at least the values): how
    # selective a condition on it is likely to be
    distinct: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    # every value a referencing column may hold (the loader's, before rows were left out): the reference
    # check asks about the few hundred thousand values, not each of a million cells
    values_met: dict[str, set] = field(default_factory=dict, repr=False, compare=False)
    id_column: str | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.id_column = self.schema.id_column

    @property
    def n(self) -> int:
        return len(self.lines)

    def column(self, name: str) -> list:
        """The column's values of this table's rows, and no more."""
        col = self.columns[name]
        return col if len(col) == self.n else col[: self.n]

    def in_id_order(self) -> bool:
        """Whether every row has an id and the ids strictly increase (so they are also unique)."""
        if self._in_id_order is None:
            ids = self.column(self.id_column) if self.id_column else [None]
            self._in_id_order = None not in ids and all(map(operator.lt, ids, islice(ids, 1, None)))
        return self._in_id_order

    def in_time_order(self) -> bool:
        """Whether the rows are already in `order_key` order, each key greater than the one before: the
        dates never decrease and the ids (text) strictly increase, or, without ids, the lines do.  Then
        sorting rows by `order_key` is sorting them by position (most exports come in booking order)."""
        if self._in_time_order is None:
            ok = True
            if self.schema.dated_by:
                dates = self.column(self.schema.dated_by)
                if not all(dates):  # a missing date (dates are never false)
                    dates = [d or _dt.date.min for d in dates]
                ok = _never_decrease(dates, self.n)
            if ok and self.id_column:
                ok = T.strip_optional(self.schema.columns[self.id_column].type) == T.TEXT and self.in_id_order()
            elif ok:
                lines = self.lines
                ok = isinstance(lines, range) and lines.step > 0 or all(map(operator.lt, lines, islice(lines, 1, None)))
            self._in_time_order = ok
        return self._in_time_order

    def dates_in_order(self) -> bool:
        """Whether the table is dated, every row has its date and the dates never decrease from row to row:
        then the rows of a date range are one run of neighbours."""
        if self._dates_in_order is None:
            dates = self.columns[self.schema.dated_by] if self.schema.dated_by else [None]
            if self.in_time_order():  # the dates never decrease, a missing one counting as the earliest
                self._dates_in_order = self.n == 0 or dates[0] is not None
            else:  # (dates are never false: `all` finds a missing one)
                self._dates_in_order = all(islice(dates, self.n)) and _never_decrease(dates, self.n)
        return self._dates_in_order

    def time_ordered(self, rows) -> list[int]:
        """`rows` sorted by `order_key`."""
        if self.in_time_order():
            return sorted(rows)
        return sorted(rows, key=self.order_key)

    def earliest(self, rows) -> int:
        """The row of `rows` that comes first by `order_key` (`rows` not empty)."""
        return min(rows) if self.in_time_order() else min(rows, key=self.order_key)

    def latest(self, rows) -> int:
        return max(rows) if self.in_time_order() else max(rows, key=self.order_key)

    def indexed(self, column: str) -> dict[Any, Sequence[int]] | None:
        """The column's index if it is built already."""
        return self._indexes.get(column)

    def index(self, column: str) -> dict[Any, Sequence[int]]:
        """Row numbers by value of `column`, in increasing order (missing values are not indexed).  Each
        bucket is an `array` of C integers (a million rows' numbers take 4 MB, not a million int objects),
        or a `range` for a value on one run of neighbouring rows.  A column whose rows mostly hold the value
        of the row before (the payments of one invoice, a few kinds of payment, in an export in booking
        order) is indexed a run at a time, which costs less than appending every row to its bucket."""
        idx = self._indexes.get(column)
        if idx is None:
            col, n = self.columns[column], self.n  # (the column may go on beyond this table's rows)
            many = self.distinct.get(column, 0) * 16 > n  # many values: many buckets, each made once either way
            runs = _run_starts(col, n) * (2 if many else 32) < n
            idx = self._indexes[column] = _by_runs(col, n) if runs else _by_rows(col, n)
        return idx

    def order_key(self, i: int) -> tuple:
        """Rows in time order: the dated column, then the id, then the position in the file."""
        date_col = self.schema.dated_by
        id_col = self.id_column
        d = self.columns[date_col][i] if date_col else None
        return (d or _dt.date.min, str(self.columns[id_col][i]) if id_col else "", self.lines[i])

    def row_id(self, i: int) -> str | None:
        id_col = self.id_column
        return None if id_col is None else self.columns[id_col][i]

    def row_subject(self, i: int) -> str:
        """The row as a finding's subject names it: its id, or its table and line."""
        rid = None if self.id_column is None else self.columns[self.id_column][i]
        return rid if rid is not None else f"{self.name} row {self.lines[i]}"

    def where(self, keep: list[int]) -> FactTable:
        """A table of some of these rows, `keep` in increasing order (used to leave out bad rows, and facts
        dated after the as-of date)."""
        cols = {name: list(map(col.__getitem__, keep)) for name, col in self.columns.items()}
        return self._part(cols, list(map(self.lines.__getitem__, keep)))

    def head(self, k: int) -> FactTable:
        """A table of the first `k` rows, sharing this table's column lists (nothing is copied)."""
        return self._part(dict(self.columns), self.lines[:k])

    def _part(self, cols: dict[str, list], lines: Sequence[int]) -> FactTable:
        part = FactTable(self.name, self.schema, cols, lines, self.file, self.sheet, sha256=self.sha256,
                         columns_at=self.columns_at)
        part.distinct = self.distinct
        # rows in order stay in order when some are left out
        part._in_id_order = self._in_id_order or None
        part._in_time_order = self._in_time_order or None
        part._dates_in_order = self._dates_in_order or None
        return part

    def evidence(self, i: int) -> dict:
        out: dict[str, Any] = {"table": self.name, "file": self.file}
        if self.sheet is not None:
            out["sheet"] = self.sheet
        out["line"] = self.lines[i]
        rid = self.row_id(i)
        if rid is not None:
            out["id"] = rid
        return out


def _by_rows(col: list, n: int) -> dict[Any, Sequence[int]]:
    buckets: defaultdict[Any, array] = defaultdict(partial(array, "i"))
    # each row number appended to its value's bucket, the whole loop in C
    deque(map(array.append, map(buckets.__getitem__, islice(col, n)), range(n)), maxlen=0)
    buckets.pop(None, None)
    return dict(buckets)


def _by_runs(col: list, n: int) -> dict[Any, Sequence[int]]:
    """The index from the runs of neighbours holding one value (`groupby` finds them, in C): one step per
    run, a `range` for a value met on one run only."""
    buckets: dict[Any, Any] = {}
    get = buckets.get
    end = 0
    for value, run in groupby(islice(col, n)):
        begin = end
        end += len(list(run))
        bucket = get(value)
        if bucket is None:
            buckets[value] = range(begin, end)
        else:
            if bucket.__class__ is range:
                bucket = buckets[value] = array("i", bucket)
            bucket.extend(range(begin, end))
    buckets.pop(None, None)
    return buckets


_WINDOWS, _WIDTH = 8, 512


def _run_starts(col: list, n: int) -> float:
    """About how many of the first `n` rows hold another value object than the row before (the loader
    shares one object per distinct value), counted in 8 windows of 512 rows spread over them (all of them
    when they are few): whether indexing by runs pays is known without a pass over a million rows."""
    if n <= _WINDOWS * _WIDTH:
        windows = [col[:n]]
    else:
        step = (n - _WIDTH) // (_WINDOWS - 1)
        windows = [col[k * step:k * step + _WIDTH] for k in range(_WINDOWS)]
    pairs = sum(len(w) - 1 for w in windows)
    changes = sum(sum(map(operator.is_not, w, islice(w, 1, None))) for w in windows)
    return n * changes / pairs if pairs > 0 else 0.0


@dataclass
class FactSet:
    """Every table that was given, and a digest of their content."""

    tables: dict[str, FactTable]
    digest: str
    files: list[str] = field(default_factory=list)
    warnings: list = field(default_factory=list)  # diagnostics that did not stop the run
    unreadable: list = field(default_factory=list)  # with --keep-going: the RowProblems of rows left out

    def as_of(self, day: _dt.date) -> FactSet:
        """The facts known on `day`: rows dated after it are left out."""
        tables = {}
        for name, table in self.tables.items():
            col = table.schema.dated_by
            if col is None:
                tables[name] = table
                continue
            values = table.columns[col]
            if table.in_time_order():  # dates never decrease: the rows dated later are the last ones
                k = bisect_right(values, day, 0, table.n, key=_day_or_earliest)
                tables[name] = table if k == table.n else table.head(k)  # the table as it is, or its head
                continue
            later = {d for d in set(values) if d is not None and d > day}
            tables[name] = table.where(list(compress(range(table.n), map(later.isdisjoint, zip(values))))) \
                if later else table
        return FactSet(tables, self.digest, self.files, self.warnings, self.unreadable)


def _never_decrease(values: list, n: int) -> bool:
    """Whether the first `n` values never decrease from one to the next, compared once per run of equal
    neighbours (a ledger's rows of one day): `groupby` finds the runs in C, and the first decrease ends it."""
    runs, following = tee(map(itemgetter(0), groupby(islice(values, n))))
    next(following, None)
    return all(map(operator.le, runs, following))


def _day_or_earliest(d: _dt.date | None) -> _dt.date:
    """A missing date sorts first, as `FactTable.order_key` puts it."""
    return d or _dt.date.min
