"""A finding's expected and actual never read the same when the values differ."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

import pytest

from digione_rules.evaluate import evaluate
from digione_rules.evaluate.values import plain_apart
from digione_rules.types import MONEY

from .helpers import facts_of


def _grant_case(book, grant: str, eligible: str):
    costs = (["id", "date", "project", "amount", "category", "eligible"],
             [["C1", "2024-03-31", "DigiOne2", eligible, "development", "true"]])
    payments = (["id", "date", "kind", "payer", "payee", "amount", "project"],
                [["P1", "2024-04-30", "grant", "Business Finland", "Tiera", grant, "DigiOne2"]])
    return facts_of(book, costs=costs, payments=payments)


@pytest.mark.parametrize("grant,eligible,status,expected,actual", [
    ("500.01", "1000.01", "violated", "500.005", "500.01"),  # 50 % is 500.005 €: both round to 500.01
    ("500.00", "1000.01", "passed", None, None),
    ("600.00", "1000.00", "violated", "500.00", "600.00"),
])
def test_amounts_a_cent_apart_show_their_digits(book, grant, eligible, status, expected, actual):
    report, errors = evaluate(book, _grant_case(book, grant, eligible), _dt.date(2025, 12, 31), ["bf-grant-50pct"])
    (result,) = report.results
    assert not errors
    assert result.status == status
    assert [(f.expected, f.actual) for f in result.findings] == ([(expected, actual)] if expected else [])


def test_plain_apart_keeps_plain_text_otherwise():
    assert plain_apart(Decimal("500.005"), Decimal("500.01"), MONEY, MONEY) == ("500.005", "500.01")
    assert plain_apart(Decimal("500.00"), Decimal("500.001"), MONEY, MONEY) == ("500.00", "500.001")
    assert plain_apart(Decimal("500"), Decimal("600"), MONEY, MONEY) == ("500.00", "600.00")
    assert plain_apart(Decimal("1.5"), Decimal("1.5"), MONEY, MONEY) == ("1.50", "1.50")
    assert plain_apart(Decimal("0.5"), Decimal("0.5001")) == ("0.5", "0.5001")  # not money: exact already
