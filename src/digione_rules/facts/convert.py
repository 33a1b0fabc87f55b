"""Cell readers: one raw cell in (text from CSV, a typed value from JSON, YAML or XLSX), one value out.

A reader undoes an export's conventions (decimal commas, `d.m.yyyy`, Finnish names, aliases, business
ids) and hands pydantic a value of the column's python type; pydantic then checks what the rule book
declares (the type, `positive`, enum and party membership, required).  Readers are the
`BeforeValidator`s of the annotations that models.py builds, and raise `bad_cell` errors that say what
was found and what was expected.  Money is read to integer cents, dates to `datetime.date`, parties to
canonical names, enum values to member names.  An empty cell reads as the column's default or None.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

from pydantic_core import PydanticCustomError

from .. import types as T
from ..check.declarations import valid_business_id
from ..check.expressions import did_you_mean
from ..check.model import CheckedBook, ColumnInfo, choice_key, fold
from ..literals import (
    BOOL_EXPECTED,
    DATE_EXPECTED,
    INT_EXPECTED,
    MAX_DIGITS,
    MONEY_EXPECTED,
    MONEY_TOO_LARGE,
    TOO_LARGE,
    PERCENT_EXPECTED,
    LiteralError,
    money_cents,
    read_bool,
    read_date,
    read_decimal,
    read_int,
    read_percent,
)
from .raw import Written

Reader = Callable[[Any], Any]
_normalize = unicodedata.normalize
CELL_ERROR = "bad_cell"


def bad_cell(found: Any, expected: str, help: str = "", code: str = "F405") -> PydanticCustomError:
    """The error a reader raises: pydantic keeps it, with its context, at the cell's list index."""
    return PydanticCustomError(CELL_ERROR, "found {found}, expected {expected}",
                               {"found": shown(found), "expected": expected, "help": help, "code": code})


def shown(value: Any) -> str:
    """A raw cell as an error message quotes it."""
    if isinstance(value, str):
        return value.strip()
    if value.__class__ is Written:
        return value.text
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, _dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value is None:
        return ""
    return str(value)


def is_empty(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def column_expected(col: ColumnInfo, book: CheckedBook | None = None) -> str:
    """What a column accepts, in the words of error messages: its listed values, or its type's."""
    if col.choices:
        return "one of " + ", ".join(f"`{v}`" for v in col.choices)
    return expected_for(col.type, book)


def expected_for(t: Any, book: CheckedBook | None = None) -> str:
    """What a column of type `t` accepts, in the words of error messages."""
    t = T.strip_optional(t)
    if isinstance(t, T.Type) and t.name == "enum":
        if book is not None and t.enum in book.enums:
            return "one of " + ", ".join(f"`{m}`" for m in book.enums[t.enum].members)
        return f"a member of `{t.enum}`"
    if t == T.PARTY and book is not None:
        return "a party of the contract: a name, an alias or a business id (" + ", ".join(sorted(book.parties)) + ")"
    return {
        T.MONEY: MONEY_EXPECTED, T.DATE: DATE_EXPECTED, T.BOOL: BOOL_EXPECTED, T.INTEGER: INT_EXPECTED,
        T.DECIMAL: "a number such as `1,5`", T.PERCENT: PERCENT_EXPECTED, T.TEXT: "text",
        T.PARTY_OR_TEXT: "a party or text", T.PARTY: "a party of the contract",
    }.get(t, f"a value of type `{t}`")


# ------------------------------------------------------------------------------------------- money

# The shapes almost every export uses, read without the general parser: `1234`, `-1234.5`, `1 234,56`
# (space or no-break space groups), `1234,56`.  Anything else goes to literals.money_cents.
_FAST_MONEY = re.compile(r"(-?)(\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:[.,](\d\d?))?")


def money_text(text: str) -> int:
    m = _FAST_MONEY.fullmatch(text) if len(text) <= 24 else None  # longer: literals bounds the digits
    if m is not None:
        sign, whole, frac = m.groups()
        if len(whole) > 3 and not whole.isdigit():
            whole = whole.replace(" ", "").replace("\u00a0", "")
        cents = int(whole) * 100 + (int(frac) * (10 if len(frac) == 1 else 1) if frac else 0)
        if cents < _MAX_CENTS:
            return -cents if sign else cents
    return money_cents(text)


_PLAIN_MONEY = re.compile(rf"(?:\d{{1,{MAX_DIGITS}}}\.\d\d\n)*\d{{1,{MAX_DIGITS}}}\.\d\d")  # within the bound


def money_cells(cells: list) -> list[int] | None:
    """The cents of a list of cells all written `1234.56` (a canonical export's amounts), as money_text
    reads each of them, in one pass over their text; None when any cell is written otherwise."""
    try:
        text = "\n".join(cells)
    except TypeError:
        return None
    if _PLAIN_MONEY.fullmatch(text) is None:
        return None
    cents = list(map(int, text.replace(".", "").split("\n")))
    return cents if len(cents) == len(cells) else None  # (a cell holding a line break)


_MAX_CENTS = 10 ** (MAX_DIGITS + 2)


def _too_large(value: int | float | Decimal) -> bool:
    """Whether a typed number has more whole digits than literals.MAX_DIGITS (checked before any `int()`
    of it, which for `1e999999999` would never end)."""
    if isinstance(value, Decimal):
        return value.is_finite() and value != 0 and value.adjusted() >= MAX_DIGITS
    return abs(value) >= 10 ** MAX_DIGITS


def _money_number(value: Any) -> int:
    d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not d.is_finite():
        raise bad_cell(value, MONEY_EXPECTED)
    if _too_large(d):
        raise bad_cell(value, MONEY_TOO_LARGE)
    cents = d.scaleb(2)
    if cents != cents.to_integral_value():
        raise bad_cell(value, "an amount with at most two decimals of a euro")
    return int(cents)


# ------------------------------------------------------------------------------------------- readers

def cell_reader(col: ColumnInfo, book: CheckedBook) -> Reader:
    """The reader of one column: raw cell → python value (or the default, or None when empty)."""
    t = T.strip_optional(col.type)
    empty = storage_default(col)
    if empty in col.choices:  # the listed value itself: every row of a value holds one object (table.py)
        empty = col.choices[col.choices.index(empty)]
    expected = column_expected(col, book)
    text_reader = _choice_reader(col.choices, expected) if col.choices else _text_reader(t, book, expected)
    typed_reader = _typed_reader(t, expected)
    textual = t in (T.TEXT, T.PARTY_OR_TEXT)

    def read(cell: Any) -> Any:
        if cell.__class__ is str:
            s = cell.strip()
            if not s.isascii():  # decomposed letters (macOS) read as the ones they compose: `kylla` + ¨ is `kyllä`
                s = _normalize("NFC", s)
            return text_reader(s) if s else empty
        if cell is None:
            return empty
        if cell.__class__ is float:  # a workbook's number: the decimal Excel shows (`0.1 + 0.2` is 0.3)
            cell = workbook_decimal(cell)
        if textual:
            if cell.__class__ is Written:  # a YAML number: its text as written
                return text_reader(cell.text)
            if cell.__class__ in (int, Decimal):  # a JSON or workbook number: its text
                return text_reader(shown(cell))
        elif cell.__class__ is Written:  # a YAML number: its value
            cell = cell.value()
        return typed_reader(cell)

    return read


EXCEL_DIGITS = 15  # the significant digits Excel shows and computes with


def workbook_decimal(value: float) -> Decimal:
    """A binary float, as a workbook's number cells hold, read as the decimal Excel shows: its 15 significant
    digits.  A sum computed in the workbook carries binary noise beyond them (`297946.00000000006`,
    `0.1 + 0.2 = 0.30000000000000004`) that Excel never shows; read whole, one such amount was refused and
    another not.  Money then has at most two decimals as ever (`12.345` is refused)."""
    return Decimal(format(value, f".{EXCEL_DIGITS}g"))


def storage_default(col: ColumnInfo) -> Any:
    """The column's declared default as the loader stores it (money in cents)."""
    default = col.default
    if default is not None and T.strip_optional(col.type) == T.MONEY and isinstance(default, Decimal):
        return int(default.scaleb(2))
    return default


def _literal(read: Callable[[str], Any], expected: str) -> Callable[[str], Any]:
    def text(s: str) -> Any:
        try:
            return read(s)
        except (LiteralError, InvalidOperation) as e:
            raise bad_cell(s, getattr(e, "expected", expected)) from None
    return text


def _text_reader(t: Any, book: CheckedBook, expected: str) -> Callable[[str], Any]:
    if t == T.MONEY:
        return _literal(money_text, MONEY_EXPECTED)
    simple = {T.DATE: read_date, T.BOOL: read_bool, T.INTEGER: read_int, T.DECIMAL: read_decimal,
              T.PERCENT: read_percent}.get(t)
    if simple is not None:
        return _literal(simple, expected)
    if t == T.PARTY:
        return _party_reader(book, expected)
    if t == T.PARTY_OR_TEXT:
        index = book.party_index
        return lambda s: index.get(fold(s), s)
    if isinstance(t, T.Type) and t.name == "enum":
        return _member_reader(book, t.enum, expected)
    return lambda s: s


def _choice_reader(choices: tuple[str, ...], expected: str) -> Callable[[str], str]:
    """A cell of a `one of` column read as the listed value it matches (check.model.choice_key)."""
    index = {choice_key(v): v for v in choices}

    def choice(s: str) -> str:
        found = index.get(choice_key(s))
        if found is None:
            raise bad_cell(s, expected, did_you_mean(s, choices))
        return found

    return choice


_BUSINESS_ID = re.compile(r"\d{7}-\d")


def _party_reader(book: CheckedBook, expected: str) -> Callable[[str], str]:
    index = book.party_index

    def party(s: str) -> str:
        found = index.get(fold(s))
        if found is not None:
            return found
        if _BUSINESS_ID.fullmatch(s) and not valid_business_id(s):
            right = _check_digit(s[:7])
            why = (f"the check digit of `{s[:7]}` is `{right}`" if right is not None
                   else f"no business id begins with `{s[:7]}` (its check digit would be 10)")
            raise bad_cell(s, "a business id with a valid check digit", f"{why}: is a digit mistyped?")
        names = [*book.parties, *(a for p in book.parties.values() for a in p.aliases)]
        raise bad_cell(s, expected, did_you_mean(s, names) or (
            "a row of another counterparty (an export of every supplier)? a mapping file's [[keep]] keeps only "
            "the rows of the contract's parties"))

    return party


def _check_digit(seven: str) -> int | None:
    remainder = sum(int(d) * w for d, w in zip(seven, (7, 9, 10, 5, 8, 4, 2))) % 11
    return None if remainder == 1 else (0 if remainder == 0 else 11 - remainder)


def _member_reader(book: CheckedBook, enum_name: str, expected: str) -> Callable[[str], str]:
    enum = book.enums[enum_name]

    def member(s: str) -> str:
        key = fold(s)
        found = enum.aliases.get(key) or enum.aliases.get(key.replace(" ", "_"))
        if found is None:
            raise bad_cell(s, expected, did_you_mean(s, enum.members))
        return found

    return member


def _typed_reader(t: Any, expected: str) -> Reader:
    """Values that arrive typed (JSON numbers and booleans, XLSX numbers and dates), read without text."""

    def typed(value: Any) -> Any:
        if isinstance(value, bool):
            if t == T.BOOL:
                return value
        elif isinstance(value, _dt.datetime):
            if t == T.DATE:
                if value.time() != _dt.time(0):
                    raise bad_cell(value, "a date without a time of day")
                return value.date()
        elif isinstance(value, _dt.date):
            if t == T.DATE:
                return value
        elif isinstance(value, (int, float, Decimal)):
            return _number(value, t, expected)
        raise bad_cell(repr(value) if isinstance(value, (list, dict)) else value, expected)

    return typed


def _number(value: int | float | Decimal, t: Any, expected: str) -> Any:
    if t == T.MONEY:
        return _money_number(value)
    if t in (T.INTEGER, T.DECIMAL) and _too_large(value):
        raise bad_cell(value, TOO_LARGE)
    integral = isinstance(value, int) or (isinstance(value, float) and value.is_integer()) or (
        isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value())
    if t == T.INTEGER and integral:
        return int(value)
    if t == T.DECIMAL and not (isinstance(value, float) and not value == value) and \
            not (isinstance(value, Decimal) and value.is_nan()):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if t == T.BOOL and integral and value in (0, 1):
        return bool(value)
    if t in (T.TEXT, T.PARTY_OR_TEXT):
        return shown(value)
    if t == T.DATE and integral:
        raise bad_cell(value, expected, "the cell holds a number: write the date as text, or format the cell as a "
                                        "date in the workbook")
    raise bad_cell(value, expected)
