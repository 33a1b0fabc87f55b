"""The planned `where` filters select exactly the rows a row-by-row reading of the condition selects."""

from __future__ import annotations

import datetime as _dt

from hypothesis import given, settings
from hypothesis import strategies as st

from digione_rules.check import check_expression
from digione_rules.diagnostics import Sink
from digione_rules.evaluate import evaluate_expression
from digione_rules.facts.table import FactSet, FactTable

KINDS = ["grant", "joining_fee", "service_fee", "additional_funding"]
PARTIES = ["Espoo", "Oulu", "Vantaa", "Tiera"]
INSTALLMENTS = [None, "2023", "2024", "final"]
DAYS = [_dt.date(2024, 1, d) for d in (1, 5, 9, 20)]

row = st.fixed_dictionaries({
    "kind": st.sampled_from(KINDS),
    "payer": st.sampled_from(PARTIES),
    "installment": st.sampled_from(INSTALLMENTS),
    "date": st.sampled_from(DAYS),
    "amount": st.integers(1, 5) .map(lambda n: n * 10000),
})

atom = st.one_of(
    st.sampled_from(KINDS).map(lambda k: (f"kind = {k}", lambda r, k=k: r["kind"] == k)),
    st.sampled_from(KINDS).map(lambda k: (f"kind != {k}", lambda r, k=k: r["kind"] != k)),
    st.sampled_from(PARTIES).map(lambda p: (f"payer = {p}", lambda r, p=p: r["payer"] == p)),
    st.lists(st.sampled_from(PARTIES), min_size=1, max_size=3).map(
        lambda ps: (f"payer in [{', '.join(ps)}]", lambda r, ps=ps: r["payer"] in ps)),
    st.sampled_from(INSTALLMENTS[1:]).map(
        lambda i: (f'installment = "{i}"', lambda r, i=i: r["installment"] == i)),
    st.just(("installment is missing", lambda r: r["installment"] is None)),
    st.sampled_from(DAYS).map(lambda d: (f"date <= {d.isoformat()}", lambda r, d=d: r["date"] <= d)),
    st.sampled_from(DAYS).map(lambda d: (f"date > {d.isoformat()}", lambda r, d=d: r["date"] > d)),
    st.sampled_from(DAYS).map(lambda d: (f"date >= {d.isoformat()}", lambda r, d=d: r["date"] >= d)),
    st.sampled_from(DAYS).map(lambda d: (f"date < {d.isoformat()}", lambda r, d=d: r["date"] < d)),
    st.integers(1, 5).map(lambda n: (f"amount >= {n * 100} €", lambda r, n=n: r["amount"] >= n * 10000)),
    st.sampled_from(DAYS).map(lambda d: (f"year(date) = 2024 and date != {d.isoformat()}",
                                         lambda r, d=d: r["date"] != d)),
)
condition = st.lists(atom, min_size=1, max_size=4)


def _table(book, rows):
    schema = book.facts["payments"]
    columns = {c: [] for c in schema.columns}
    for n, r in enumerate(rows):
        values = {"id": f"P{n}", "payee": "Tiera", "project": "DigiOne", "invoice": None, "note": None, **r}
        for c in columns:
            columns[c].append(values[c])
    return FactTable("payments", schema, columns, list(range(2, len(rows) + 2)), "payments.csv")


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(row, max_size=40), conds=condition, in_date_order=st.booleans())
def test_planned_filter_matches_row_by_row(book, rows, conds, in_date_order):
    """A conjunction of indexed, vectorised and per-row conditions selects the same rows as Python, in a
    table in date order too (where date ranges are found by bisection)."""
    if in_date_order:
        rows = sorted(rows, key=lambda r: r["date"])
    text = " and ".join(f"({c})" for c, _ in conds)
    sink = Sink()
    expr, _type = check_expression(book, f"distinct(payments.id where {text})", sink)
    assert not sink.has_errors, [d.concise() for d in sink.items]
    facts = FactSet({"payments": _table(book, rows)}, "")
    got = evaluate_expression(book, facts, _dt.date(2030, 1, 1), expr)
    want = sorted(f"P{n}" for n, r in enumerate(rows) if all(f(r) for _, f in conds))
    assert list(got) == want


key = st.one_of(
    st.sampled_from(KINDS).map(lambda k: (f"kind = {k}", lambda r, k=k: r["kind"] == k)),
    st.lists(st.sampled_from(KINDS), min_size=1, max_size=3).map(
        lambda ks: (f"kind in [{', '.join(ks)}]", lambda r, ks=ks: r["kind"] in ks)),
    st.sampled_from(PARTIES).map(lambda p: (f"payer = {p}", lambda r, p=p: r["payer"] == p)),
    st.lists(st.sampled_from(PARTIES), min_size=1, max_size=3).map(
        lambda ps: (f"payer in [{', '.join(ps)}]", lambda r, ps=ps: r["payer"] in ps)),
)
date_range = st.tuples(st.sampled_from(["<", "<=", ">", ">="]), st.sampled_from(DAYS))


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(row, max_size=40), keys=st.lists(key, min_size=1, max_size=3),
       asked=st.lists(st.lists(date_range, min_size=1, max_size=2), min_size=1, max_size=4))
def test_a_question_asked_again_on_other_dates(book, rows, keys, asked):
    """In a table in date order a date range is found first, and the `=`/`in` conditions only among its
    rows; the same question asked again on other dates is answered for the whole table once and then
    from that answer: each time the rows Python selects."""
    rows = sorted(rows, key=lambda r: r["date"])
    facts = FactSet({"payments": _table(book, rows)}, "")  # one table: what a question leaves is kept
    ops = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}
    for ranges in asked:
        text = " and ".join([f"({c})" for c, _ in keys] + [f"date {op} {d.isoformat()}" for op, d in ranges])
        sink = Sink()
        expr, _type = check_expression(book, f"distinct(payments.id where {text})", sink)
        assert not sink.has_errors, [d.concise() for d in sink.items]
        got = evaluate_expression(book, facts, _dt.date(2030, 1, 1), expr)
        want = sorted(f"P{n}" for n, r in enumerate(rows)
                      if all(f(r) for _, f in keys) and all(ops[op](r["date"], d) for op, d in ranges))
        assert list(got) == want
