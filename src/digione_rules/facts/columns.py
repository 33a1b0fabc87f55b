"""Convert a column batch by batch, validating each distinct raw value once through pydantic.

Exports repeat the same dates, parties, kinds and amounts on many rows: a column's distinct values are
validated once as a `list[annotation]` (models.py) and the results mapped back to the rows with a dict.
A unique column (ids) has nothing to share, so its batches are validated directly, without the dict.
A `ValidationError` names list indexes; those lead to the raw values (and so the rows) that failed, and
the remaining values are validated again to get their results.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Sequence

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


class ColumnConverter:
    def __init__(self, adapter: TypeAdapter, expected: str, positive_expected: str, unique: bool, typed: bool):
        self.adapter = adapter
        self.expected = expected  # the column type's `expected` text, for pydantic's own errors
        self.positive_expected = positive_expected
        self.unique = unique
        # Cells that may be numbers (JSON, YAML, XLSX): `True == 1 == 1.0 == Decimal(1)` as dict keys, so a
        # column holding more than one kind of number is validated cell by cell.
        self.typed = typed
        self.numbers: set[type] = set()
        self.cache: dict[Any, Any] = {}
        self.settled = False  # whether the batches seem to bring no new values any more
        self.problems: dict[Any, CellProblem] = {}

    def convert(self, raw: Sequence) -> tuple[list, list[tuple[int, CellProblem]]]:
        """The values of one batch (None where a cell is bad) and the (index, problem) of every bad cell."""
        if self.unique:
            return self._direct(raw)
        if self.typed:
            self.numbers |= _NUMBERS.intersection(map(type, raw))
            if len(self.numbers) > 1:
                return self._direct(raw)
        cache = self.cache
        out = None
        if self.settled:  # the last batch brought no new values: try a single pass
            try:
                out = list(map(cache.__getitem__, raw))
            except KeyError:
                pass
            except TypeError:  # an unhashable cell (a JSON list or object): validate this batch directly
                return self._direct(raw)
        if out is None:
            try:
                distinct = set(raw)
            except TypeError:
                return self._direct(raw)
            new = [v for v in distinct if v not in cache]
            values, problems = self._validate(new)
            for v, value in zip(new, values):
                cache[v] = value
            for i, problem in problems.items():
                self.problems[new[i]] = problem
            self.settled = len(new) < len(raw) // 100
            out = list(map(cache.__getitem__, raw))
        if not self.problems or BAD not in out:
            return out, []
        bad: list[tuple[int, CellProblem]] = []
        for i, value in enumerate(out):
            if value is BAD:
                bad.append((i, self.problems[raw[i]]))
                out[i] = None
        return out, bad

    def _direct(self, raw: Sequence) -> tuple[list, list[tuple[int, CellProblem]]]:
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
            return CellProblem("F405", shown(raw), self.positive_expected)
        return CellProblem("F405", shown(raw), self.expected)

