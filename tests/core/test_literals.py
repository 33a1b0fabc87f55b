"""Money, dates and other literals are read exactly, in the formats contracts and Finnish exports use."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digione_rules.literals import (
    LiteralError,
    format_money,
    money_cents,
    plain_money,
    read_date,
    read_duration,
    read_money,
    read_money_token,
    read_percent,
)

MONEY_CASES = [
    ("1 287 000", 128_700_000),
    ("1 287 000,00 €", 128_700_000),
    ("231660.00", 23_166_000),
    ("1.287.000,00", 128_700_000),
    ("1,287,000.00", 128_700_000),
    ("5\u00a0451\u00a0424", 545_142_400),
    ("-12,5", -1250),
    ("EUR 100", 10000),
    ("100 EUR", 10000),
    ("1.287.000", 128_700_000),
    ("1,287,000", 128_700_000),
    ("1,287.50", 128_750),
    ("1.287,50", 128_750),
    ("0,05", 5),
    ("123,45-", -12345),
]


@pytest.mark.parametrize("text,cents", MONEY_CASES, ids=[c[0] for c in MONEY_CASES])
def test_money_reads_to_exact_cents(text, cents):
    """Each accepted spelling of an amount reads to its exact number of cents."""
    assert money_cents(text) == cents


@pytest.mark.parametrize("text", ["12,34,56", "1.2345", "abc", "", "€", "1 23", "0,125", "1,2.3",
                                  "1.287", "1,079", "-1.287", "1.287 €"])
def test_money_refuses_ambiguous_or_broken_amounts(text):
    """An amount that cannot be read exactly is refused, never guessed."""
    with pytest.raises(LiteralError):
        money_cents(text)


@given(st.integers(-10**13, 10**13))
def test_money_round_trips_through_both_formats(cents):
    """Writing an amount for people or for machines and reading it back gives the same cents."""
    value = Decimal(cents).scaleb(-2)
    assert money_cents(format_money(value)) == cents
    assert money_cents(plain_money(value)) == cents
    assert read_money(plain_money(value)) == value


def test_rule_language_money_tokens():
    """The rule language's money literals take thousands spaces and the M€ and k€ units."""
    assert read_money_token("1 287 000 €") == Decimal("1287000")
    assert read_money_token("2 M€") == Decimal("2000000")
    assert read_money_token("1,5 M€") == Decimal("1500000")
    assert read_money_token("231 660,50 €") == Decimal("231660.50")


def test_dates_percent_and_durations():
    """Finnish and ISO dates, percentages and durations read as contracts mean them."""
    assert read_date("30.4.2024") == read_date("30.04.2024") == read_date("2024-04-30") == _dt.date(2024, 4, 30)
    with pytest.raises(LiteralError):
        read_date("31.2.2024")
    assert read_percent("59,20 %") == Decimal("0.592")
    assert str(read_duration("2 working days")) == "2 working days"
    assert str(read_duration("1 month")) == "1 month"


def test_percent_is_written_with_all_its_digits():
    """A percentage is written exactly (`33,333 %`, `0,125 %`); only a computed one with more decimals
    than a literal may have (100 % / 7) is shown to two decimals, and the rule-language spelling never
    rounds."""
    from digione_rules.literals import format_percent, format_percent_literal

    for text, shown in (("33,333 %", "33,333 %"), ("0,125 %", "0,125 %"), ("1,005 %", "1,005 %"),
                        ("59,20 %", "59,2 %"), ("50 %", "50 %"), ("0,000000000001 %", "0,000000000001 %")):
        assert format_percent(read_percent(text)) == format_percent_literal(read_percent(text)) == shown
        assert read_percent(shown) == read_percent(text)
    assert format_percent(Decimal(1) / 7) == "14,29 %"
