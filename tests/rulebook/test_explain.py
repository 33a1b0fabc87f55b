"""`digione-rules explain ID` prints every rule of the book."""

from __future__ import annotations

import importlib.util

import pytest

from digione_rules.cli import main

from .helpers import RULE_IDS

pytestmark = pytest.mark.skipif(importlib.util.find_spec("digione_rules.cli.explain") is None,
                                reason="`digione-rules explain` is being built on the workflow branch")


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_explain_prints_the_rule(capsys, book, rule_id):
    """The rule's id and title appear, and the command exits 0."""
    code = main(["explain", rule_id, "--as-of", "2025-12-31"])
    out = capsys.readouterr().out
    assert code == 0
    assert rule_id in out and book.rules[rule_id].decl.title in out
