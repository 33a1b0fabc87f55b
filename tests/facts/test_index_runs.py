"""An index built from runs of neighbouring rows holding one value (table.py, for columns in booking order:
the payments of an invoice, a few kinds of payment) is the index built row by row, and a table's index
is its own rows', whichever way it is built."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from digione_rules.facts.table import FactTable, _by_rows, _by_runs

_VALUES = st.sampled_from(["a", "b", "c", None, 1, 2])


@settings(max_examples=300, deadline=None)
@given(runs=st.lists(st.tuples(_VALUES, st.integers(1, 5)), max_size=20), shared=st.booleans(),
       beyond=st.integers(0, 3))
def test_an_index_by_runs_is_the_index_by_rows(runs, shared, beyond):
    """Built from runs of neighbours (one object per value, as the loader shares them, or equal values as
    different objects), the buckets hold the same rows in the same order; rows beyond `n` (a table that
    is the head of another) are not read."""
    col = [v if shared or not isinstance(v, str) else ("x" + v)[1:] for v, k in runs for _ in range(k)]
    n = max(len(col) - beyond, 0)
    want = {}
    for i, v in enumerate(col[:n]):
        if v is not None:
            want.setdefault(v, []).append(i)
    for built in (_by_runs(col, n), _by_rows(col, n)):
        assert {k: list(v) for k, v in built.items()} == want


@settings(max_examples=60, deadline=None)
@given(shape=st.sampled_from(["long runs", "few values in long runs", "short runs", "shuffled", "few values"]),
       n=st.integers(0, 12_000),
       seed=st.integers(0, 1000), head=st.integers(0, 50))
def test_a_tables_index_is_its_rows(book, shape, n, seed, head):
    """Long tables are sampled to choose how to build the index: the buckets are the rows, either way."""
    import random

    rnd = random.Random(seed)
    values = [f"V{k}" for k in range(max(n // 4, 1))] if "few" not in shape else ["a", "b", "c"]
    if "long runs" in shape:
        col = [values[(i // 500) % len(values)] for i in range(n)]
    elif shape == "short runs":
        col = [values[(i // 3) % len(values)] for i in range(n)]
    else:
        col = [rnd.choice(values + [None]) for _ in range(n)]
    schema = book.facts["payments"]
    columns = {c: [None] * n for c in schema.columns}
    columns["invoice"] = col
    table = FactTable("payments", schema, columns, range(2, n + 2), "payments.csv")
    table.distinct = {"invoice": len(set(col))}
    part = table.head(max(n - head, 0))
    for t in (table, part):
        want = {}
        for i, v in enumerate(col[:t.n]):
            if v is not None:
                want.setdefault(v, []).append(i)
        assert {k: list(v) for k, v in t.index("invoice").items()} == want
