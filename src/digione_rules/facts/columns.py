"""Convert a column batch by batch, validating each distinct raw value once through pydantic.

Exports repeat the same dates, parties, kinds and amounts on many rows: a column's distinct values are
validated once as a `list[annotation]` (models.py) and the results mapped back to the rows with a dict:
a batch is mapped in one pass, and in a batch that brought new values, their cells are mapped again
after they are validated (the whole batch when they are most of it).  A unique column (ids) has nothing
to share, so its batches are validated directly, without the dict.  A batch holding one value
throughout (a date, a project in an export in booking order), met before, is that value repeated,
without a lookup per cell.  A `ValidationError` names list indexes; those lead to the raw values (and
so the rows) that failed, and the remaining values are validated again to get their results.

A text column read from CSV (`plain_text`) is what its cells say, stripped: its values are that, without
a call per cell into pydantic, unless an empty cell needs the model (a default, a missing required value).
Its batches take one pass through the dict, a new cell with nothing to strip being its own value; every
row of a value holds one object (the first cell so spelled), so the rows of one invoice in booking order
are a run of one object, which `FactTable.index` makes a range of.  Likewise amounts all written
`1234.56` are read together (`bulk`) and only their values validated.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import compress, islice, repeat
from operator import is_
from typing import Any, Callable, Sequence

from pydantic import TypeAdapter, ValidationError

from .convert import CELL_ERROR, is_empty, shown


@dataclass(frozen=True, slots=True)
class CellProblem:
    """Why one raw value could not be read: the code, the value as found, what was expected, a hint."""

    code: str
    found: str
    expected: str
    help: str = ""


class _Bad:
    __slots__ = ()


BAD = _Bad()  # the value stored for a raw cell that could not be read


_NUMBERS = {bool, int, float, Decimal}


_NEW = object()  # what a raw value met for the first time maps to, until it is validated


def _own_values(new: list) -> bool:
    """Whether text cells met for the first time are their own values (`plain_text`): text with nothing
    to strip (`str.strip` gives such a string itself) and not empty."""
    try:
        return "" not in new and list(map(str.strip, new)) == new
    except TypeError:  # not all text
        return False


def _forget(cache: dict, size: int) -> None:
    """The cache as it was when it held `size` values (a dict keeps its order: the last ones go)."""
    while len(cache) > size:
        cache.popitem()


class ColumnConverter:
    def __init__(self, adapter: TypeAdapter | Callable[[], TypeAdapter], expected: str, positive_expected: str,
                 unique: bool, typed: bool, plain_text: bool = False,
                 bulk: tuple[Callable[[list], list | None], Callable[[], TypeAdapter]] | None = None):
        # the adapter, or how to make it when a value first needs pydantic (a text column may never)
        self._adapter = adapter
        self.expected = expected  # the column type's `expected` text, for pydantic's own errors
        self.positive_expected = positive_expected
        self.unique = unique
        # Cells that may be numbers (JSON, YAML, XLSX): `True == 1 == 1.0 == Decimal(1)` as dict keys, so a
        # column holding more than one kind of number is validated cell by cell.
        self.typed = typed
        self.numbers: set[type] = set()
        self.cache: dict[Any, Any] = {}  # raw value → its value (BAD when it cannot be read)
        self.cached_all = True  # whether every value given came through the cache (so is one of its values)
        self.problems: dict[Any, CellProblem] = {}
        self.plain_text = plain_text and not typed  # a text column of CSV cells (strings)
        # a reader of a whole list of cells in their commonest shape (None when some are written
        # otherwise), and the validator of what it reads: the values then need no reader call each
        self.bulk = bulk if not typed else None

    def convert(self, raw: Sequence) -> tuple[list, list[tuple[int, CellProblem]]]:
        """The values of one batch (None where a cell is bad) and the (index, problem) of every bad cell."""
        if self.unique:
            return self._direct(raw)
        if self.typed:
            self.numbers |= _NUMBERS.intersection(map(type, raw))
            if len(self.numbers) > 1:
                return self._direct(raw)
        cache = self.cache
        n = len(raw)
        if n > 1 and raw[0] == raw[-1] and raw.count(raw[0]) == n:
            # one value throughout (an export in booking order: the date, the project): its value repeated,
            # as the dict would map each cell (`count` compares as dict keys do, identity first)
            try:
                value = cache[raw[0]]
            except (KeyError, TypeError):  # new, or unhashable: the general way
                pass
            else:
                return ([value] * n, []) if value is not BAD else \
                    ([None] * n, [(i, self.problems[raw[0]]) for i in range(n)])
        before = len(cache)
        try:
            if self.plain_text:
                # One pass: a text cell met for the first time is its own value when it has nothing to strip
                # (the other cells get the value of the first cell spelled as they are: one object each)
                out = list(map(cache.setdefault, raw, raw))
                if len(cache) == before or _own_values(list(islice(reversed(cache), len(cache) - before))):
                    return self._bad(raw, out)
                _forget(cache, before)
            # One pass maps the batch through the cache, adding the values met for the first time (as _NEW);
            # those are validated together, and then only their cells are mapped again.
            out = list(map(cache.setdefault, raw, repeat(_NEW, n)))
        except TypeError:  # an unhashable cell (a JSON list or object): validate this batch directly
            _forget(cache, before)
            return self._direct(raw)
        if len(cache) > before:
            new = list(islice(reversed(cache), len(cache) - before))
            values, problems = self._validate(new)
            cache.update(zip(new, values))
            for i, problem in problems.items():
                self.problems[new[i]] = problem
            at = list(compress(range(n), map(is_, out, repeat(_NEW, n))))
            if len(at) * 2 > n:  # most cells: all of them again, in C
                out = list(map(cache.__getitem__, raw))
            else:
                for i in at:
                    out[i] = cache[raw[i]]
        return self._bad(raw, out)

    def _bad(self, raw: Sequence, out: list) -> tuple[list, list[tuple[int, CellProblem]]]:
        """The values of a batch mapped through the cache, with its bad cells (None) and their problems."""
        if not self.problems or BAD not in out:
            return out, []
        bad: list[tuple[int, CellProblem]] = []
        for i, value in enumerate(out):
            if value is BAD:
                bad.append((i, self.problems[raw[i]]))
                out[i] = None
        return out, bad

    @property
    def adapter(self) -> TypeAdapter:
        if not isinstance(self._adapter, TypeAdapter):
            self._adapter = self._adapter()
        return self._adapter

    def _direct(self, raw: Sequence) -> tuple[list, list[tuple[int, CellProblem]]]:
        self.cached_all = False
        values, problems = self._validate(list(raw))
        if not problems:
            return values, []
        bad = []
        for i, value in enumerate(values):
            if value is BAD:
                bad.append((i, problems[i]))
                values[i] = None
        return values, bad

    def _validate(self, items: list) -> tuple[list, dict[int, CellProblem]]:
        """Validate `items`; bad ones come back as BAD, with their problems by index."""
        if self.plain_text:
            try:
                values = list(map(str.strip, items))
            except TypeError:  # not all text (a mapping's constant, a column the file lacks): pydantic's way
                pass
            else:
                if "" not in values:
                    return values, {}
        if self.bulk is not None and len(items) > 1:
            values = self.bulk[0](items)
            if values is not None:
                if not isinstance(self.bulk[1], TypeAdapter):
                    self.bulk = (self.bulk[0], self.bulk[1]())
                try:
                    return self.bulk[1].validate_python(values), {}
                except ValidationError:  # (not positive…): each cell the usual way, for its own error
                    pass
        try:
            return self.adapter.validate_python(items), {}
        except ValidationError as e:
            errors = e.errors(include_url=False)
        problems: dict[int, CellProblem] = {}
        for err in errors:
            i = err["loc"][0] if err["loc"] else 0
            if i not in problems:
                problems[i] = self._problem(err, items[i])
        good = [i for i in range(len(items)) if i not in problems]
        values: list = [BAD] * len(items)
        if good:
            for i, value in zip(good, self.adapter.validate_python([items[i] for i in good])):
                values[i] = value
        return values, problems

    def _problem(self, err: dict, raw: Any) -> CellProblem:
        ctx = err.get("ctx") or {}
        if err["type"] == CELL_ERROR:
            return CellProblem(ctx.get("code", "F405"), ctx["found"], ctx["expected"], ctx.get("help", ""))
        if is_empty(raw):
            return CellProblem("F406", "", self.expected)
        if err["type"] == "greater_than":
            return CellProblem("F405", shown(raw), self.positive_expected,
                               "a credit note or a reversal? a mapping file's [[skip]] leaves such rows out "
                               "(matches = \"-.*\")" if shown(raw).lstrip().startswith(("-", "−")) else "")
        return CellProblem("F405", shown(raw), self.expected)

