"""Every example written in the packaged rule book, run as its own test, so CI runs them all.

The ids are read from the rule book when the tests are collected; the failures are shown as
`digione-rules test` shows them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from digione_rules.book import load_rule_book
from digione_rules.check import check_book
from digione_rules.cli.test import failure_text
from digione_rules.diagnostics import Sink
from digione_rules.testing import run_example

RULES = Path(__file__).resolve().parents[2] / "rules"


def _example_ids() -> list[str]:
    sink = Sink()
    loaded = load_rule_book(RULES, sink)
    if loaded is None or sink.has_errors:
        return []  # the rule book's own tests report why
    return [e.id for e in check_book(loaded, sink).examples]


@pytest.mark.parametrize("example_id", _example_ids())
def test_packaged_example(book, example_id):
    """The packaged rule book's example holds."""
    example = next(e for e in book.examples if e.id == example_id)
    result = run_example(book, example)
    assert not result.diagnostics, "\n".join(d.concise() for d in result.diagnostics)
    assert not result.failures, failure_text(result)
