"""Runtime values the evaluator passes around, and how they are written for people and for machines.

Scalars are plain Python values: money is Decimal euros (exact; columns keep integer cents), percent a
Decimal fraction, dates `datetime.date`, durations `Duration`, parties and enum members strings,
missing values None.  Rows and selections keep their table, so a finding can name its evidence.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Sequence

from .. import types as T
from ..facts.table import FactTable
from ..literals import Duration, format_date, format_money, format_percent, plain_money


# Rows and selections are made once per loop item and per `where`: plain slotted dataclasses, whose
# __init__ assigns directly (a frozen one goes through object.__setattr__).  They are never changed.
@dataclass(slots=True)
class Row:
    table: FactTable
    i: int


@dataclass(slots=True)
class Sel:
    """Some rows of a table; `idx` None means all of them.  `idx` is a list or an index's bucket (an array
    of C integers): never changed, only read."""

    table: FactTable
    idx: Sequence[int] | None

    def indices(self):
        return range(self.table.n) if self.idx is None else self.idx

    def __len__(self) -> int:
        return self.table.n if self.idx is None else len(self.idx)


@dataclass(slots=True)
class ColSel:
    """One column of some rows."""

    sel: Sel
    column: str


def to_storage(value: Any, is_money: bool) -> Any:
    """A runtime value as fact columns store it: money as integer cents."""
    if value is None or not is_money:
        return value
    cents = value * 100
    return int(cents) if cents == cents.to_integral_value() else cents


def from_storage(value: Any, is_money: bool) -> Any:
    if value is None or not is_money:
        return value
    return Decimal(value).scaleb(-2)


def canonical_key(table):
    """A row's place when rows are taken in their own order: its date, its id, then every cell; never its
    line, so that how the export was sorted cannot decide which row is chosen or reported first."""
    columns = [table.columns[c] for c in sorted(table.columns)]

    def key(i: int) -> tuple:
        return table.order_key(i)[:2] + tuple(str(col[i]) for col in columns)
    return key


class EvalError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    @classmethod
    def of_arithmetic(cls, e: ArithmeticError) -> EvalError:
        """An arithmetic failure as the evaluation error it is: a division by zero, a date beyond the
        calendar, working days over too long a span, or a number too large to compute exactly."""
        from ..dates import WorkingDaySpanError

        if isinstance(e, ZeroDivisionError):
            return cls("R502", "division by zero")
        if isinstance(e, WorkingDaySpanError):
            return cls("R501", str(e))
        if isinstance(e, OverflowError):
            return cls("R501", "a date outside the calendar")
        return cls("R501", "a number too large to compute exactly")


def human(value: Any, type_: Any = None) -> str:
    """Finnish style, for messages and the text report: `1 300 000,00 €`, `30.4.2024`, `50 %`."""
    base = T.strip_optional(type_) if type_ is not None else None
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if base == T.MONEY:
        return format_money(Decimal(value))
    if base == T.PERCENT:
        return format_percent(value)
    if isinstance(value, _dt.date):
        return format_date(value)
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, Decimal):
        text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
        return text.replace(".", ",")
    if isinstance(value, (tuple, list)):
        return ", ".join(human(v, T.element(type_) if type_ is not None else None) for v in value)
    if isinstance(value, Row):
        rid = value.table.row_id(value.i)
        return rid if rid is not None else f"{value.table.name} row {value.table.lines[value.i]}"
    return str(value)


def plain(value: Any, type_: Any = None) -> str | None:
    """Plain style, for JSON and other machine formats: `1300000.00`, `2024-04-30`, `7`; a duration is its
    count (`7` for 7 days: the message says the unit)."""
    base = T.strip_optional(type_) if type_ is not None else None
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if base == T.MONEY:
        return plain_money(Decimal(value))
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, Duration):
        return str(value.amount)
    if base == T.PERCENT and isinstance(value, Decimal):
        return f"{(value * 100).normalize():f}%"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
    if isinstance(value, (tuple, list)):
        return ", ".join(plain(v, T.element(type_) if type_ is not None else None) or "" for v in value)
    if isinstance(value, Row):
        return human(value)
    return str(value)


MISSING = "missing"  # a finding's expected or actual value that the facts do not hold (a decision not recorded)


def plain_apart(exp: Any, act: Any, exp_type: Any = None, act_type: Any = None) -> tuple[str, str]:
    """A finding's expected and actual in plain style, always strings (spec/cli.md): a value the facts do
    not hold is `missing`.  Two different amounts that round to the same cent (a limit of 50 % of
    1000.01 €, 500.005 €, beside 500.01 € received) are written with all their digits, so that a finding
    never reads as if what was expected had been found."""
    e, a = plain(exp, exp_type), plain(act, act_type)
    if e is None or a is None:
        return MISSING if e is None else e, MISSING if a is None else a
    if e is not None and e == a and isinstance(exp, Decimal) and isinstance(act, Decimal) and exp != act \
            and T.MONEY in (T.strip_optional(exp_type), T.strip_optional(act_type)):
        return _all_digits(exp), _all_digits(act)
    return e, a


def _all_digits(value: Decimal) -> str:
    """`500.005`, and at least the cents: `500.01`, `500.00`."""
    exact = value.normalize()
    return f"{exact:f}" if exact.as_tuple().exponent < -2 else plain_money(value)


def subject_value(value: Any) -> str | int:
    """A subject key's value in the report: names and ids as text, years and counts as integers."""
    if value.__class__ is Row:  # as `human` writes a row
        return value.table.row_subject(value.i)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, _dt.date):
        return value.isoformat()
    return plain(value) or ""
