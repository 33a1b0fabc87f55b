"""Date arithmetic as contracts mean it: calendar months, year ends and Finnish working days.

Working days are Monday to Friday less Finnish public holidays, from the `holidays` package (which
also counts Midsummer Eve and Christmas Eve, the days Finnish offices close).  Importing that package
loads every country's calendar (some 200 ms), so the Finnish dates of each year are kept in the parse
cache folder (syntax/cache.py), keyed by the package's version, and the package is imported only when
a year is not there yet.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as _dt
import re
from functools import lru_cache

from .literals import DAYS, MONTHS, WORKING_DAYS, YEARS, Duration


@lru_cache(maxsize=None)
def _holidays(year: int) -> frozenset[_dt.date]:
    import json
    from importlib.metadata import version

    from .syntax.cache import cache_dir

    folder = cache_dir()
    stored = folder / f"holidays-FI-{version('holidays')}-{year}.json" if folder else None
    if stored is not None:
        try:
            days = frozenset(_dt.date.fromisoformat(d) for d in json.loads(stored.read_text(encoding="utf-8")))
            if all(d.year == year for d in days):
                return days
        except (OSError, ValueError, TypeError, RecursionError):  # unreadable or damaged: computed again
            pass
    import holidays

    days = frozenset(holidays.country_holidays("FI", years=year).keys())
    if stored is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            stored.write_text(json.dumps(sorted(d.isoformat() for d in days)), encoding="utf-8")
        except OSError:
            pass
    return days


def is_working_day(day: _dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


MAX_WORKING_DAY_YEARS = 200  # working days are counted over two centuries at most (docs/limits.md)


class WorkingDaySpanError(ArithmeticError):
    """Working days counted over more years than MAX_WORKING_DAY_YEARS."""


def _within_span(start: _dt.date, end: _dt.date) -> None:
    if abs(end.year - start.year) > MAX_WORKING_DAY_YEARS:
        raise WorkingDaySpanError(f"working days counted from {start.isoformat()} to {end.isoformat()}, over more "
                                  f"than {MAX_WORKING_DAY_YEARS} years")


def _working_days_after(start: _dt.date, end: _dt.date) -> int:
    """Working days in (start, end], start <= end: Monday to Friday by arithmetic, less the holidays of
    each year the span touches that fall on one of them (time grows with years, not days)."""
    weeks, rest = divmod((end - start).days, 7)
    first = start.weekday()
    count = weeks * 5 + sum((first + i) % 7 < 5 for i in range(1, rest + 1))
    for year in range(start.year, end.year + 1):
        count -= sum(1 for h in _holidays(year) if start < h <= end and h.weekday() < 5)
    return count


def add_working_days(day: _dt.date, n: int) -> _dt.date:
    """The n-th working day after `day` (before it when n is negative); n = 0 gives `day` itself.
    Whole weeks are jumped at a time, leaving at least one working day to go (a week holds at most five,
    so a jump never reaches the answer), then the last days are stepped."""
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    start = day
    one = _dt.timedelta(days=step)
    while remaining > 5:
        target = day + _dt.timedelta(days=step * 7 * ((remaining - 1) // 5))  # past the calendar: OverflowError
        _within_span(start, target)
        # the days passed: (day, target] going forward, [target, day) going back
        remaining -= _working_days_after(day, target) if step > 0 else _working_days_after(target + one, day + one)
        day = target
    while remaining:
        day += one
        if is_working_day(day):
            remaining -= 1
    _within_span(start, day)
    return day


def working_days_between(start: _dt.date, end: _dt.date) -> int:
    """Working days from `start` up to `end`, `start` counted and `end` not: how many working days before
    `end` a thing done on `start` was done (materials sent on Friday for a Tuesday meeting: 2, Friday and
    Monday; sent on Saturday: 1, as if sent on Monday).  So the n-th working day before a day is n working
    days before it.  Negative when `end` is before `start`."""
    if end < start:
        return -working_days_between(end, start)
    _within_span(start, end)
    day = _dt.timedelta(days=1)
    return _working_days_after(start - day, end - day)


def add_months(day: _dt.date, months: int) -> _dt.date:
    """Calendar months; the 31st plus one month is the last day of a shorter month.  OverflowError (as
    for `date + timedelta`) when the result is outside the calendar, years 1 to 9999."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not _dt.MINYEAR <= year <= _dt.MAXYEAR:
        raise OverflowError("date value out of range")
    last = _calendar.monthrange(year, month + 1)[1]
    return _dt.date(year, month + 1, min(day.day, last))


def add(day: _dt.date, d: Duration) -> _dt.date:
    if d.unit == DAYS:
        return day + _dt.timedelta(days=d.amount)
    if d.unit == WORKING_DAYS:
        return add_working_days(day, d.amount)
    if d.unit == MONTHS:
        return add_months(day, d.amount)
    if d.unit == YEARS:
        return add_months(day, 12 * d.amount)
    raise ValueError(d.unit)


_PERIOD = re.compile(r"(\d{4})(?:-(?:(Q[1-4])|(H[12])|(\d{1,2})))?")


def period_bounds(text: str, end: bool) -> _dt.date | None:
    """First (or last) day of a fee period `2024`, `2024-Q1`, `2024-H2` or `2024-03`; None if unreadable."""
    m = _PERIOD.fullmatch(text.strip().upper())
    if not m:
        return None
    year = int(m.group(1))
    if m.group(2):
        first, months = 3 * (int(m.group(2)[1]) - 1) + 1, 3
    elif m.group(3):
        first, months = 6 * (int(m.group(3)[1]) - 1) + 1, 6
    elif m.group(4):
        first, months = int(m.group(4)), 1
        if not 1 <= first <= 12:
            return None
    else:
        first, months = 1, 12
    if not _dt.MINYEAR <= year <= _dt.MAXYEAR:
        return None
    start = _dt.date(year, first, 1)
    if not end:
        return start
    return _dt.date(year, 12, 31) if first + months > 12 else add_months(start, months) - _dt.timedelta(days=1)


def end_of_year(year: int) -> _dt.date:
    return _dt.date(_calendar_year(year), 12, 31)


def start_of_year(year: int) -> _dt.date:
    return _dt.date(_calendar_year(year), 1, 1)


def _calendar_year(year: int) -> int:
    if not _dt.MINYEAR <= year <= _dt.MAXYEAR:
        raise OverflowError(f"year {year} is outside the calendar")
    return year
