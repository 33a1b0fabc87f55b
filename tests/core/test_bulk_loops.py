"""Loops judged in bulk (evaluate/batch.py) give the report the statement-by-statement evaluation gives:
the same findings, pending items, evidence, explained values, subjects and reconciliation records."""

from __future__ import annotations

import datetime as _dt
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digione_rules.evaluate import evaluate
from digione_rules.evaluate import run as run_module
from digione_rules.facts.table import FactSet

from .helpers import facts_of

D = _dt.date
PARTIES = ["Espoo", "Oulu", "Vantaa", "Lahti"]


def _ledger(book, seed: int, invoices: int, shuffle: bool) -> FactSet:
    """Invoices paid on time, late, in part, too much or not at all; costs before and after a handover."""
    rnd = random.Random(seed)
    inv_rows, pay_rows, cost_rows = [], [], []
    start = D(2024, 1, 1)
    for n in range(invoices):
        day = start + _dt.timedelta(days=rnd.randrange(300))
        cents = rnd.choice((100_00, 250_50, 1_000_00, rnd.randrange(1, 5_000_00)))
        due = "" if rnd.random() < 0.2 else (day + _dt.timedelta(days=rnd.choice((14, 30)))).isoformat()
        inv_rows.append([f"I{n:03d}", day.isoformat(), "service_fee", "Tiera", rnd.choice(PARTIES),
                         f"{cents // 100}.{cents % 100:02d}", due])
        # in full, around the 1 € tolerance, half, too much, nothing
        paid = max(cents + rnd.choice((0, 0, 0, -100, -101, 100, 101, -cents // 2, cents // 5, -cents)), 0)
        parts = rnd.choice((1, 1, 2, 3)) if paid else 0
        for k in range(parts):
            amount = paid // parts + (paid % parts if k == 0 else 0)
            if amount <= 0:
                continue
            when = day + _dt.timedelta(days=rnd.choice((3, 10, 29, 31, 45, 400)))
            pay_rows.append([when.isoformat(), "service_fee", rnd.choice(PARTIES), "Tiera",
                             f"{amount // 100}.{amount % 100:02d}", f"I{n:03d}"])
    pay_rows.sort(key=lambda r: r[0])
    pay_rows = [[f"P{n:04d}", *r] for n, r in enumerate(pay_rows)]
    if shuffle:
        rnd.shuffle(pay_rows)
        rnd.shuffle(inv_rows)
    for n in range(invoices):
        day = start + _dt.timedelta(days=rnd.randrange(400))
        cost_rows.append([f"K{n:03d}", day.isoformat(), "DigiOne", "100", "development", "2.0"])
    return facts_of(book,
                  invoices=(["id", "date", "kind", "issuer", "recipient", "amount", "due"], inv_rows),
                  payments=(["id", "date", "kind", "payer", "payee", "amount", "invoice"], pay_rows),
                  costs=(["id", "date", "project", "amount", "category", "version"], cost_rows),
                  events=(["id", "date", "type", "version"], [["E1", "2024-06-01", "handover", "2.0"]]),
                  meetings=(["id", "body", "date"], [["M1", "steering_group", "2024-02-01"]]))


def _outcome(book, facts, as_of, monkeypatch, bulk: bool):
    if not bulk:
        monkeypatch.setattr(run_module, "plan_loop", lambda runner, s: None)
    report, errors = evaluate(book, facts, as_of)
    monkeypatch.undo()
    return (report.to_dict(explain=True), [(r.rule, r.subjects, tuple(r.obligations)) for r in report.results],
            [d.message for d in errors])


@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")  # the rule book's long repr
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), invoices=st.integers(1, 40), shuffle=st.booleans(),
       as_of=st.sampled_from([D(2024, 3, 1), D(2024, 8, 15), D(2025, 12, 31)]))
def test_bulk_and_scalar_loops_agree(book, monkeypatch, seed, invoices, shuffle, as_of):
    """Whatever mix of paid, late, short, over-paid and pending invoices, and costs either side of the
    handover, judging loops in bulk changes nothing in the report."""
    facts = _ledger(book, seed, invoices, shuffle)
    assert _outcome(book, facts, as_of, monkeypatch, True) == _outcome(book, facts, as_of, monkeypatch, False)


def test_bulk_loops_are_used(book, monkeypatch):
    """The invoice and cost loops of the rule book are judged in bulk (so the test above compares something)."""
    used = []
    real = run_module.judge_quietly

    def spy(st_, key, table, rows, bulks):
        used.append((st_.rule.decl.id, len(rows)))
        return real(st_, key, table, rows, bulks)

    monkeypatch.setattr(run_module, "judge_quietly", spy)
    evaluate(book, _ledger(book, 1, 30, False), D(2025, 12, 31))
    assert {"invoice-paid", "no-development-after-handover"} <= {rule for rule, _ in used}
