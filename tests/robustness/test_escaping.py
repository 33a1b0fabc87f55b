"""Untrusted text cannot break a report: ids, notes, installments, party aliases, file and sheet names from
the facts, waiver texts, and the titles, sources and messages of rule files reach every format escaped.
The terminal sees no raw control character (ANSI, OSC, C1, bidirectional), Markdown keeps its table
columns, XML and JSON parse and keep the data, and every GitHub annotation stays one command."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from digione_rules.diagnostics import CONTROL, Diagnostic, Label, render
from digione_rules.source import Span

from .conftest import cli, write

BOOK = Path(__file__).parent / "data" / "escaping"
NASTY = "\x1b[31mred\x1b]0;title\x07|`*_[x](y)<b>&amp;\n::error::z%0A\u202eevil\u2028\x9bcsi\x7f"
ALIAS = "Vantaa\x1b]0;alias\x07city"  # the party alias the rule book declares
FACTS_DIR = "fa\x1b[31mcts\nnew|line"
FORMATS = ["text", "json", "junit", "sarif", "github", "markdown"]


def _csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Facts with the nasty text in an id, a note, an installment and the folder's name; a waiver with it."""
    root = tmp_path_factory.mktemp("escaping")
    rows = [f"P1;1.1.2025;Espoo;5;{_csv_cell(NASTY)};{_csv_cell(NASTY)}",
            f"{_csv_cell('P2' + NASTY)};2.1.2025;{_csv_cell(ALIAS)};7;2024;plain"]
    write(root / FACTS_DIR, {"payments.csv": "id;date;payer;amount;installment;note\n" + "\n".join(rows) + "\n"})
    write(root, {"waivers.yaml": "waivers:\n  - rule: note-says\n    subject: {installment: \"2024\"}\n"
                                 f"    justification: {json.dumps(NASTY)}\n    decision: {json.dumps('D' + NASTY)}\n"
                                 "    expires: 2099-12-31\n"})
    return root


@pytest.fixture(scope="module")
def reports(folder):
    out = {}
    for fmt in FORMATS:
        for explain in ((), ("--explain",)):
            ran = cli("check", folder / FACTS_DIR, "--rules", BOOK, "--as-of", "2025-06-30", "--format", fmt,
                      "--waivers", folder / "waivers.yaml", *explain)
            assert ran.code == 1, ran.err
            assert "internal error" not in ran.err
            out[fmt, bool(explain)] = ran
    return out


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("explain", [False, True], ids=["plain", "explain"])
def test_no_raw_control_character_reaches_the_output(reports, fmt, explain):
    """No format writes a raw control, line separator or bidirectional control, nor does stderr."""
    ran = reports[fmt, explain]
    raw = [m.group() for m in CONTROL.finditer(ran.out) if m.group() != "\n"]
    assert not raw, (fmt, raw[:5])
    assert not [m.group() for m in CONTROL.finditer(ran.err) if m.group() != "\n"]


@pytest.mark.parametrize("explain", [False, True], ids=["plain", "explain"])
def test_json_keeps_the_data_exactly(reports, explain):
    """JSON escapes the text but keeps it: the note, the id, the file name and the waiver read back as given."""
    doc = json.loads(reports["json", explain].out)
    findings = [f for r in doc["results"] for f in r["findings"]]
    assert any(f["message"].startswith(f"note {NASTY} id P1 ") for f in findings)
    assert any(e["id"] == "P2" + NASTY for f in findings for e in f["evidence"])
    assert any(e["file"].startswith(str(Path(FACTS_DIR))) or FACTS_DIR in e["file"] for f in findings
               for e in f["evidence"])
    assert any(f.get("waived", {}) and f["waived"]["justification"] == NASTY for f in findings)


def test_sarif_parses_and_keeps_the_message(reports):
    """SARIF is valid JSON whose result messages hold the note as it was."""
    doc = json.loads(reports["sarif", False].out)
    messages = [r["message"]["text"] for run in doc["runs"] for r in run["results"]]
    assert any("note" in m and "evil" in m for m in messages)


@pytest.mark.parametrize("explain", [False, True], ids=["plain", "explain"])
def test_junit_is_well_formed_xml(reports, explain):
    """JUnit parses as XML; every attribute and text is XML-safe."""
    root = ET.fromstring(reports["junit", explain].out)
    assert root.tag == "testsuites"
    assert "\\x1b" in reports["junit", explain].out  # the escape is shown, not kept


@pytest.mark.parametrize("explain", [False, True], ids=["plain", "explain"])
def test_github_annotations_stay_one_command_each(reports, explain):
    """Every line of the github format is one annotation (or the summary): a note cannot start a command."""
    lines = reports["github", explain].out.splitlines()
    assert lines[-1].startswith("digione-rules ")
    for line in lines[:-1]:
        assert re.match(r"::(error|warning|notice) [^:]*::", line), line
        props = line.split("::")[1]
        assert "\n" not in props and "\r" not in props
    assert not any(line.startswith("::error::z") for line in lines)


@pytest.mark.parametrize("explain", [False, True], ids=["plain", "explain"])
def test_markdown_tables_keep_their_columns(reports, explain):
    """Each Markdown table row has as many cell bars as its header (an escaped `\\|` does not count)."""
    text = reports["markdown", explain].out
    table: list[int] = []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            table.append(len(re.findall(r"(?<!\\)\|", line)))
        elif table:
            assert len(set(table)) == 1, table
            table = []
    assert "<b>" not in text and "&amp;amp;" in text or "&lt;b&gt;" in text


def test_text_shows_the_escapes(reports):
    """The text report writes the controls out, so a reader sees what the cell holds."""
    out = reports["text", False].out
    assert "\\x1b[31mred\\x1b]0;title\\x07" in out
    assert "\\u202eevil" in out and "\\u2028" in out and "\\x9bcsi" in out


def test_diagnostics_write_controls_out():
    """A diagnostic quoting a cell shows its controls written out; a source excerpt keeps carets aligned."""
    d = Diagnostic("F405", "payments.payer: found `Esp\x1b]0;t\x07oo\u202e`, expected a party",
                   Span("fa\x1bcts/p.csv", 1, 5, 1, 6), help="did you mean \x1b[2J?", notes=("sheet \x9b",),
                   secondary=(Label(Span("x.rules", 1, 1, 1, 2), "\x1b"),))
    text = render(d, {"fa\x1bcts/p.csv": "ab\x1bde\n"})
    assert not [m.group() for m in CONTROL.finditer(text) if m.group() != "\n"], text
    assert "Esp\\x1b]0;t\\x07oo\\u202e" in text
    excerpt = text.splitlines()
    line = next(i for i, t in enumerate(excerpt) if t.startswith("1 | "))
    assert excerpt[line + 1].index("^") == excerpt[line].index("\u241bde") + 2


def test_a_bad_cell_is_quoted_visibly_on_stderr(tmp_path):
    """An unreadable cell holding an OSC sequence is quoted on stderr with the escape written out."""
    folder = write(tmp_path / "facts", {"payments.csv": "id;date;kind;payer;payee;amount\n"
                                                        "P1;1.1.2025;grant;\"Esp\x1b]0;pwned\x07oo\";Tiera;5\n"})
    ran = cli("check", folder, "--as-of", "2025-06-30")
    assert ran.code == 2
    assert "Esp\\x1b]0;pwned\\x07oo" in ran.err
    assert "\x1b" not in ran.err and "\x07" not in ran.err


def test_explain_and_params_write_rule_file_controls_out(tmp_path):
    """`explain` prints a rule's title and quote with their controls written out."""
    ran = cli("explain", "note-says", "--rules", BOOK)
    assert ran.code == 0, ran.err
    assert "\x1b" not in ran.out and "\\x1b[2J" in ran.out


@pytest.mark.parametrize("fmt", FORMATS)
def test_sheet_names_are_escaped(tmp_path, fmt):
    """A workbook's sheet name (evidence of every finding) reaches each format escaped."""
    from fuzz.targets import sheet_xml, workbook

    sheet = "pay\u202e|*<b>\x9b"
    data = workbook({sheet: sheet_xml([["id", "date", "kind", "payer", "payee", "amount"],
                                       ["P1", "1.1.2025", "grant", "Espoo", "Tiera", 0.5]])})
    folder = write(tmp_path / "facts", {"payments.xlsx": data})
    ran = cli("check", folder, "--as-of", "2025-06-30", "--format", fmt)
    assert "internal error" not in ran.err
    assert not [m.group() for m in CONTROL.finditer(ran.out) if m.group() != "\n"], fmt
