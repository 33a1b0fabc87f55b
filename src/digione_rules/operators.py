"""The one table of which operator applies to which types, and what it computes.

Both the checker (for the result type, or a T204 error when a pair is missing) and the evaluator (for the
function to run) read `BINARY`; nothing else decides what `money * percent` means.  Anything not in the
table is an error: money × money, money + date, comparing months with days.
"""

from __future__ import annotations

import datetime as _dt
import operator as _op
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

from . import dates
from . import types as T
from .literals import DAYS, Duration


@dataclass(frozen=True, slots=True)
class Op:
    result: Callable[[Any, Any], Any]  # (left type, right type) → result type, or None if not defined
    run: Callable[[Any, Any], Any]


def _fixed(t):
    return lambda a, b: t


def _same_duration(a, b):
    a, b = T.strip_optional(a), T.strip_optional(b)
    return a if a.unit == b.unit or b.unit is None else (b if a.unit is None else None)


def _left(a, b):
    return T.strip_optional(a)


def _right(a, b):
    return T.strip_optional(b)


def _div(a, b):
    if b == 0:
        raise ZeroDivisionError("division by zero")
    return Decimal(a) / Decimal(b)


def _same_list(a, b):
    a, b = T.strip_optional(a), T.strip_optional(b)
    if a.item is T.ERROR:
        return b
    if b.item is T.ERROR or T.same(a.item, b.item):
        return a
    return None


def _dur_add(a: Duration, b: Duration) -> Duration:
    return Duration(a.amount + b.amount, a.unit)


def _dur_sub(a: Duration, b: Duration) -> Duration:
    return Duration(a.amount - b.amount, a.unit)


def _date_sub(a: _dt.date, b: _dt.date) -> Duration:
    return Duration((a - b).days, DAYS)


def _scale(d: Duration, n: int) -> Duration:
    return Duration(d.amount * n, d.unit)


BINARY: dict[tuple[str, str, str], Op] = {
    # addition
    ("+", "money", "money"): Op(_fixed(T.MONEY), _op.add),
    ("+", "integer", "integer"): Op(_fixed(T.INTEGER), _op.add),
    ("+", "decimal", "decimal"): Op(_fixed(T.DECIMAL), _op.add),
    ("+", "integer", "decimal"): Op(_fixed(T.DECIMAL), _op.add),
    ("+", "decimal", "integer"): Op(_fixed(T.DECIMAL), _op.add),
    ("+", "percent", "percent"): Op(_fixed(T.PERCENT), _op.add),
    ("+", "date", "duration"): Op(_fixed(T.DATE), dates.add),
    ("+", "duration", "date"): Op(_fixed(T.DATE), lambda d, day: dates.add(day, d)),
    ("+", "duration", "duration"): Op(_same_duration, _dur_add),
    ("+", "ListOf", "ListOf"): Op(_same_list, lambda a, b: tuple(a) + tuple(b)),
    # subtraction
    ("-", "money", "money"): Op(_fixed(T.MONEY), _op.sub),
    ("-", "integer", "integer"): Op(_fixed(T.INTEGER), _op.sub),
    ("-", "decimal", "decimal"): Op(_fixed(T.DECIMAL), _op.sub),
    ("-", "integer", "decimal"): Op(_fixed(T.DECIMAL), _op.sub),
    ("-", "decimal", "integer"): Op(_fixed(T.DECIMAL), _op.sub),
    ("-", "percent", "percent"): Op(_fixed(T.PERCENT), _op.sub),
    ("-", "date", "date"): Op(_fixed(T.duration(DAYS)), _date_sub),
    ("-", "date", "duration"): Op(_fixed(T.DATE), lambda day, d: dates.add(day, -d)),
    ("-", "duration", "duration"): Op(_same_duration, _dur_sub),
    # multiplication: money scales by a share or a number, never by money
    ("*", "money", "percent"): Op(_fixed(T.MONEY), _op.mul),
    ("*", "percent", "money"): Op(_fixed(T.MONEY), _op.mul),
    ("*", "money", "integer"): Op(_fixed(T.MONEY), _op.mul),
    ("*", "integer", "money"): Op(_fixed(T.MONEY), _op.mul),
    ("*", "money", "decimal"): Op(_fixed(T.MONEY), _op.mul),
    ("*", "decimal", "money"): Op(_fixed(T.MONEY), _op.mul),
    ("*", "integer", "integer"): Op(_fixed(T.INTEGER), _op.mul),
    ("*", "decimal", "decimal"): Op(_fixed(T.DECIMAL), _op.mul),
    ("*", "integer", "decimal"): Op(_fixed(T.DECIMAL), _op.mul),
    ("*", "decimal", "integer"): Op(_fixed(T.DECIMAL), _op.mul),
    ("*", "percent", "percent"): Op(_fixed(T.PERCENT), _op.mul),
    ("*", "percent", "integer"): Op(_fixed(T.PERCENT), _op.mul),
    ("*", "integer", "percent"): Op(_fixed(T.PERCENT), _op.mul),
    ("*", "percent", "decimal"): Op(_fixed(T.DECIMAL), _op.mul),
    ("*", "decimal", "percent"): Op(_fixed(T.DECIMAL), _op.mul),
    ("*", "duration", "integer"): Op(_left, _scale),
    ("*", "integer", "duration"): Op(_right, lambda n, d: _scale(d, n)),
    # division
    ("/", "money", "money"): Op(_fixed(T.DECIMAL), _div),
    ("/", "money", "integer"): Op(_fixed(T.MONEY), _div),
    ("/", "money", "decimal"): Op(_fixed(T.MONEY), _div),
    ("/", "integer", "integer"): Op(_fixed(T.DECIMAL), _div),
    ("/", "decimal", "decimal"): Op(_fixed(T.DECIMAL), _div),
    ("/", "integer", "decimal"): Op(_fixed(T.DECIMAL), _div),
    ("/", "decimal", "integer"): Op(_fixed(T.DECIMAL), _div),
    ("/", "percent", "integer"): Op(_fixed(T.PERCENT), _div),
    ("/", "percent", "percent"): Op(_fixed(T.DECIMAL), _div),
}

UNARY_MINUS = {"money", "integer", "decimal", "percent", "duration"}

_ORDER = {"<": _op.lt, "<=": _op.le, ">": _op.gt, ">=": _op.ge, "=": _op.eq, "!=": _op.ne}


def binary(op: str, left, right) -> Op | None:
    """The table entry for `left op right`, or None: the checker reports T204."""
    entry = BINARY.get((op, T.key(left), T.key(right)))
    if entry is None or entry.result(left, right) is None:
        return None
    return entry


def comparable(op: str, left, right) -> bool:
    """Whether `left op right` is defined: equality for values of one type, order for ordered types."""
    if not T.same(left, right):
        return False
    if op in ("=", "!="):
        return True
    a = T.strip_optional(left)
    return a is T.ERROR or (isinstance(a, T.Type) and a.name in T.ORDERED)


def _plain(v):
    return v.amount if isinstance(v, Duration) else v


def compare(op: str, a, b) -> bool:
    """Run a comparison; a missing operand makes every comparison false but `!=`."""
    if a is None or b is None:
        return op == "!=" and not (a is None and b is None)
    return _ORDER[op](_plain(a), _plain(b))


def negate(v):
    return -v
