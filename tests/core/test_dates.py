"""Dates as contracts count them: calendar months, fee periods and Finnish working days."""

from __future__ import annotations

import datetime as _dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digione_rules import dates

D = _dt.date


def test_working_days_skip_weekends_and_finnish_holidays():
    """Easter 2024 (Good Friday 29.3., Easter Monday 1.4.) is not counted as working days."""
    assert dates.working_days_between(D(2024, 3, 28), D(2024, 4, 2)) == 1
    assert dates.add_working_days(D(2024, 3, 28), 1) == D(2024, 4, 2)
    assert dates.working_days_between(D(2024, 6, 19), D(2024, 6, 24)) == 2  # Wed and Thu: Midsummer Eve is off
    assert dates.working_days_between(D(2024, 5, 6), D(2024, 5, 8)) == 2  # Mon and Tue


@pytest.mark.parametrize("sent, held, ahead", [
    (D(2025, 3, 14), D(2025, 3, 18), 2),  # Fri for Tue: Fri and Mon
    (D(2025, 3, 15), D(2025, 3, 18), 1),  # Sat for Tue: as if sent on Mon
    (D(2025, 3, 17), D(2025, 3, 18), 1),
    (D(2024, 12, 6), D(2024, 12, 10), 1),  # Independence Day (Fri): Mon only
    (D(2024, 5, 9), D(2024, 5, 13), 1),  # Ascension Day (Thu): Fri only
    (D(2025, 1, 6), D(2025, 1, 8), 1),  # Epiphany (Mon): Tue only
    (D(2025, 5, 1), D(2025, 5, 5), 1),  # May Day (Thu): Fri only
    (D(2025, 12, 23), D(2025, 12, 29), 1),  # Tue before Christmas Eve for the Monday after St Stephen's Day
    (D(2025, 6, 18), D(2025, 6, 23), 2),  # Wed for the Monday after Midsummer: Wed and Thu
    (D(2025, 3, 18), D(2025, 3, 18), 0),
    (D(2025, 3, 18), D(2025, 3, 14), -2),
])
def test_working_days_before_a_day_count_the_first_day_and_not_the_last(sent, held, ahead):
    """Materials sent `ahead` working days before a meeting: the sending day counts if it is a working
    day, the meeting day does not (spec/clauses.md: at least 2 Finnish working days before the meeting)."""
    assert dates.working_days_between(sent, held) == ahead


def _stepped_add(day: _dt.date, n: int) -> _dt.date:
    """The definition, a day at a time."""
    step = _dt.timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    while remaining:
        day += step
        remaining -= dates.is_working_day(day)
    return day


def _stepped_between(start: _dt.date, end: _dt.date) -> int:
    if end < start:
        return -_stepped_between(end, start)
    return sum(dates.is_working_day(start + _dt.timedelta(days=i)) for i in range((end - start).days))


DAYS = st.dates(D(2015, 1, 1), D(2040, 12, 31))


@settings(max_examples=300, deadline=None)
@given(DAYS, st.integers(-1500, 1500), st.integers(-1500, 1500))
def test_working_days_by_weeks_equal_the_day_by_day_count(day, n, offset):
    """Jumping whole weeks and counting holidays per year gives what stepping a day at a time gives."""
    assert dates.add_working_days(day, n) == _stepped_add(day, n)
    other = day + _dt.timedelta(days=offset)
    assert dates.working_days_between(day, other) == _stepped_between(day, other)
    if n >= 0:  # the n-th working day before a day is n working days before it
        assert dates.working_days_between(dates.add_working_days(day, -n), day) == n


def test_working_days_are_bounded_in_span_and_calendar():
    """Two centuries at most, counted in time that grows with years, not days (a span of 8 000 years
    took half a minute); a count beyond the calendar is an OverflowError, as for date + timedelta."""
    assert dates.working_days_between(D(1900, 1, 1), D(2099, 12, 31)) == 50390
    with pytest.raises(dates.WorkingDaySpanError, match="over more than 200 years"):
        dates.working_days_between(D(2024, 1, 1), D(9999, 12, 31))
    with pytest.raises(dates.WorkingDaySpanError):
        dates.add_working_days(D(2024, 1, 1), 60_000)
    with pytest.raises(OverflowError):
        dates.add_working_days(D(2024, 1, 1), 10 ** 15)


def test_months_clamp_to_the_end_of_a_shorter_month():
    """The 31st plus one month is the last day of the next month."""
    assert dates.add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert dates.add_months(D(2024, 12, 31), 12) == D(2025, 12, 31)


def test_fee_periods():
    """A fee period's first and last day: years, halves, quarters and months; None when unreadable."""
    assert dates.period_bounds("2024", False) == D(2024, 1, 1)
    assert dates.period_bounds("2024", True) == D(2024, 12, 31)
    assert dates.period_bounds("2024-Q2", False) == D(2024, 4, 1)
    assert dates.period_bounds("2024-q2", True) == D(2024, 6, 30)
    assert dates.period_bounds("2024-H2", False) == D(2024, 7, 1)
    assert dates.period_bounds("2024-03", True) == D(2024, 3, 31)
    assert dates.period_bounds("2024-13", False) is None
    assert dates.period_bounds("spring", False) is None
