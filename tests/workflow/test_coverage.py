"""`digione-rules coverage`: clauses with rules, rules with examples, rules the facts exercised."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from digione_rules.cli.coverage import _exercised, load_catalogue
from digione_rules.report.model import RuleResult

CLAUSES_MD = [Path(__file__).resolve().parents[2] / "spec" / "clauses.md", Path("/work/shared/spec/clauses.md")]


def test_catalogue_lists_the_clauses_of_the_spec():
    """The packaged catalogue lists exactly the rule ids of spec/clauses.md, with their priorities."""
    spec = next((p for p in CLAUSES_MD if p.is_file()), None)
    if spec is None:
        pytest.skip("spec/clauses.md is not available here")
    expected, priority = [], None
    for line in spec.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"## (P\d)\b", line)
        if heading:
            priority = heading.group(1)
        row = re.match(r"\| `([a-z0-9-]+)` \|", line)
        if row and priority:
            expected.append((row.group(1), priority))
    assert [(c["id"], c["priority"]) for c in load_catalogue()] == expected


def test_catalogue_shape():
    """The catalogue has 42 distinct ids, each with a priority and a title."""
    clauses = load_catalogue()
    assert len({c["id"] for c in clauses}) == len(clauses) == 42
    assert {c["priority"] for c in clauses} == {"P1", "P2", "P3"}
    assert all(c["title"] for c in clauses)


def test_coverage_without_facts(golden):
    """Without facts the table shows which clauses have rules and how many examples each rule has."""
    assert golden("coverage", "coverage", "--rules", "{data}/book").code == 0


def test_coverage_with_facts(golden):
    """With facts each rule is exercised (with its subject count) or not applicable, with the reason."""
    result = golden("coverage-facts", "coverage", "{data}/facts/payments.csv", "--rules", "{data}/book",
                    "--as-of", "2025-06-30")
    assert "not applicable: no facts given for `invoices`, which this rule reads" in result.out


def test_coverage_json(run):
    """The JSON form gives each clause's rule, examples and facts status, and a summary."""
    data = json.loads(run("coverage", "{data}/facts", "--rules", "{data}/book", "--as-of", "2025-06-30",
                          "--format", "json").out)
    assert data["as_of"] == "2025-06-30"
    assert data["summary"]["P1"] == {"clauses": 19, "with_rules": 1}
    assert data["summary"]["rules_exercised"] == 4
    (invoice,) = [c for c in data["clauses"] if c["id"] == "invoice-paid"]
    assert invoice["facts"] == {"status": "exercised", "subjects": 1}
    assert [c["id"] for c in data["extra_rules"]] == ["commitment", "fee-share", "grant-cap"]


def test_rule_judging_no_subject_is_not_exercised():
    """A rule evaluated on no subject at all is reported as not exercised."""
    result = RuleResult("r", "t", "s", "error", "passed", subjects=0)
    assert _exercised(result) == {"status": "not_exercised", "subjects": 0}


def test_coverage_packaged_rule_book(run):
    """The packaged rule book's coverage lists all 42 clauses."""
    data = json.loads(run("coverage", "--format", "json").out)
    assert len(data["clauses"]) == 42
