"""Reading and writing the literals contracts and ledgers use: money, percent, dates, durations, bools.

One module for both the rule language (its literal tokens and table cells) and the facts loader, so that
`1 287 000,00 €` means the same in a rule file and in an export.  Compiled regular expressions do the
reading: a cell is read in about a microsecond, which matters at a million rows (pyparsing, the other
candidate, is some fifty times slower per cell and would be a second parser for the same job).

Money is exact: amounts are read to integer cents (at most two decimals).  A `.` or `,` groups thousands
only when that is unambiguous (spec/facts.md): when the number has a decimal part after the other
separator (`1.287.000,00`, `1,287.00`) or the same separator more than once (`1.287.000`).  A single one
followed by three digits (`1.287`, `1,079`) could be a thousands separator or a decimal one with a third
decimal, 1 287 € or 1,287 €: it is an error, never a guess.

Numbers are bounded (`MAX_DIGITS`, `MAX_FRACTION_DIGITS`): a 5 000-digit amount is a typo or an attack on
the arithmetic, not a figure of the contract, and is an error like any other unreadable value.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


class LiteralError(ValueError):
    """A value that cannot be read; `expected` says what would have been accepted."""

    def __init__(self, found: str, expected: str):
        super().__init__(f"found {found!r}, expected {expected}")
        self.found = found
        self.expected = expected


MONEY_EXPECTED = "an amount in euros such as `1 287 000,00 €` or `231660.00`"
DATE_EXPECTED = "a date such as `30.4.2024` or `2024-04-30`"
PERCENT_EXPECTED = "a percentage such as `50 %` or `59,20 %`"
BOOL_EXPECTED = "one of `true/false`, `yes/no`, `kyllä/ei`, `1/0`"
INT_EXPECTED = "a whole number"

CENT = Decimal("0.01")
EURO = Decimal("1")

# Bounds (docs/limits.md).  Whole euros, integers, duration amounts and the whole part of decimals and
# percentages have at most MAX_DIGITS digits (below 10¹⁵); decimals and percentages at most
# MAX_FRACTION_DIGITS after the separator.  Sums of millions of such amounts stay exact in Decimal's 28 digits.
MAX_DIGITS = 15
MAX_FRACTION_DIGITS = 12
TOO_LARGE = f"a number of at most {MAX_DIGITS} digits"
MONEY_TOO_LARGE = "an amount below 1 000 000 000 000 000 €"


def _digits(text: str) -> bool:
    """Whether text is decimal digits that `int()` reads (`str.isdigit` also says yes to `²`, which it cannot)."""
    return text.isdecimal()


def _bounded(digits: str, text: str, expected: str = TOO_LARGE, fraction: str = "") -> None:
    """Raise LiteralError when a number's whole part (or its fraction) has more digits than allowed."""
    if len(digits) > MAX_DIGITS and len(digits.lstrip("0")) > MAX_DIGITS or len(fraction) > MAX_FRACTION_DIGITS:
        raise LiteralError(text, expected)

# ------------------------------------------------------------------------------------------- money

_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009'")
_CURRENCY = re.compile(r"^\s*(?:€|EUR\b)?\s*(.*?)\s*(?:€|EUR)?\s*$", re.IGNORECASE)
_PLAIN = re.compile(r"-?\d+(?:\.\d{1,2})?")
_SPACE_GROUPS = re.compile(r"\d{1,3}(?:[ \u00a0\u202f\u2009']\d{3})+")
_GROUPED = re.compile(r"[1-9]\d{0,2}(?:(?P<sep>[.,])\d{3})*")


def money_cents(text: str) -> int:
    """Read an amount of money to integer cents; raise LiteralError when it cannot be read exactly."""
    if _PLAIN.fullmatch(text):  # the fast path: `1234`, `-1234.5`, `1234.56`
        whole, _, frac = text.partition(".")
        return _cents(whole, frac, text)
    m = _CURRENCY.match(text)
    body = m.group(1) if m else text
    negative = False
    if body.startswith(("-", "\u2212")):
        negative, body = True, body[1:].lstrip()
    elif body.endswith("-"):  # SAP-style trailing minus
        negative, body = True, body[:-1].rstrip()
    if not body:
        raise LiteralError(text, MONEY_EXPECTED)
    if any(c in body for c in " \u00a0\u202f\u2009'"):
        head, dec_sep, frac = _split_decimal(body, spaces=True)
        if not _SPACE_GROUPS.fullmatch(head) and not _digits(head):
            raise LiteralError(text, MONEY_EXPECTED)
        whole = head.translate(_SPACES)
    else:
        head, dec_sep, frac = _split_decimal(body, spaces=False)
        whole = _ungroup(head, text, grouped_only=not dec_sep)
    cents = _cents(whole, frac, text)
    return -cents if negative else cents


def _split_decimal(body: str, spaces: bool) -> tuple[str, str, str]:
    """Split off the decimal part: the last `.` or `,` followed by one or two digits, or by any digits
    when the other separator also occurs (`1.287.000,00`)."""
    last = max(body.rfind("."), body.rfind(","))
    if last < 0:
        return body, "", ""
    sep, frac = body[last], body[last + 1 :]
    other = "," if sep == "." else "."
    if other in body[:last] or (1 <= len(frac) <= 2 and body.count(sep) == 1) or (spaces and body.count(sep) == 1):
        return body[:last], sep, frac
    return body, "", ""


AMBIGUOUS_GROUP = ("an amount whose separators are unambiguous: `1.287` and `1,287` could be 1 287 € or "
                   "1,287 €; write `1287`, `1 287,00` or `1.287,00`")


def _ungroup(head: str, text: str, grouped_only: bool) -> str:
    """The digits of a whole part grouped by `.` or `,` (`_GROUPED`); with no decimal part after it
    (`grouped_only`), a single separator is ambiguous."""
    if _digits(head):
        return head
    if not _GROUPED.fullmatch(head):
        raise LiteralError(text, MONEY_EXPECTED)
    if grouped_only and head.count(".") + head.count(",") == 1:
        raise LiteralError(text, AMBIGUOUS_GROUP)
    return head.replace(".", "").replace(",", "")


def _cents(whole: str, frac: str, text: str) -> int:
    if whole.startswith("-"):
        return -_cents(whole[1:], frac, text)
    if not _digits(whole) or not (frac == "" or (_digits(frac) and len(frac) <= 2)):
        raise LiteralError(text, MONEY_EXPECTED)
    _bounded(whole, text, MONEY_TOO_LARGE)
    return int(whole) * 100 + (int(frac.ljust(2, "0")) if frac else 0)


def read_money(text: str) -> Decimal:
    """Money as exact Decimal euros."""
    return cents_to_euros(money_cents(text))


def cents_to_euros(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def euros_to_cents(value: Decimal) -> int:
    """Whole cents, rounding half up (amounts from share × total may have fractions of a cent)."""
    return int(value.quantize(CENT, rounding=ROUND_HALF_UP).scaleb(2))


_MONEY_TOKEN = re.compile(r"(?P<num>\d+(?:[ \u00a0]\d{3})*(?:[.,]\d+)?)[ \u00a0]?(?P<unit>[kM]€|€|EUR)$")


def read_money_token(text: str) -> Decimal:
    """A money literal of the rule language: `1 287 000 €`, `231 660,00 €`, `2 M€`, `1,5 M€`, `500 k€`."""
    m = _MONEY_TOKEN.match(text.strip())
    if not m:
        raise LiteralError(text, MONEY_EXPECTED)
    num = m.group("num").replace(" ", "").replace("\u00a0", "").replace(",", ".")
    whole, _, frac = num.partition(".")
    _bounded(whole, text, MONEY_TOO_LARGE, frac)
    try:
        value = Decimal(num)
    except ArithmeticError:
        raise LiteralError(text, MONEY_EXPECTED) from None
    unit = m.group("unit")
    value *= {"k€": 1000, "M€": 1_000_000}.get(unit, 1)
    if value.adjusted() >= MAX_DIGITS:
        raise LiteralError(text, MONEY_TOO_LARGE)
    if value != value.quantize(CENT):
        raise LiteralError(text, "an amount with at most two decimals of a euro")
    return value


def format_money(value: Decimal) -> str:
    """Finnish style for people: `1 300 000,00 €`."""
    q = value.quantize(CENT, rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    whole, _, frac = f"{abs(q):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return f"{sign}{' '.join(groups)},{frac or '00'} €"


def plain_money(value: Decimal) -> str:
    """Plain style for machines: `1300000.00`."""
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP):f}"


def format_money_literal(value: Decimal) -> str:
    """The canonical rule-language spelling: `1 287 000 €`, `231 660,50 €`."""
    text = format_money(value)
    return text.replace(",00 €", " €")


# ------------------------------------------------------------------------------------------- percent

_PERCENT = re.compile(r"^\s*(?P<num>-?\d+(?:[.,]\d+)?)\s*%?\s*$")


def read_percent(text: str) -> Decimal:
    """`50 %` → Decimal('0.5'), the fraction it stands for."""
    m = _PERCENT.match(text)
    if not m or "%" not in text:
        raise LiteralError(text, PERCENT_EXPECTED)
    whole, _, frac = m.group("num").lstrip("-").replace(",", ".").partition(".")
    _bounded(whole, text, fraction=frac)
    return Decimal(m.group("num").replace(",", ".")) / 100


def format_percent(value: Decimal) -> str:
    """`50 %`, `59,2 %`, `33,333 %`: every digit of a percentage a literal can write (at most
    MAX_FRACTION_DIGITS decimals); a computed share with more, such as 100 % / 7, is shown to two
    decimals (14,29 %)."""
    number = (value * 100).normalize()
    if -number.as_tuple().exponent > MAX_FRACTION_DIGITS:
        number = number.quantize(CENT, rounding=ROUND_HALF_UP).normalize()
    return _percent_text(number)


def format_percent_literal(value: Decimal) -> str:
    """The canonical rule-language spelling of a percentage, with all its digits: `33,333 %`."""
    return _percent_text((value * 100).normalize())


def _percent_text(number: Decimal) -> str:
    return f"{number:f}".replace(".", ",") + " %"


# ------------------------------------------------------------------------------------------- dates

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_FI = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def read_date(text: str) -> _dt.date:
    """ISO `2024-04-30` or Finnish `30.4.2024` / `30.04.2024`."""
    s = text.strip()
    m = _FI.fullmatch(s)
    try:
        if m:
            return _dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = _ISO.fullmatch(s)
        if m:
            return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise LiteralError(text, "a date that exists in the calendar") from None
    raise LiteralError(text, DATE_EXPECTED)


def format_date(value: _dt.date) -> str:
    """Finnish style: `30.4.2024` (the year always in four digits, `1.1.0001`, so that it reads back)."""
    return f"{value.day}.{value.month}.{value.year:04d}"


# ------------------------------------------------------------------------------------------- durations

DAYS, WORKING_DAYS, MONTHS, YEARS = "days", "working days", "months", "years"


@dataclass(frozen=True, slots=True)
class Duration:
    """A length of time in one unit; days and working days and months do not mix."""

    amount: int
    unit: str

    def __str__(self) -> str:
        unit = self.unit if abs(self.amount) != 1 else self.unit[:-1]
        return f"{self.amount} {unit}"

    def __neg__(self) -> Duration:
        return Duration(-self.amount, self.unit)


_DURATION = re.compile(r"^\s*(-?\d+)\s+(working\s+days?|days?|months?|years?)\s*$")


def read_duration(text: str) -> Duration:
    m = _DURATION.match(text)
    if not m:
        raise LiteralError(text, "a duration such as `30 days`, `2 working days`, `12 months`")
    _bounded(m.group(1).lstrip("-"), text)
    unit = " ".join(m.group(2).split())
    unit = unit if unit.endswith("s") else unit + "s"
    return Duration(int(m.group(1)), unit)


# ------------------------------------------------------------------------------------------- bools, ints

_TRUE = {"true", "yes", "kyllä", "kylla", "1", "x", "k"}
_FALSE = {"false", "no", "ei", "0", "e"}


def read_bool(text: str) -> bool:
    s = text.strip().lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise LiteralError(text, BOOL_EXPECTED)


def read_int(text: str) -> int:
    s = text.strip().replace(" ", "").replace("\u00a0", "")
    if not re.fullmatch(r"-?\d+", s):
        raise LiteralError(text, INT_EXPECTED)
    _bounded(s.lstrip("-"), text)
    return int(s)


def read_decimal(text: str) -> Decimal:
    s = text.strip().replace(",", ".")
    if not re.fullmatch(r"-?\d+(?:\.\d+)?", s):
        raise LiteralError(text, "a number such as `1,5`")
    whole, _, frac = s.lstrip("-").partition(".")
    _bounded(whole, text, fraction=frac)
    return Decimal(s)


# ------------------------------------------------------------------------------------------- help

_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")


def literal_help(kind: str, text: str, expected: str = "") -> str:
    """What to write instead of a `kind` literal (money, percent, date, duration, decimal, integer, bool)
    that cannot be read (`expected` is what its LiteralError said): the `help` line of its diagnostic."""
    import calendar

    s = text.strip()
    if kind == "date":
        fi, iso = _FI.fullmatch(s), _ISO.fullmatch(s)
        if fi is None and iso is None:
            return "write day.month.year, such as `31.12.2029`"
        day, month, year = (int(g) for g in (fi.group(1, 2, 3) if fi else iso.group(3, 2, 1)))
        if not 1 <= year <= 9999:
            return "the year is 1 to 9999"
        if not 1 <= month <= 12:
            return "the month is 1 to 12: write day.month.year, such as `31.12.2029`"
        return f"{_MONTH_NAMES[month - 1]} {year} has {calendar.monthrange(year, month)[1]} days"
    if kind == "money":
        if expected == MONEY_TOO_LARGE:
            return "an amount of the contract is below a thousand million million euros"
        return "an amount has at most two decimals, the cents, and groups its thousands with spaces: `1 234 €`"
    if kind == "bool":
        return f"write {BOOL_EXPECTED}"
    return (f"a number has at most {MAX_DIGITS} digits before the decimal separator and {MAX_FRACTION_DIGITS} "
            "after it")
