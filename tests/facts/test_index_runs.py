"""An index built from runs of neighbouring rows holding one value (table.py, for columns of many values
in booking order) is the index built row by row."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from digione_rules.facts.table import _by_rows, _by_runs

_VALUES = st.sampled_from(["a", "b", "c", None, 1, 2])


@settings(max_examples=300, deadline=None)
@given(runs=st.lists(st.tuples(_VALUES, st.integers(1, 5)), max_size=20), shared=st.booleans())
def test_an_index_by_runs_is_the_index_by_rows(runs, shared):
    """Built from runs of neighbours (one object per value, as the loader shares them, or equal values as
    different objects), the buckets hold the same rows in the same order."""
    col = [v if shared or not isinstance(v, str) else ("x" + v)[1:] for v, k in runs for _ in range(k)]
    starts = [i for i in range(1, len(col)) if col[i] is not col[i - 1]]
    by_runs = _by_runs(col, starts, len(col)) if col else {}
    assert {k: list(v) for k, v in by_runs.items()} == {k: list(v) for k, v in _by_rows(col, len(col)).items()}
