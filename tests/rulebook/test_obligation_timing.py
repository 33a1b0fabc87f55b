"""An obligation is judged when it falls due: before that, paying too little or too much is pending, with
what was paid and the due date; after it, either is a violation (spec/clauses.md: "as of a date after the
due date, the pioneer's payments … differ from the owed amount by more than 1 €")."""

from __future__ import annotations

import shutil

import pytest

from .helpers import FIXTURES, check


@pytest.mark.parametrize("amount", ["520000.00", "500000.00"], ids=["over", "short"])
@pytest.mark.parametrize("as_of, status", [("2025-12-31", "pending"), ("2026-01-16", "pending"),
                                           ("2026-01-17", "violated")])
def test_a_payment_that_differs_is_judged_when_it_falls_due(capsys, tmp_path, amount, as_of, status):
    """Oulu owes 510 000 € of the final installment, invoiced in December 2025 and due 16.1.2026."""
    facts = tmp_path / "facts"
    shutil.copytree(FIXTURES / "boundaries" / "additional-funding-cap--exactly", facts)
    payments = facts / "payments.csv"
    text = payments.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("P-2025-048,"))
    assert ",510000.00," in row
    payments.write_text(text.replace(row, row.replace(",510000.00,", f",{amount},")), encoding="utf-8")
    _, report = check(capsys, facts, as_of, "--rule", "additional-funding-due")
    (result,) = report["results"]
    assert result["status"] == status
    if status == "pending":
        assert result["findings"] == []
        (item,) = [p for p in result["pending"] if p["subject"] == {"installment": "final", "party": "Oulu"}]
        assert (item["due"], item["expected"], item["actual"]) == ("2026-01-16", "510000.00", amount)
    else:
        (finding,) = result["findings"]
        assert finding["subject"] == {"installment": "final", "party": "Oulu"}
        assert (finding["expected"], finding["actual"]) == ("510000.00", amount)
