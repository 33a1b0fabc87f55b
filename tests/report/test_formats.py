"""Format by format: JUnit counts, GitHub escaping, Markdown escaping and reconciliation, text colour."""

from __future__ import annotations

import pathlib
import re
import xml.etree.ElementTree as ET

import pytest

from digione_rules.report import render
from digione_rules.report._common import gh_data, gh_property, md, visible

from .helpers import odd_report, run


@pytest.fixture(scope="module")
def sample():
    return run("facts", "2025-06-30")


# ------------------------------------------------------------------------------------------- junit

def test_junit_counts(sample):
    """JUnit has a suite per rule, a testcase per rule and subject, and counts that add up."""
    root = ET.fromstring(render(sample, "junit"))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == sorted(r.rule for r in sample.results)
    for suite in suites:
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
        assert int(suite.get("skipped")) == sum(1 for c in cases if c.find("skipped") is not None)
    for key in ("tests", "failures", "errors", "skipped"):
        assert int(root.get(key)) == sum(int(s.get(key)) for s in suites)
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("8", "2", "1")


def test_junit_maps_statuses(sample):
    """Errors fail, warnings and pending pass with a note, not applicable is skipped with its reason."""
    root = ET.fromstring(render(sample, "junit"))
    case = {(c.get("classname"), c.get("name")): c for c in root.iter("testcase")}
    assert case["invoice-paid", "party Espoo, invoice INV-3"].find("failure") is not None
    late = case["invoice-paid", "party Vantaa, invoice INV-2"]
    assert late.find("failure") is None and "warning: invoice INV-2 paid late" in late.find("system-out").text
    pending = case["invoice-paid", "party Vantaa, invoice INV-4|b"]
    assert pending.find("failure") is None and pending.find("system-out").text.startswith("pending (due 20.7.2025)")
    skipped = case["invoice-decided", "invoice-decided"].find("skipped")
    assert "no facts given for `decisions`" in skipped.get("message")
    passed = case["grant-cap", "grant-cap"]
    assert len(passed) == 0


def test_junit_escapes_untrusted_text(sample):
    """A ledger note with markup and a newline survives the round trip through XML unchanged."""
    root = ET.fromstring(render(sample, "junit"))
    failure = next(c for c in root.iter("testcase") if c.get("name") == "payment P-6").find("failure")
    assert "<b>&amp; 100%\nsecond line" in failure.get("message")


def test_junit_drops_nothing_for_control_characters():
    """Characters XML cannot hold (an ANSI escape) are written out, and the document still parses."""
    from dataclasses import replace

    report = odd_report()
    bad = replace(report.results[0], findings=(replace(report.results[0].findings[0], message="x\x1b[31my\x00"),))
    root = ET.fromstring(render(replace(report, results=(bad,)), "junit"))
    assert next(root.iter("failure")).get("message").startswith("x\\x1b[31my\\x00")


def test_junit_no_findings_is_one_passing_case_per_rule():
    """With no findings, each rule is one passing testcase."""
    root = ET.fromstring(render(run("clean", "2025-06-30"), "junit"))
    assert root.get("tests") == "6" and root.get("failures") == "0" and root.get("skipped") == "0"


# ------------------------------------------------------------------------------------------- github

def test_github_escapes_properties_and_message():
    """`%`, CR, LF always, and `:` and `,` in properties, are percent-escaped as GitHub requires."""
    assert gh_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert gh_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_note_cannot_inject_a_command(sample):
    """A ledger note holding a workflow command and a newline stays inside one annotation."""
    out = render(sample, "github").splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in out[:-1])
    assert sum(1 for line in out if "injected" in line) == 1
    (line,) = [line for line in out if "injected" in line]
    assert line.startswith("::error file=facts/payments.csv,line=7,title=tiera-payee%3A Invoice payments")
    assert "%0Asecond line" in line and "100%25" in line


def test_github_levels(sample):
    """Errors, warnings and info become error, warning and notice annotations."""
    kinds = [line.split(" ", 1)[0] for line in render(sample, "github").splitlines()[:-1]]
    assert kinds.count("::error") == 2 and kinds.count("::warning") == 1 and kinds.count("::notice") == 4


def test_github_without_line_names_only_the_file():
    """An annotation at a row without a line has `file` and no `line`."""
    first = render(odd_report(), "github").splitlines()[0]
    assert first.startswith("::error file=exports/ledger.json,title=")


# ------------------------------------------------------------------------------------------- markdown

def test_markdown_escapes_untrusted_text():
    """Pipes, emphasis, HTML, links and newlines in untrusted text cannot change the document."""
    assert md("a|b") == "a\\|b"
    assert md("**x** _y_ `z` [l](u) ~s~") == "\\*\\*x\\*\\* \\_y\\_ \\`z\\` \\[l\\](u) \\~s\\~"
    assert md("<script>&") == "&lt;script&gt;&amp;"
    assert md("one\ntwo\r\nthree") == "one<br>two<br>three"


def test_markdown_tables_keep_their_columns(sample):
    """Every table row has as many cells as its header, whatever the ids and notes hold."""
    text = render(sample, "markdown", explain=True)
    tables = re.findall(r"((?:^\|.*\|\n)+)", text, flags=re.M)
    assert tables
    for table in tables:
        widths = {len(re.split(r"(?<!\\)\|", row)) for row in table.splitlines()}
        assert len(widths) == 1, table


def test_markdown_reconciles_per_party(sample):
    """The reconciliation lists each party's obligations with owed, paid, balance and a total."""
    text = render(sample, "markdown")
    vantaa = text.split("#### Vantaa", 1)[1].split("##", 1)[0]
    assert "| INV-4\\|b | 20.7.2025 | 1 200,50 € | 200,00 € | 1 000,50 € | pending |" in vantaa
    assert "| **total** |  | **3 700,50 €** | **2 700,00 €** | **1 000,50 €** |  |" in vantaa


def test_markdown_lists_upcoming_before_later(sample):
    """Pending obligations due within the horizon come before the later ones."""
    report = run("facts", "2025-06-30", horizon=10)
    text = render(report, "markdown").split("## Pending obligations", 1)[1]
    soon, later = text.index("### Due within 10 days"), text.index("### Due later or undated")
    assert soon < text.index("minutes of M-2") < later < text.index("invoice INV-4\\|b: 200")


def test_markdown_names_inputs_and_digests(sample):
    """The audit report names each input file with its sha256, and both digests."""
    text = render(sample, "markdown")
    for i in sample.inputs:
        assert f"| {i.file} | {i.table} | {i.rows} | `{i.sha256}` |" in text
    assert sample.rules_digest in text and sample.facts_digest in text


# ------------------------------------------------------------------------------------------- text

def test_text_colour_only_when_asked(sample):
    """The text report has ANSI colour when asked for and none otherwise."""
    assert "\x1b[" not in render(sample, "text")
    assert "\x1b[31m" in render(sample, "text", color=True)


def test_text_shows_control_characters(sample):
    """A newline inside a ledger note is written out, so the note stays on its line."""
    text = render(sample, "text")
    assert "100%\\nsecond line) went to Espoo" in text
    assert visible("a\x1b[2Jb\u2028") == "a\\x1b[2Jb\\u2028"


def test_text_says_why_not_applicable(sample):
    """A rule not applicable says why."""
    assert "why: no facts given for `decisions`, which this rule reads" in render(sample, "text")


def test_explain_shows_the_computation(sample):
    """With explain, a finding is followed by the condition and the values it was judged on."""
    text = render(sample, "text", explain=True)
    block = text.split("error: invoice INV-3", 1)[1].split("pending:", 1)[0]
    assert "required  paid >= owed within 1,00 €" in block
    assert "owed      = 4 000,00 €" in block and "shortfall = 1 000,00 €" in block


def test_junit_under_strict_fails_the_testcase_of_a_warning(capsys):
    """With --strict a warning fails the run (exit 1): its testcase fails too, so a CI dashboard agrees
    with the exit code; without it the testcase passes, the warning in its output."""
    from digione_rules.cli import main

    folder = str(pathlib.Path(__file__).resolve().parents[2] / "fixtures" / "violations" / "invoice-paid--late")
    runs = {}
    for strict in ((), ("--strict",)):
        capsys.readouterr()
        code = main(["check", folder, "--as-of", "2025-12-31", "--format", "junit", "--rule", "invoice-paid", *strict])
        runs[bool(strict)] = code, ET.fromstring(capsys.readouterr().out.encode())
    (code, plain), (strict_code, strict) = runs[False], runs[True]
    assert (code, plain.get("failures")) == (0, "0")
    assert (strict_code, strict.get("failures")) == (1, "1")
    assert strict.find(".//failure").get("type") == "warning"
