"""Dates as contracts count them: calendar months, fee periods and Finnish working days."""

from __future__ import annotations

import datetime as _dt

from digione_rules import dates

D = _dt.date


def test_working_days_skip_weekends_and_finnish_holidays():
    """Easter 2024 (Good Friday 29.3., Easter Monday 1.4.) is not counted as working days."""
    assert dates.working_days_between(D(2024, 3, 28), D(2024, 4, 2)) == 1
    assert dates.add_working_days(D(2024, 3, 28), 1) == D(2024, 4, 2)
    assert dates.working_days_between(D(2024, 6, 19), D(2024, 6, 24)) == 2  # Thu and Mon: Midsummer Eve is off
    assert dates.working_days_between(D(2024, 5, 6), D(2024, 5, 8)) == 2


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
