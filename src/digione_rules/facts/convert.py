"""Convert raw cells to typed column values, one column at a time, each distinct cell once.

A column's converter is chosen from its declared type in the rule book.  Exports repeat the same dates,
parties and kinds on many rows, so each distinct raw value is converted once and the result reused.
Money is stored as integer cents, dates as `datetime.date`, parties by canonical name, enum values as
member names.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

from .. import types as T
from ..check.model import CheckedBook, ColumnInfo, fold
from ..literals import (
    BOOL_EXPECTED,
    DATE_EXPECTED,
    INT_EXPECTED,
    MONEY_EXPECTED,
    LiteralError,
    money_cents,
    read_bool,
    read_date,
    read_decimal,
    read_int,
    read_percent,
)


class CellError(ValueError):
    def __init__(self, found: str, expected: str, code: str = "F405"):
        super().__init__(f"found {found!r}, expected {expected}")
        self.found = found
        self.expected = expected
        self.code = code


def _typed(value: Any, t: Any) -> Any | None:
    """Values that arrive already typed (JSON numbers, XLSX dates): convert without text."""
    if isinstance(value, bool):
        if t == T.BOOL:
            return value
        raise CellError(str(value).lower(), _expected(t))
    if isinstance(value, _dt.datetime):
        if t == T.DATE:
            if value.time() != _dt.time(0):
                raise CellError(value.isoformat(sep=" "), "a date without a time of day")
            return value.date()
        raise CellError(value.isoformat(sep=" "), _expected(t))
    if isinstance(value, _dt.date):
        if t == T.DATE:
            return value
        raise CellError(value.isoformat(), _expected(t))
    if isinstance(value, (int, float, Decimal)):
        if t == T.MONEY:
            d = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
            cents = d * 100
            if cents != cents.to_integral_value():
                raise CellError(str(value), "an amount with at most two decimals of a euro")
            return int(cents)
        if t == T.INTEGER:
            if isinstance(value, float) and not value.is_integer():
                raise CellError(str(value), INT_EXPECTED)
            return int(value)
        if t == T.DECIMAL:
            return Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        if t == T.BOOL and value in (0, 1):
            return bool(value)
        if t in (T.TEXT, T.PARTY, T.PARTY_OR_TEXT) or (isinstance(t, T.Type) and t.name == "enum"):
            text = str(value)
            if isinstance(value, float) and value.is_integer():
                text = str(int(value))
            return text  # handed on as text
        raise CellError(str(value), _expected(t))
    return None


def _expected(t: Any) -> str:
    base = T.strip_optional(t)
    return {
        T.MONEY: MONEY_EXPECTED, T.DATE: DATE_EXPECTED, T.BOOL: BOOL_EXPECTED, T.INTEGER: INT_EXPECTED,
        T.DECIMAL: "a number", T.PERCENT: "a percentage", T.TEXT: "text",
    }.get(base, f"a value of type `{base}`")


def scalar_reader(col: ColumnInfo, book: CheckedBook) -> Callable[[str], Any]:
    """A function from one non-empty cell text to its stored value; raises CellError."""
    t = col.type
    if t == T.MONEY:
        def money(text: str) -> int:
            try:
                cents = money_cents(text)
            except LiteralError as e:
                raise CellError(text, e.expected) from None
            if col.positive and cents <= 0:
                raise CellError(text, "a positive amount")
            return cents
        return money
    simple = {T.DATE: read_date, T.BOOL: read_bool, T.INTEGER: read_int, T.DECIMAL: read_decimal,
              T.PERCENT: read_percent}.get(t)
    if simple is not None:
        def read(text: str):
            try:
                value = simple(text)
            except (LiteralError, InvalidOperation) as e:
                raise CellError(text, getattr(e, "expected", _expected(t))) from None
            if col.positive and value <= 0:
                raise CellError(text, "a positive number")
            return value
        return read
    if t == T.PARTY:
        index = book.party_index

        def party(text: str) -> str:
            found = index.get(fold(text))
            if found is None:
                raise CellError(text, "a party of the contract: a name, an alias or a business id "
                                f"({', '.join(sorted(book.parties))})", "F405")
            return found
        return party
    if t == T.PARTY_OR_TEXT:
        index = book.party_index
        return lambda text: index.get(fold(text), text)
    if isinstance(t, T.Type) and t.name == "enum":
        enum = book.enums[t.enum]

        def member(text: str) -> str:
            found = enum.aliases.get(fold(text))
            if found is None:
                raise CellError(text, f"one of {', '.join(f'`{m}`' for m in enum.members)}")
            return found
        return member
    return lambda text: text


def convert_column(raw: list, col: ColumnInfo, book: CheckedBook) -> tuple[list, list[tuple[int, CellError]]]:
    """Convert one column; returns the values and the (row index, error) of every bad cell."""
    read = scalar_reader(col, book)
    cache: dict[Any, Any] = {}
    errors: list[tuple[int, CellError]] = []
    out: list = []
    append = out.append
    default = col.default
    if default is not None and col.type == T.MONEY and isinstance(default, Decimal):
        default = int(default * 100)
    bad = _BAD
    for i, cell in enumerate(raw):
        try:
            value = cache[cell]
        except KeyError:
            value = _convert_one(cell, col, read, default)
            try:
                cache[cell] = value
            except TypeError:  # an unhashable cell (a JSON list): never valid
                value = CellError(repr(cell), _expected(col.type))
        except TypeError:
            value = CellError(repr(cell), _expected(col.type))
        if value.__class__ is CellError:
            errors.append((i, value))
            append(None)
        elif value is bad:
            append(None)
        else:
            append(value)
    return out, errors


_BAD = object()


def _convert_one(cell: Any, col: ColumnInfo, read, default) -> Any:
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        if default is not None:
            return default
        if col.required:
            return CellError("", _expected(col.type), "F406")
        return None
    try:
        if not isinstance(cell, str):
            typed = _typed(cell, col.type)
            if typed is None:
                return CellError(repr(cell), _expected(col.type))
            if not isinstance(typed, str):
                if col.positive and typed <= 0:
                    return CellError(str(cell), "a positive amount")
                return typed
            cell = typed
        return read(cell.strip())
    except CellError as e:
        return e
