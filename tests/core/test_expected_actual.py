"""A finding's expected and actual never read the same when the values differ, and are always strings."""

from __future__ import annotations

import datetime as _dt
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from digione_rules.cli import cli
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


@pytest.mark.parametrize("left_out, rule, expected, actual", [
    ("E-2023-015", "bf-effective-order", "2023-12-19", "missing"),  # Vantaa's confirmation not recorded
    ("E-2023-014", "amendment-conditional", None, "missing"),
])
def test_a_value_the_facts_do_not_hold_is_missing_never_null(tmp_path, left_out, rule, expected, actual):
    """spec/cli.md: `expected` and `actual` are strings, also when the rule compares with a decision that
    was never recorded."""
    facts = tmp_path / "facts"
    shutil.copytree(Path(__file__).resolve().parents[2] / "fixtures" / "clean", facts)
    events = facts / "events.csv"
    events.write_text("".join(line for line in events.read_text(encoding="utf-8").splitlines(keepends=True)
                              if not line.startswith(left_out + ",")), encoding="utf-8")
    ran = CliRunner().invoke(cli, ["check", str(facts), "--as-of", "2025-12-31", "--format", "json", "--rule", rule])
    (result,) = json.loads(ran.output)["results"]
    assert result["status"] == "violated" and result["findings"]
    for finding in result["findings"]:
        assert isinstance(finding["expected"], str) and isinstance(finding["actual"], str)
    assert any(f["actual"] == actual and (expected is None or f["expected"] == expected) for f in result["findings"])
