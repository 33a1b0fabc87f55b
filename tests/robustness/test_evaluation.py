"""A rule that fails at run time (a date beyond the calendar, a number too large, a range too long) is
reported: the rule is `not_applicable` with the reason, the error is a diagnostic, and the run exits 2.
It is never a crash, never `passed`, and never a hang or an exhausted memory."""

from __future__ import annotations

import json

import pytest

from .conftest import cli, write

BOOK = '''document agreement "Test agreement"

party Espoo
    business id 0101263-6

party Vantaa
    business id 0124610-9

facts payments "kirjaukset"
    source agreement
    dated by date
    id: text required unique
    date: date required
    payer: party required
    amount: money required
    n: integer
    note: text

rule r-1 "A rule that may fail"
    severity error
    source agreement
    quote "q"
'''
FACTS = "id;date;payer;amount;n;note\nP1;1.1.2025;Espoo;5;3;2024\nP2;2.1.2025;Vantaa;7;;9999\n"


def check(tmp_path, body: str, *extra: str, facts: str = FACTS):
    book = write(tmp_path / "book", {"main.rules": BOOK + "".join(f"    {line}\n" for line in body.splitlines())})
    folder = write(tmp_path / "facts", {"payments.csv": facts})
    return cli("check", folder, "--rules", book, "--as-of", "2025-06-30", "--format", "json", *extra)


FAILING = {
    "through a literal range of two billion": "require count(1 through 2000000000) > 0",
    "through a range read from the facts": "for each payment p in payments:\n"
                                           "    require count(1 through (p.n otherwise 0) * 100000000) > 0",
    "months beyond year 9999": "require 31.12.9999 + 1 months > 1.1.2020",
    "months from the facts beyond the calendar": "for each payment p in payments:\n"
                                                 "    require p.date + (p.n otherwise 0) * 100000 months > 1.1.2020",
    "years beyond the calendar": "require 1.1.2020 + 9000 years > 1.1.2020",
    "end_of_year of a huge year": "require end_of_year(999999999) > 1.1.2020",
    "start_of_year of year 0": "require start_of_year(0) > 1.1.2020",
    "round of a product beyond 28 digits": "require round(999999999999999 € * 999999999999999) > 0 €",
    "a product beyond 28 digits in a finding": "let big = 999999999999999 € * 999999999999999 * 1000\n"
                                               "require big < 0 €\n    expected big\n    actual big",
}


@pytest.mark.parametrize("body", FAILING.values(), ids=FAILING.keys())
def test_failing_rule_is_reported_not_passed(tmp_path, body):
    """The rule is not_applicable with the reason, an R5xx diagnostic says why, and the run exits 2."""
    ran = check(tmp_path, body)
    assert "internal error" not in ran.err
    assert ran.code == 2, ran.err
    assert "error[R50" in ran.err
    result = json.loads(ran.out)["results"][0]
    assert result["status"] == "not_applicable"
    assert result["reason"].startswith("could not be evaluated: ")


@pytest.mark.parametrize("text, fine", [('"9999"', True), ('"9999-Q4"', True), ('"9999-12"', True),
                                        ('"0000-01"', False), ('"0000"', False)])
def test_fee_periods_at_the_calendars_ends(tmp_path, text, fine):
    """period_end of year 9999 is 31.12.9999, and a period in year 0 is missing (it was a crash)."""
    ran = check(tmp_path, f"require (period_end({text}) otherwise 1.1.2000) = 31.12.9999")
    assert ran.code == (0 if fine else 1), ran.err


def test_as_of_the_last_day_of_the_calendar(tmp_path):
    """`--as-of 9999-12-31` runs: the horizon stops at the calendar's end (it was an OverflowError)."""
    ran = check(tmp_path, "require sum(payments.amount) > 0 €")
    assert ran.code == 0
    for fmt in ("text", "json", "junit", "sarif", "github", "markdown"):
        ran = cli("check", tmp_path / "facts", "--rules", tmp_path / "book", "--as-of", "9999-12-31", "--format", fmt)
        assert ran.code == 0 and "internal error" not in ran.err, (fmt, ran.err)
