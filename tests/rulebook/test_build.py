"""The generated fixtures are those the build script writes, and they cover every rule of the book."""

from __future__ import annotations

from .helpers import CASES, build


def test_generated_fixtures_are_up_to_date(book):
    """clean-fi, clean-xlsx, violations and boundaries are exactly what fixtures/build.py writes."""
    assert build.stale(build.outputs(book)) == []


def test_every_rule_has_a_violating_fixture(book):
    """Each of the 42 rules has a fixture in which it is violated, or gives its warning or info finding."""
    shown = {c["rule"] for c in CASES if c["kind"] == "violations"
             and (not c.get("xfail") or c.get("xfail_only") == "findings")
             and (c["expect"]["status"] == "violated" or c["expect"].get("findings"))}
    assert sorted(set(book.rules) - shown) == []


def test_cases_name_rules_of_the_book(book):
    """Every overlay names a rule that the book declares, and a known kind of result."""
    assert all(c["rule"] in book.rules for c in CASES)
    assert {c["expect"]["status"] for c in CASES} <= {"passed", "violated", "pending"}
