"""What loops judged in bulk count and keep (evaluate/state.py) is what the statements give row by row:
the subjects judged, when loops over the same rows and statements of their own judge a subject again,
and the reconciliation records, with invoices paid in parts, out of order, not at all, late, too much,
with payments dated after the as-of day, and tables with and without ids in order."""

from __future__ import annotations

import datetime as _dt
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digione_rules.book import load_rule_book
from digione_rules.check import check_book
from digione_rules.diagnostics import Sink
from digione_rules.evaluate import evaluate
from digione_rules.evaluate import run as run_module

from .helpers import facts_of

D = _dt.date

BOOK = '''document agreement "Test agreement"

facts invoices "laskut"
    source agreement
    dated by date
    id: text required unique
    date: date required
    amount: money required
    due: date

facts payments "kirjaukset"
    source agreement
    dated by date
    id: text required unique
    date: date required
    amount: money required
    invoice: text references invoices.id

facts notes "muistiot"
    source agreement
    date: date required
    amount: money required

rule paid-and-capped "Each invoice is paid, and judged again by other loops and statements"
    severity error
    source agreement
    quote "q"
    for each invoice inv in invoices:
        obligation "invoice {inv.id}"
            amount inv.amount
            due inv.due otherwise inv.date + 30 days
            paid by payments where invoice = inv.id
            tolerance 1 €
            late warning "invoice {inv.id} paid late by {days_late} days"
    for each invoice inv in invoices:
        require inv.amount < 400 €
            severity warning
    for each invoice inv in invoices where amount >= 300 €:
        if inv.amount > 0 €:
            require inv.amount < 450 €
                severity info
    for each invoice inv in invoices where due is present:
        require inv.due >= inv.date
    for each invoice inv in invoices:
        require inv.due <= inv.date + 60 days
            severity info
        require inv.due != inv.date
            severity info

rule exact-pay "Each invoice is paid exactly"
    severity error
    source agreement
    quote "q"
    for each invoice inv in invoices where amount < 450 €:
        obligation "invoice {inv.id}"
            amount inv.amount
            due inv.due otherwise inv.date + 14 days
            paid by payments where invoice = inv.id
            exact

rule notes-small "Notes without ids are small"
    severity error
    source agreement
    quote "q"
    for each note n in notes:
        require n.amount <= 300 €
    for each note n in notes where amount > 200 €:
        require n.date >= 1.1.2024
'''


@pytest.fixture(scope="module")
def small_book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("book")
    (folder / "main.rules").write_text(BOOK, encoding="utf-8")
    sink = Sink()
    checked = check_book(load_rule_book(folder, sink), sink)
    assert not sink.has_errors, [d.concise() for d in sink.items]
    return checked


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _facts(book, seed: int, invoices: int, shuffle_invoices: bool, shuffle_payments: bool):
    rnd = random.Random(seed)
    inv_rows, pay_rows = [], []
    for n in range(invoices):
        day = D(2024, 1, 1) + _dt.timedelta(days=rnd.randrange(400))
        cents = rnd.choice((100_00, 250_50, 399_99, 420_00, rnd.randrange(1, 500_00)))
        due = "" if rnd.random() < 0.3 else (day + _dt.timedelta(days=rnd.choice((-3, 7, 30)))).isoformat()
        inv_rows.append([f"I{n:03d}", day.isoformat(), _money(cents), due])
        paid = max(cents + rnd.choice((0, 0, -100, -101, 100, 101, -cents // 3, -cents)), 0)
        parts = rnd.choice((1, 2, 3)) if paid else 0
        for k in range(parts):
            amount = paid // parts + (paid % parts if k == 0 else 0)
            if amount > 0:
                when = day + _dt.timedelta(days=rnd.choice((0, 5, 20, 31, 60, 700)))  # some after the as-of day
                pay_rows.append([when.isoformat(), _money(amount), f"I{n:03d}"])
    pay_rows.sort(key=lambda r: r[0])
    pay_rows = [[f"P{n:04d}", *r] for n, r in enumerate(pay_rows)]
    if rnd.random() < 0.5 and pay_rows:  # the same invoice paid again far from its other payments
        pay_rows.append([f"P{len(pay_rows):04d}", "2025-06-01", "1.00", pay_rows[0][3]])
    if shuffle_invoices:
        rnd.shuffle(inv_rows)
    if shuffle_payments:
        rnd.shuffle(pay_rows)
    note_rows = [[(D(2023, 6, 1) + _dt.timedelta(days=rnd.randrange(400))).isoformat(), _money(rnd.randrange(1, 400_00))]
                 for _ in range(rnd.randrange(0, 12))]
    return facts_of(book,
                    invoices=(["id", "date", "amount", "due"], inv_rows),
                    payments=(["id", "date", "amount", "invoice"], pay_rows),
                    notes=(["date", "amount"], note_rows))


def _outcome(book, facts, as_of, monkeypatch, bulk: bool):
    if not bulk:
        monkeypatch.setattr(run_module, "plan_loop", lambda runner, s: None)
    report, errors = evaluate(book, facts, as_of)
    monkeypatch.undo()
    return (report.to_dict(explain=True),
            [(r.rule, r.status, r.subjects, len(r.obligations), tuple(r.obligations)) for r in report.results],
            [d.message for d in errors])


@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 100_000), invoices=st.integers(2, 30), shuffle_invoices=st.booleans(),
       shuffle_payments=st.booleans(), as_of=st.sampled_from([D(2024, 6, 1), D(2025, 3, 1), D(2027, 1, 1)]))
def test_counts_and_records_agree(small_book, monkeypatch, seed, invoices, shuffle_invoices, shuffle_payments,
                                  as_of):
    """Subjects judged by several loops and by scalar statements too are counted once, and every record
    kept, whichever way the loops run."""
    facts = _facts(small_book, seed, invoices, shuffle_invoices, shuffle_payments)
    assert _outcome(small_book, facts, as_of, monkeypatch, True) == \
        _outcome(small_book, facts, as_of, monkeypatch, False)


def test_every_invoice_counted_once(small_book):
    """Four loops over the same invoices, some rows reported and some not: each invoice is one subject."""
    facts = _facts(small_book, 7, 25, False, True)
    report, _ = evaluate(small_book, facts, D(2027, 1, 1))
    result = next(r for r in report.results if r.rule == "paid-and-capped")
    assert result.subjects == 25
    assert len(result.obligations) == 25
