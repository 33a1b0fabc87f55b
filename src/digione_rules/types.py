"""The types of the rule language.

Scalars: money, percent, integer, decimal, date, duration (in one unit: days, working days, months or
years, which do not mix), bool, text, party and the declared enums.  Compound: list of T; the row of a
table; rows (a table or a filtered part of one); a column (the values of one column of some rows, which
still knows its rows for evidence); and optional T for a value that may be missing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Type:
    """A scalar type; `unit` only for durations, `enum` only for enums."""

    name: str
    unit: str | None = None
    enum: str | None = None

    def __str__(self) -> str:
        if self.name == "duration" and self.unit:
            return f"duration in {self.unit}"
        if self.name == "enum":
            return str(self.enum)
        return self.name


@dataclass(frozen=True, slots=True)
class ListOf:
    item: object

    def __str__(self) -> str:
        return f"list of {self.item}"


@dataclass(frozen=True, slots=True)
class RowOf:
    table: str

    def __str__(self) -> str:
        return f"row of `{self.table}`"


@dataclass(frozen=True, slots=True)
class RowsOf:
    table: str

    def __str__(self) -> str:
        return f"rows of `{self.table}`"


@dataclass(frozen=True, slots=True)
class ColumnOf:
    table: str
    item: object

    def __str__(self) -> str:
        return f"column of {self.item}"


@dataclass(frozen=True, slots=True)
class Optional:
    item: object

    def __str__(self) -> str:
        return f"{self.item} (may be missing)"


MONEY = Type("money")
PERCENT = Type("percent")
INTEGER = Type("integer")
DECIMAL = Type("decimal")
DATE = Type("date")
BOOL = Type("bool")
TEXT = Type("text")
PARTY = Type("party")
PARTY_OR_TEXT = Type("party or text")
DURATION_ANY = Type("duration")
ERROR = Type("<error>")  # the type of an expression that already failed to check: no further errors


def duration(unit: str) -> Type:
    return Type("duration", unit=unit)


def enum(name: str) -> Type:
    return Type("enum", enum=name)


SCALARS = {
    "money": MONEY,
    "percent": PERCENT,
    "integer": INTEGER,
    "decimal": DECIMAL,
    "date": DATE,
    "bool": BOOL,
    "text": TEXT,
    "party": PARTY,
    "duration": DURATION_ANY,
}

NUMERIC = {"money", "percent", "integer", "decimal"}
ORDERED = {"money", "percent", "integer", "decimal", "date", "duration", "text"}


def strip_optional(t):
    return t.item if isinstance(t, Optional) else t


def is_optional(t) -> bool:
    return isinstance(t, Optional)


def element(t):
    """The type of one element of a list or column, or None."""
    t = strip_optional(t)
    if isinstance(t, (ListOf, ColumnOf)):
        return t.item
    return None


def key(t) -> str:
    """The operator table's name for a scalar type: `money`, `duration:days`, `enum`…"""
    t = strip_optional(t)
    if not isinstance(t, Type):
        return type(t).__name__
    if t.name == "duration":
        return "duration"
    if t.name == "party or text":
        return "party"
    return t.name


def same(a, b) -> bool:
    """Whether values of `a` and `b` can be compared for equality."""
    a, b = strip_optional(a), strip_optional(b)
    if a is ERROR or b is ERROR:
        return True
    if isinstance(a, Type) and isinstance(b, Type):
        if a.name == "duration" and b.name == "duration":
            return a.unit == b.unit or a.unit is None or b.unit is None
        if {a.name, b.name} <= {"integer", "decimal"}:
            return True
        if {a.name, b.name} <= {"party", "party or text", "text"} and "text" not in (a.name, b.name):
            return True
        if {a.name, b.name} == {"party or text", "text"}:
            return True
        return a == b
    return a == b
