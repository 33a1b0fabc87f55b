"""The facts as of a day share the loaded columns when the rows dated later are the last ones: whatever reads
the table reads only its own rows, as it does when they are copied.  Rows without a date are known on any
day."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digione_rules.check import check_expression
from digione_rules.diagnostics import Sink
from digione_rules.evaluate import evaluate_expression
from digione_rules.facts.load import RawTable, build_table
from digione_rules.facts.table import FactSet, FactTable

D = _dt.date
HEADER = ["id", "date", "kind", "payer", "payee", "amount"]
ROWS = [["P1", "2024-01-05", "grant", "BF", "Tiera", "10"],
        ["P2", "2024-02-05", "service_fee", "Oulu", "Tiera", "20"],
        ["P3", "2024-03-05", "grant", "BF", "Tiera", "40"],
        ["P4", "2024-04-05", "service_fee", "Espoo", "Tiera", "80"]]


def _facts(book, rows) -> FactSet:
    sink = Sink()
    table = build_table(RawTable("payments", "payments.csv", HEADER, [(n + 2, r) for n, r in enumerate(rows)]),
                        book, sink)
    assert not sink.has_errors
    return FactSet({"payments": table}, "")


@pytest.mark.parametrize("text,expected", [
    ("sum(payments.amount)", Decimal("30.00")),
    ("count(payments)", 2),
    ("count(payments where kind = grant)", 1),
    ("count(payments where kind = service_fee)", 1),
    ("distinct(payments.kind)", ("grant", "service_fee")),
    ("max(payments.amount)", Decimal("20.00")),
    ("count(payments where amount > 15 €)", 1),
], ids=["sum", "count", "index-grant", "index-fee", "distinct", "max", "compare"])
@pytest.mark.parametrize("order", ["booked", "shuffled"])
def test_facts_as_of_a_day_are_only_that_days(book, text, expected, order):
    """As of 15.2.2024 only P1 and P2 are known, whether the later rows are the last (a shared head) or not."""
    rows = ROWS if order == "booked" else [ROWS[2], ROWS[0], ROWS[3], ROWS[1]]
    facts = _facts(book, rows)
    expr, _ = check_expression(book, text, Sink())
    assert evaluate_expression(book, facts, D(2024, 2, 15), expr) == expected


def test_head_shares_the_loaded_columns(book):
    """Leaving out the last rows copies nothing, and leaves the loaded table as it was."""
    facts = _facts(book, ROWS)
    known = facts.as_of(D(2024, 2, 15)).tables["payments"]
    loaded = facts.tables["payments"]
    assert known.n == 2 and loaded.n == 4
    assert known.columns["amount"] is loaded.columns["amount"]
    assert known.column("amount") == [1000, 2000] and loaded.column("amount") == [1000, 2000, 4000, 8000]
    assert sorted(known.index("kind")) == ["grant", "service_fee"] and list(known.index("kind")["grant"]) == [0]


@settings(max_examples=200, deadline=None)
@given(dates=st.lists(st.one_of(st.none(), st.sampled_from([D(2024, 1, d) for d in (1, 2, 5, 9)])), max_size=12),
       in_order=st.booleans(), day=st.sampled_from([D(2023, 12, 31), D(2024, 1, 2), D(2024, 1, 9)]),
       swap=st.booleans())
def test_as_of_keeps_the_rows_known_on_the_day(book, dates, in_order, day, swap):
    """Rows dated after the day are left out, a row without a date is kept; in a table in time order (a
    missing date first) they are found by bisection, as the shared head of the table.  Whether the dates
    are in order (none missing, never decreasing), and whether the rows are in time order, is what a
    reading of them row by row says."""
    if in_order:
        dates = sorted(dates, key=lambda d: d or D.min)
    schema = book.facts["payments"]
    columns = {c: [None] * len(dates) for c in schema.columns}
    columns["id"] = [f"P{n:02d}" for n in range(len(dates))]
    if swap and len(dates) > 1:  # ids out of order: not in time order, whatever the dates
        columns["id"][0], columns["id"][-1] = columns["id"][-1], columns["id"][0]
    columns["date"] = list(dates)
    table = FactTable("payments", schema, columns, list(range(2, len(dates) + 2)), "payments.csv")
    known = FactSet({"payments": table}, "").as_of(day).tables["payments"]
    assert known.column("id") == [i for i, d in zip(columns["id"], dates) if d is None or d <= day]
    assert known.column("date") == [d for d in dates if d is None or d <= day]
    for t in (table, known):
        own = t.column("date")
        assert t.dates_in_order() == (None not in own and own == sorted(own))
        days, ids = [d or D.min for d in own], t.column("id")
        assert t.in_time_order() == (days == sorted(days) and all(a < b for a, b in zip(ids, ids[1:])))
