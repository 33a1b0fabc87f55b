"""`digione-rules explain ID`: a rule with its citation, quote, parameters in force and source text."""

from __future__ import annotations

import pytest

from digione_rules.cli.explain import render


def test_explain_golden(golden):
    """A rule is shown with its quote, its parameters, its examples and its source lines."""
    assert golden("explain-grant-cap", "explain", "grant-cap", "--rules", "{data}/book", "--as-of", "2025-06-30").code == 0


def test_explain_amended_parameter_before_and_after(run):
    """An amended parameter shows the value in force on the as-of date, since when, and its history."""
    before = run("explain", "commitment", "--rules", "{data}/book", "--as-of", "2023-06-30").out
    after = run("explain", "commitment", "--rules", "{data}/book", "--as-of", "2025-06-30").out
    assert "commitment_end  31.12.2028     –" in before
    assert "commitment_end  31.12.2029     11.12.2023 (`amendment_in_force`)" in after
    assert "commitment_end history: 31.12.2028, then 31.12.2029 from 11.12.2023" in after


def test_explain_table(run):
    """A table the rule reads is printed with its values."""
    out = run("explain", "fee-share", "--rules", "{data}/book", "--as-of", "2025-06-30").out
    assert "Table fee_share: money by party (Sopimus 2023 § 3)" in out
    assert "Vantaa   600,00 €" in out


def test_explain_unknown_rule(run):
    """An unknown rule id exits 2 with a suggestion."""
    result = run("explain", "grant-cpa", "--rules", "{data}/book")
    assert result.code == 2
    assert "no rule `grant-cpa`" in result.err and "did you mean `grant-cap`?" in result.err


def test_explain_every_packaged_rule(book):
    """Every rule of the packaged rule book can be explained, with its title and source lines."""
    import datetime as _dt

    for rule_id, info in book.rules.items():
        text = render(book, info, _dt.date(2025, 6, 30))
        assert text.startswith(f"{rule_id}: {info.decl.title}\n")
        assert f"| rule {rule_id} " in text


@pytest.mark.parametrize("args", [("explain", "--help"), ("params", "--help"), ("coverage", "--help")],
                         ids=["explain", "params", "coverage"])
def test_help_has_examples(run, args):
    """Each workflow command's `--help` shows example command lines."""
    result = run(*args)
    assert result.code == 0
    assert f"digione-rules {args[0]} " in result.out.split("Examples:")[1]
