"""What could not be judged is never reported as passed: a missing table, an unreadable file, an unknown
column, an empty export, a file given twice or a rule that fails at run time each end in a diagnostic and
exit 2, or in a `not_applicable` result whose reason every report format shows (spec/cli.md's exit codes)."""

from __future__ import annotations

import json
import os

import pytest

from .conftest import PAYMENTS, cli, write

ROW = "P1;1.3.2025;grant;Business Finland;Vantaa;100\n"
FORMATS = ["text", "json", "junit", "sarif", "github", "markdown"]


def check(folder, *extra):
    return cli("check", folder, "--as-of", "2025-06-30", "--format", "json", *extra)


@pytest.mark.parametrize("files, code", [
    ({"payments.csv": PAYMENTS + "P1;1.3.2025;grant;Business Finland;Vantaa;\n"}, "F406"),
    ({"payments.csv": PAYMENTS.replace("amount", "amount;colour") + ROW.replace("\n", ";red\n")}, "F404"),
    ({"payments.csv": "id;date;kind;payer;payee\nP1;1.3.2025;grant;Espoo;Tiera\n"}, "F403"),
    ({"payments.csv": b""}, "F410"),
    ({"payments.csv": b"\xff\xfeid;date\n"}, "F401"),
    ({"payments.csv": PAYMENTS + ROW, "payments.json": "[]"}, "F414"),
    ({"payments.ods": b"PK"}, "F409"),
    ({"notes.txt": "hello\n"}, "F409"),
], ids=["missing value", "unknown column", "missing column", "empty file", "UTF-16", "table given twice",
        "unsupported format", "a file named after no table"])
def test_facts_that_cannot_be_read_exit_2_with_no_report(tmp_path, files, code):
    """Facts that cannot be read exactly exit 2 before any rule is judged: no report, nothing passed."""
    ran = check(write(tmp_path / "facts", files))
    assert ran.code == 2
    assert ran.out == ""
    assert f"error[{code} " in ran.err, ran.err


def test_the_same_file_given_twice_is_an_error(tmp_path):
    """One file named twice (as itself and through its folder) is F414, not read twice."""
    folder = write(tmp_path / "facts", {"payments.csv": PAYMENTS + ROW})
    ran = cli("check", folder, folder / "payments.csv", "--as-of", "2025-06-30")
    assert ran.code == 2 and "F414" in ran.err and ran.out == ""


@pytest.mark.parametrize("kind", ["broken link", "folder", "fifo"])
def test_a_table_file_that_is_not_a_file_is_an_error(tmp_path, kind):
    """A `payments.csv` that is a broken link, a folder or a FIFO is F401; it was skipped, and the rules
    reading payments reported `not_applicable` as if no payments had been given."""
    folder = write(tmp_path / "facts", {"invoices.csv": "id;date;kind;issuer;recipient;amount\n"
                                                       "I1;1.3.2025;grant;Tiera;Vantaa;100\n"})
    target = folder / "payments.csv"
    if kind == "broken link":
        os.symlink(tmp_path / "gone.csv", target)
    elif kind == "folder":
        target.mkdir()
    else:
        os.mkfifo(target)
    ran = check(folder)
    assert ran.code == 2, ran.out[:300]
    assert "F401" in ran.err and "payments.csv` cannot be read" in ran.err


@pytest.mark.parametrize("args", [["does-not-exist"], []], ids=["a path that does not exist", "no facts at all"])
def test_no_facts_is_an_error(tmp_path, args):
    """A facts path that does not exist, or none at all, exits 2 with no report."""
    ran = cli("check", *[tmp_path / a for a in args], "--as-of", "2025-06-30")
    assert ran.code == 2 and ran.out == ""


def test_an_empty_folder_is_an_error(tmp_path):
    """A facts folder holding no facts file exits 2 (F409), never a report of rules not applicable."""
    (tmp_path / "facts").mkdir()
    ran = check(tmp_path / "facts")
    assert ran.code == 2 and "F409" in ran.err and ran.out == ""


def _not_applicable(reports: dict[str, str], rule: str, reason: str) -> None:
    doc = json.loads(reports["json"])
    result = next(r for r in doc["results"] if r["rule"] == rule)
    assert result["status"] == "not_applicable"
    assert reason in result["reason"]
    assert all(r["status"] != "passed" or r["rule"] != rule for r in doc["results"])
    for fmt in FORMATS:
        assert reason.replace("`", "") in reports[fmt].replace("`", "").replace("\\", ""), fmt


def _reports(folder, *extra) -> dict[str, str]:
    out = {}
    for fmt in FORMATS:
        ran = cli("check", folder, "--as-of", "2025-06-30", "--format", fmt, *extra)
        assert ran.code in (0, 1), ran.err
        out[fmt] = ran.out
    return out


def test_a_missing_table_makes_its_rules_not_applicable_in_every_format(tmp_path):
    """A rule whose table was not given is not_applicable, and every format says which table is missing."""
    folder = write(tmp_path / "facts", {"payments.csv": PAYMENTS + ROW})
    _not_applicable(_reports(folder), "invoice-paid", "no facts given for `invoices`")


def test_an_export_with_only_a_header_is_said_in_every_format(tmp_path):
    """A table with a header and no rows warns (F411), and its rules say it has no rows in every format."""
    folder = write(tmp_path / "facts", {"payments.csv": PAYMENTS, "invoices.csv": "id;date;kind;issuer;recipient;"
                                        "amount\nI1;1.3.2025;grant;Tiera;Vantaa;100\n"})
    ran = check(folder)
    assert "F411" in ran.err
    _not_applicable(_reports(folder), "refund-cap", "`payments` has no rows: nothing to judge")


def test_a_rule_failing_at_run_time_exits_2_and_is_not_passed(tmp_path):
    """A rule whose evaluation fails is not_applicable with the reason, the error is printed, and the run
    exits 2 even when every other rule holds (tests/robustness/test_evaluation.py has each failure)."""
    book = write(tmp_path / "book", {"main.rules": (
        'document d "D"\n\nfacts t\n    source d\n    id: text required unique\n    n: integer required\n\n'
        'rule r-1 "Fails"\n    severity error\n    source d\n    quote "q"\n    for each invoice x in t:\n'
        '        require 1 / (x.n - x.n) > 0\n\n'
        'rule r-2 "Holds"\n    severity error\n    source d\n    quote "q"\n    require count(t) > 0\n')})
    folder = write(tmp_path / "facts", {"t.csv": "id;n\nA;1\n"})
    for fmt in FORMATS:
        ran = cli("check", folder, "--rules", book, "--as-of", "2025-06-30", "--format", fmt)
        assert ran.code == 2 and "R502" in ran.err, (fmt, ran.err)
        assert "division by zero" in ran.out, fmt
    doc = json.loads(cli("check", folder, "--rules", book, "--as-of", "2025-06-30", "--format", "json").out)
    assert [(r["rule"], r["status"]) for r in doc["results"]] == [("r-1", "not_applicable"), ("r-2", "passed")]


def test_keep_going_never_turns_bad_rows_into_silence(tmp_path):
    """With --keep-going, bad rows are findings of `facts-readable` (violated, exit 1), never dropped quietly."""
    folder = write(tmp_path / "facts", {"payments.csv": PAYMENTS + ROW + "P2;31.2.2025;grant;Espoo;Tiera;5\n"})
    ran = check(folder, "--keep-going")
    assert ran.code == 1
    result = next(r for r in json.loads(ran.out)["results"] if r["rule"] == "facts-readable")
    assert result["status"] == "violated" and "31.2.2025" in result["findings"][0]["message"]


def test_strict_fails_on_warnings_and_the_default_does_not(tmp_path):
    """Exit codes follow spec/cli.md: warnings pass unless --strict, violations exit 1."""
    folder = write(tmp_path / "facts", {"payments.csv": PAYMENTS + ROW})
    plain, strict = check(folder), check(folder, "--strict")
    doc = json.loads(plain.out)
    violated = doc["summary"]["violated"] > 0
    assert plain.code == (1 if violated else 0)
    assert strict.code == (1 if violated or doc["summary"]["warnings"] else 0)


def test_an_optional_table_read_by_one_rule_stays_absent_for_the_next(tmp_path):
    """A rule that reads an absent table as `optional` (empty) does not make it given for a later rule:
    that rule is not_applicable (the empty table leaked into the facts, and the run crashed with KeyError)."""
    book = write(tmp_path / "book", {"main.rules": (
        'document d "D"\n\nfacts t\n    source d\n    id: text required unique\n\n'
        'facts u\n    source d\n    id: text required unique\n\n'
        'rule a-1 "Reads u if given"\n    severity error\n    source d\n    quote "q"\n    optional u\n'
        '    require count(u) + count(t) > 0\n\n'
        'rule b-2 "Needs u"\n    severity error\n    source d\n    quote "q"\n    require count(u) = 0\n')})
    folder = write(tmp_path / "facts", {"t.csv": "id\nA\n"})
    ran = cli("check", folder, "--rules", book, "--as-of", "2025-06-30", "--format", "json")
    assert ran.code == 0, ran.err
    results = {r["rule"]: r for r in json.loads(ran.out)["results"]}
    assert results["a-1"]["status"] == "passed"
    assert results["b-2"]["status"] == "not_applicable"
    assert results["b-2"]["reason"] == "no facts given for `u`, which this rule reads"
