"""As-of evaluation: obligations are pending, then met or violated; amended parameters change on their date."""

from __future__ import annotations

import datetime as _dt

import pytest

from digione_rules.check import check_expression
from digione_rules.diagnostics import Sink
from digione_rules.evaluate import evaluate, evaluate_expression
from digione_rules.facts.table import FactSet

from .helpers import facts_of

D = _dt.date


def _invoice_case(book, paid_on: str | None):
    invoices = (["id", "date", "kind", "issuer", "recipient", "amount", "due"],
                [["I1", "2024-01-02", "additional_funding", "Tiera", "Oulu", "1000", "2024-01-31"]])
    rows = [["P0", "2024-01-05", "service_fee", "Espoo", "Tiera", "500", ""]]  # a payment of something else
    rows += [["P1", paid_on, "additional_funding", "Oulu", "Tiera", "1000", "I1"]] if paid_on else []
    payments = (["id", "date", "kind", "payer", "payee", "amount", "invoice"], rows)
    return facts_of(book, invoices=invoices, payments=payments)


@pytest.mark.parametrize("as_of,paid_on,status,severities", [
    (D(2024, 1, 30), None, "pending", []),
    (D(2024, 1, 31), None, "pending", []),
    (D(2024, 2, 1), None, "violated", ["error"]),
    (D(2024, 2, 1), "2024-01-31", "passed", []),
    (D(2024, 3, 1), "2024-02-05", "passed", ["warning"]),
    (D(2024, 1, 20), "2024-02-05", "pending", []),
], ids=["before-due", "on-due-day", "day-after-due", "paid-on-due-day", "paid-late", "payment-not-yet-known"])
def test_invoice_paid_over_time(book, as_of, paid_on, status, severities):
    """The same invoice is pending until its due date, then met, paid late, or violated."""
    report, errors = evaluate(book, _invoice_case(book, paid_on), as_of, ["invoice-paid"])
    (result,) = report.results
    assert not errors
    assert result.status == status
    assert [f.severity for f in result.findings] == severities


def test_late_payment_says_by_how_many_days(book):
    """A payment after the due date is a warning naming the days late."""
    report, _ = evaluate(book, _invoice_case(book, "2024-02-05"), D(2024, 3, 1), ["invoice-paid"])
    assert report.results[0].findings[0].message == "invoice I1 paid late by 5 days"


@pytest.mark.parametrize("as_of,expected", [
    (D(2023, 6, 30), D(2028, 12, 31)),
    (D(2023, 12, 10), D(2028, 12, 31)),
    (D(2023, 12, 11), D(2029, 12, 31)),
    (D(2025, 1, 1), D(2029, 12, 31)),
])
def test_amended_commitment_end_changes_on_its_date(book, as_of, expected):
    """The commitment end is 31.12.2028 until the 2023 amendment is in force, then 31.12.2029."""
    sink = Sink()
    expr, _ = check_expression(book, "commitment_end", sink)
    assert evaluate_expression(book, FactSet({}, ""), as_of, expr) == expected


def test_header_only_table_makes_a_rule_not_applicable(book):
    """A table given with a header and no rows is not judged: an empty export is never taken as compliance."""
    facts = facts_of(book, invoices=(["id", "date", "kind", "issuer", "recipient", "amount"], []),
                   payments=(["id", "date", "kind", "payer", "payee", "amount"], []))
    report, _ = evaluate(book, facts, D(2025, 1, 1), ["invoice-paid"])
    assert report.results[0].status == "not_applicable"
    assert "has no rows" in report.results[0].reason


def test_absent_table_makes_a_rule_not_applicable(book):
    """A rule whose fact table was not given is not_applicable with the reason, never passed."""
    report, _ = evaluate(book, facts_of(book), D(2025, 1, 1), ["invoice-paid", "maintenance-period"])
    assert [r.status for r in report.results] == ["not_applicable", "not_applicable"]
    assert "`invoices`" in report.results[0].reason
