"""The operator table decides what combines: money with money adds, money with money never multiplies."""

from __future__ import annotations

import pytest

from digione_rules import types as T
from digione_rules.check import check_expression
from digione_rules.diagnostics import Sink

GOOD = [
    ("1 € + 2 €", T.MONEY),
    ("10 € * 50 %", T.MONEY),
    ("10 € / 2 €", T.DECIMAL),
    ("31.12.2029 - 1.1.2029", T.duration("days")),
    ("1.1.2024 + 30 days", T.DATE),
    ("1.1.2024 + 2 working days", T.DATE),
    ("1.1.2024 + 12 months", T.DATE),
    ("30 days + 1 days", T.duration("days")),
    ("payment_term", T.duration("days")),
    ("2024 through 2026", T.ListOf(T.INTEGER)),
    ("share[Vantaa] * 1 287 000 €", T.MONEY),
    ("[Espoo] + [Oulu]", T.ListOf(T.PARTY)),
]

BAD = [
    ("1 € * 2 €", "T204", "cannot multiply a `money` by a `money`"),
    ("1 € + 1.1.2024", "T204", "cannot add a `date` to a `money`"),
    ("1.1.2024 + 1 €", "T204", "cannot add a `money` to a `date`"),
    ("12 months = 365 days", "T204", "cannot compare a `duration in months` with a `duration in days`"),
    ("30 days + 2 working days", "T204", "cannot add"),
    ("1 € < 50 %", "T204", "cannot order a `money` with a `percent`"),
    ("Vantaa < Espoo", "T204", "cannot order a `party`"),
    ("year(1 €)", "T203", "should be a `date`"),
    ("sum(payments.payer)", "T207", "cannot sum a `party`"),
    ("unknown_name + 1", "T201", "unknown name `unknown_name`"),
    ("payment_trm", "T201", "unknown name `payment_trm`"),
    ("share[1]", "T203", "should be"),
]


@pytest.mark.parametrize("text,expected", GOOD, ids=[g[0] for g in GOOD])
def test_allowed_combinations(book, text, expected):
    """Each allowed combination has the result type the operator table gives."""
    sink = Sink()
    _expr, got = check_expression(book, text, sink)
    assert not sink.items, [d.concise() for d in sink.items]
    assert got == expected


@pytest.mark.parametrize("text,code,message", BAD, ids=[b[0] for b in BAD])
def test_forbidden_combinations(book, text, code, message):
    """Each forbidden combination is a diagnostic with its code and a message saying why."""
    sink = Sink()
    check_expression(book, text, sink)
    assert [d.code for d in sink.items][:1] == [code]
    assert message in sink.items[0].message


def test_unknown_name_suggests_the_close_one(book):
    """An unknown name close to a declared one gets a did-you-mean."""
    sink = Sink()
    check_expression(book, "payment_trm", sink)
    assert sink.items[0].help == "did you mean `payment_term`?"
