"""The rule book's examples cover every rule, and `digione-rules test` runs them all green."""

from __future__ import annotations

import importlib.util

import pytest

from digione_rules.cli import main

TEST_COMMAND = pytest.mark.skipif(importlib.util.find_spec("digione_rules.cli.test") is None,
                                  reason="`digione-rules test` is being built on the workflow branch")


def _examples_by_rule(book) -> dict[str, list]:
    out: dict[str, list] = {}
    for example in book.examples:
        for rule in {*example.rules, *(e.rule for e in example.expects)}:
            out.setdefault(rule, []).append(example)
    return out


def test_every_rule_has_an_example(book):
    """Each of the 42 rules is exercised by at least one example in rules/examples/."""
    assert sorted(set(book.rules) - set(_examples_by_rule(book))) == []


def test_every_rule_has_an_example_that_finds_something(book):
    """Each rule has an example in which it reports a violation, a warning, an info or a pending item."""
    shown = {e.rule for example in book.examples for e in example.expects
             if e.status in ("violated", "pending") or e.findings}
    assert sorted(set(book.rules) - shown) == []


def test_examples_live_in_their_own_files(book):
    """Examples are written in rules/examples/, apart from the rules the lead edits."""
    assert all("/examples/" in e.span.path.replace("\\", "/") for e in book.examples)


@TEST_COMMAND
def test_rule_book_examples_pass(capsys):
    """`digione-rules test` passes every example of the packaged rule book."""
    code = main(["test"])
    assert code == 0, capsys.readouterr().out
