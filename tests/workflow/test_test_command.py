"""`digione-rules test`: the examples written in a rule book, run and compared."""

from __future__ import annotations

from decimal import Decimal

import pytest

from digione_rules import types as T
from digione_rules.testing import same_value


def test_passing_examples(golden):
    """A rule book whose examples all hold prints PASS for each and exits 0."""
    assert golden("test-pass", "test", "--rules", "{data}/book").code == 0


def test_failing_examples(golden):
    """Failing examples show the line as written and expected against reported values, and exit 1."""
    result = golden("test-fail", "test", "--rules", "{data}/book/failing.rules")
    assert result.code == 1
    assert "≠ actual  1100.00     1200.00" in result.out


def test_junit(golden):
    """JUnit XML has one testsuite per rule file and a failure element per failing example."""
    result = golden("test-junit", "test", "--rules", "{data}/book/failing.rules", "--format", "junit")
    assert result.code == 1
    assert result.out.count("<failure ") == 4


def test_one_example(run):
    """`--example` runs only the examples named."""
    result = run("test", "--rules", "{data}/book/failing.rules", "--example", "passes-too")
    assert result.code == 0
    assert result.out.splitlines()[-1] == "1 example: 1 passed"


def test_unknown_example(run):
    """An example id the rule book lacks exits 2 with a suggestion."""
    result = run("test", "--rules", "{data}/book", "--example", "grant-over")
    assert result.code == 2
    assert "C604" in result.err and "did you mean `grant-over-cap`?" in result.err


def test_example_facts_that_do_not_load(run):
    """An example whose facts cannot be read is reported at the cell in the rule file, and the run exits 2."""
    result = run("test", "--rules", "{data}/book/broken.rules")
    assert result.code == 2
    assert "ERROR bad-amount" in result.out and "PASS  still-runs" in result.out
    assert "--> book/broken.rules:11:52" in result.err
    assert "expected one of `grant`, `fee`" in result.err


def test_rule_that_cannot_be_evaluated_fails_the_example(run):
    """A rule that fails at run time on an example's facts fails the example, with the error."""
    result = run("test", "--rules", "{data}/book/broken.rules", "--example", "divides-by-zero")
    assert result.code == 1
    assert "fee-ratio: could not be evaluated: rule `fee-ratio`: division by zero" in result.out


def test_strict_fails_on_unlisted_warning(run):
    """With `--strict` a warning the example does not list fails it; without, it does not."""
    args = ("test", "--rules", "{data}/book", "--example", "two-late-one-listed")
    assert run(*args).code == 0
    strict = run(*args, "--strict")
    assert strict.code == 1
    assert "unexpected warning finding" in strict.out


def test_help_has_an_example(run):
    """`test --help` shows an example command line."""
    assert "digione-rules test --format junit" in run("test", "--help").out


@pytest.mark.parametrize(("reported", "value", "type_", "same"), [
    ("1250000.00", Decimal("1250000"), T.MONEY, True),
    ("1250000.01", Decimal("1250000"), T.MONEY, False),
    ("2024-04-30", __import__("datetime").date(2024, 4, 30), T.DATE, True),
    ("7", 7, T.INTEGER, True),
    (None, None, T.MONEY, True),
    (None, Decimal(1), T.MONEY, False),
], ids=["money-equal", "money-cent-off", "date", "integer", "both-missing", "one-missing"])
def test_same_value(reported, value, type_, same):
    """A reported value is compared with an expected one as a value, money to the cent."""
    assert same_value(reported, value, type_) is same


def test_finding_severity_is_not_read_as_a_subject_key():
    """`finding error project "X"` reads `error` as the severity and `project` as the subject key."""
    from digione_rules.diagnostics import Sink
    from digione_rules.source import Source
    from digione_rules.syntax.parser import parse_module

    text = ('example e "t"\n    expect r violated\n        finding error project "X" expected 1 €\n'
            '        finding project "Y"\n')
    sink = Sink()
    parsed = parse_module(Source("e.rules", text), sink)
    assert not sink.items, [d.concise() for d in sink.items]
    first, second = parsed.module.items[0].expects[0].findings
    assert (first.severity, [k for k, _ in first.subject]) == ("error", ["project"])
    assert (second.severity, [k for k, _ in second.subject]) == (None, ["project"])
