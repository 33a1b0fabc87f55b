"""Inputs beyond the loader's bounds (facts/limits.py, docs/limits.md) end in an F415 diagnostic that names
the bound, quickly and in little memory: a column bomb, endless lines, a flood of bad rows, oversized
documents, and workbooks that unpack or pad into gigabytes.  Inputs within them read as before."""

from __future__ import annotations

import io
import zipfile

import pytest

from digione_rules.facts import csvfile, documents, limits
from digione_rules.source import Source
from digione_rules.syntax.parser import parse_module
from fuzz.targets import SHEET_HEAD, SHEET_TAIL, sheet_xml, workbook

from .conftest import PAYMENTS, cli, write

ROW = "P1;1.1.2025;grant;Espoo;Tiera;5\n"
HEADER = ["id", "date", "kind", "payer", "payee", "amount"]


def _only(loaded, code: str = "F415") -> str:
    assert loaded.facts is None
    assert loaded.codes == [code], loaded.text
    return loaded.text


# ------------------------------------------------------------------------------------------- CSV

def test_a_header_of_a_million_columns(load):
    """A header line of a million cells is refused from its length before csv splits it."""
    assert "longer than 1 048 576 bytes" in _only(load({"payments.csv": "a," * 1_000_000 + "\n" + ROW}))


def test_a_header_of_more_columns_than_excel_has(load):
    """A header of 20 000 short cells is refused by the column bound."""
    text = _only(load({"payments.csv": PAYMENTS.strip() + ";x" * 20_000 + "\n" + ROW}))
    assert "20,006 columns, more than the 16,384" in text


@pytest.mark.parametrize("data", [PAYMENTS + "P1;" + "a" * 3_000_000 + "\n", "a" * 3_000_000,
                                  PAYMENTS + ";" * 2_000_000 + "\n"],
                         ids=["a long row", "no line break at all", "a row of two million cells"])
def test_an_endless_line(load, data):
    """A line longer than a megabyte is F415 with its line number."""
    assert "longer than 1 048 576 bytes" in _only(load({"payments.csv": data}))


def test_more_lines_than_the_loader_reads(load, monkeypatch):
    """A file of more lines than MAX_ROWS is refused from its line count, before any row is read."""
    monkeypatch.setattr(limits, "MAX_ROWS", 1000)
    assert "1 002 lines, more than the 1 000" in _only(load({"payments.csv": PAYMENTS + ROW * 1001}))


def test_a_huge_quoted_cell_is_a_bad_row_not_a_hang(load):
    """A quoted cell of 300 000 characters is the csv field limit's F412 for its row."""
    loaded = load({"payments.csv": PAYMENTS + 'P1;"' + "a" * 300_000 + '";grant;Espoo;Tiera;5\n'})
    assert loaded.codes == ["F412"], loaded.text


@pytest.mark.parametrize("keep_going", [False, True], ids=["", "keep going"])
@pytest.mark.parametrize("rows", ["x\n", '"\n",', "P1;x;grant;Espoo;Tiera;5\n"],
                         ids=["short rows", "quoted line breaks", "bad dates"])
def test_a_flood_of_bad_rows_stops_the_file(load, rows, keep_going):
    """More than MAX_ROW_PROBLEMS unreadable rows refuse the file, with or without --keep-going; the first
    hundred are shown (two million of them took a gigabyte)."""
    loaded = load({"payments.csv": PAYMENTS + rows * 60_000}, keep_going=keep_going)
    assert loaded.facts is None
    assert "F415" in loaded.codes
    assert "rows cannot be read; the file is not read after line" in loaded.text
    assert len(loaded.sink.items) <= 102


def test_wide_rows_are_read_in_bounded_batches(load, monkeypatch):
    """Batches end at MAX_BATCH_CELLS cells, and rows keep their line numbers across the cut."""
    monkeypatch.setattr(csvfile, "MAX_BATCH_CELLS", 20)
    rows = "".join(f"P{i};1.1.2025;grant;Espoo;Tiera;{i}\n" for i in range(1, 30))
    loaded = load({"payments.csv": PAYMENTS + rows + "P30;1.1.2025;grant;Espoo;Tiera;-1\n"})
    assert "payments.csv:31:" in loaded.text  # the bad row is found on its own line
    loaded = load({"payments.csv": PAYMENTS + rows})
    table = loaded.facts.tables["payments"]
    assert list(table.lines) == list(range(2, 31))


# ------------------------------------------------------------------------------------------- documents

@pytest.mark.parametrize("name, size", [("payments.json", limits.MAX_JSON_BYTES + 1),
                                        ("payments.yaml", limits.MAX_YAML_BYTES + 1)], ids=["JSON", "YAML"])
def test_an_oversized_document_is_refused_unread(load, tmp_path, name, size):
    """A JSON or YAML document beyond its bound is refused from its size, before it is parsed."""
    folder = tmp_path / "facts"
    folder.mkdir()
    with open(folder / name, "wb") as f:
        f.truncate(size)
    assert "JSON Lines or CSV" in _only(load({}))


def test_a_json_list_beyond_max_rows(load, monkeypatch):
    """A JSON list of more items than MAX_ROWS is refused while it is read."""
    monkeypatch.setattr(documents, "MAX_ROWS", 100)
    assert "more than 100 rows" in _only(load({"payments.json": "[" + ",".join(["1"] * 101) + "]"}), "F401")


def test_a_json_list_of_non_rows_keeps_few_problems(load):
    """Twenty thousand non-row items keep at most MAX_ROW_PROBLEMS problems, and the file is refused."""
    loaded = load({"payments.json": "[" + ",".join(["1"] * 20_000) + "]"})
    assert loaded.facts is None
    assert len(loaded.sink.items) <= 1000 and loaded.sink.dropped <= limits.MAX_ROW_PROBLEMS


@pytest.mark.parametrize("nesting", ['[{"id": ' + "[" * 100_000 + "]" * 100_000 + "}]",
                                     "[" * 100_000 + "]" * 100_000], ids=["in a cell", "the document"])
def test_deeply_nested_json(load, nesting):
    """JSON nested a hundred thousand levels deep is F401, not a RecursionError."""
    assert "nested too deeply" in _only(load({"payments.json": nesting}), "F401")


def test_a_jsonl_line_too_long(load):
    """A JSON Lines line longer than a megabyte is refused from its length."""
    assert "line 2 is longer" in _only(load({"payments.jsonl": '{"id": "P1"}\n{"note": "' + "a" * 2_000_000 + '"}\n'}))


# ------------------------------------------------------------------------------------------- XLSX

def _xlsx(load, sheets: dict[str, str], parts: dict[str, bytes] | None = None) -> object:
    """Load a workbook of these sheets, with other parts (name → bytes) added to its zip."""
    data = workbook(sheets)
    if parts:
        src = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for item in src.infolist():
                z.writestr(item.filename, src.read(item.filename))
            for name, content in parts.items():
                z.writestr(name, content)
        data = out.getvalue()
    return load({"payments.xlsx": data})


def _rows(*extra: str) -> str:
    return sheet_xml([HEADER, ["P1", "1.1.2025", "grant", "Espoo", "Tiera", 5]])[:-len(SHEET_TAIL)] + "".join(extra) \
        + SHEET_TAIL


def test_a_row_number_far_beyond_excels_last_row(load):
    """`<row r="2000000000">` is refused (openpyxl would pad two billion empty rows)."""
    text = _only(_xlsx(load, {"payments": _rows('<row r="2000000000"><c r="A2000000000"><v>1</v></c></row>')}))
    assert "beyond Excel's last row" in text


def test_a_row_of_millions_of_cells(load):
    """A row of five million `<c/>` (a 24 kB file) is refused before openpyxl builds it (it took 1.6 GB)."""
    text = _only(_xlsx(load, {"payments": SHEET_HEAD + '<row r="1">' + "<c/>" * 5_000_000 + "</row>" + SHEET_TAIL}))
    assert "has more than 16 384 cells" in text


def test_a_workbook_of_many_sheets(load):
    """More sheets than MAX_XLSX_SHEETS are refused from the zip's list of parts."""
    sheets = {f"s{i}": SHEET_HEAD + SHEET_TAIL for i in range(limits.MAX_XLSX_SHEETS + 1)}
    assert "1 001 sheets" in _only(_xlsx(load, sheets))


def test_a_part_that_unpacks_beyond_its_bound(load, monkeypatch):
    """A styles part that unpacks to more than MAX_XLSX_PART_BYTES is refused from its declared size."""
    monkeypatch.setattr(limits, "MAX_XLSX_PART_BYTES", 1_000_000)
    text = _only(_xlsx(load, {"payments": _rows()}, {"xl/styles.xml": b"<styleSheet><!--" + b"a" * 2_000_000 + b"-->"}))
    assert "`xl/styles.xml` unpacks to" in text


def test_huge_declared_dimensions_are_ignored(load):
    """A sheet that declares A1:XFD1048576 but holds two rows is read as its two rows."""
    loaded = _xlsx(load, {"payments": _rows().replace("<sheetData>", '<dimension ref="A1:XFD1048576"/><sheetData>')})
    assert loaded.facts is not None and loaded.facts.tables["payments"].n == 1, loaded.text


def test_a_blank_row_left_out_of_the_xml(load):
    """Rows 2 and 4 with no row 3 (Excel leaves blank rows out) read as two rows; this was an F401."""
    loaded = _xlsx(load, {"payments": _rows('<row r="4"><c r="A4" t="inlineStr"><is><t>P2</t></is></c>'
                                            '<c r="B4" t="inlineStr"><is><t>2.1.2025</t></is></c>'
                                            '<c r="C4" t="inlineStr"><is><t>grant</t></is></c>'
                                            '<c r="D4" t="inlineStr"><is><t>Espoo</t></is></c>'
                                            '<c r="E4" t="inlineStr"><is><t>Tiera</t></is></c>'
                                            '<c r="F4"><v>7</v></c></row>')})
    assert loaded.facts is not None, loaded.text
    assert list(loaded.facts.tables["payments"].lines) == [2, 4]


# ------------------------------------------------------------------------------------------- formulas

def _with_note(note) -> dict[str, str]:
    return {"payments": sheet_xml([HEADER + ["note"], ["P1", "1.1.2025", "grant", "Espoo", "Tiera", 5, note]])}


def test_a_formula_without_a_saved_value_is_an_error_even_where_optional(load):
    """A formula with no saved value in an optional column is F405, not an empty cell that passes."""
    text = _only(_xlsx(load, _with_note(("f", "A1&B1", None))), "F405")
    assert "found `=A1&B1 (a formula with no saved value)`" in text and "formulas are never evaluated" in text


def test_a_formula_gives_its_saved_value_never_its_own(load):
    """A formula with a saved value reads as that value; the formula itself is never evaluated."""
    loaded = _xlsx(load, _with_note(("f", "1+1", "seven")))
    assert loaded.facts is not None, loaded.text
    assert loaded.facts.tables["payments"].columns["note"] == ["seven"]


def test_openpyxl_warnings_do_not_reach_stderr(tmp_path):
    """A workbook without styles makes openpyxl warn; the warning is not printed among the diagnostics."""
    folder = write(tmp_path / "facts", {"payments.xlsx": workbook({"payments": _rows()})})
    ran = cli("check", folder, "--as-of", "2025-06-30", "--format", "json")
    assert ran.code in (0, 1)
    assert "Warning" not in ran.err and "warn(" not in ran.err, ran.err


# ------------------------------------------------------------------------------------------- rule files

@pytest.mark.parametrize("text", [
    "parameter x: integer = " + "(" * 2000 + "1" + ")" * 2000 + "\n",
    "parameter x: integer = " + "(\n" * 3000 + "1" + "\n)" * 3000 + "\n",
    "parameter x: integer = " + "-" * 3000 + "1\n",
], ids=["parentheses on one line", "parentheses over lines", "unary minus"])
def test_deeply_nested_expressions_are_s109_or_s110(text):
    """An expression nested thousands deep is a syntax diagnostic (too deep, or a line too long)."""
    from digione_rules.diagnostics import Sink

    sink = Sink()
    parse_module(Source("deep.rules", text + "    source d\n"), sink)
    assert {d.code for d in sink.items} & {"S109", "S110"}, [d.concise() for d in sink.items]


NESTED = {
    "not": "require " + "not " * 300 + "true",
    "additions": "require " + " + ".join(["x.n"] * 400) + " > 0",
    "lists": "require x.n in " + "[" * 300 + "1" + "]" * 300,
    "conditionals": "require (" + "if true then " * 300 + "1" + " else 1" * 300 + ") > 0",
    "blocks": "".join("    " * i + "if true:\n" for i in range(600)) + "    " * 600 + "require true",
}


@pytest.mark.parametrize("command", ["check", "lint", "fmt", "explain", "test"])
@pytest.mark.parametrize("kind", NESTED)
def test_nesting_beyond_the_bound_is_s109_for_every_command(tmp_path, kind, command):
    """Expressions and blocks nested hundreds deep are S109 (they parsed, then overflowed Python's stack in
    the checker, formatter or evaluator: an internal error; 600 nested blocks were one in the parser)."""
    body = "".join(f"        {line}\n" for line in NESTED[kind].splitlines())
    book = write(tmp_path / "book", {"main.rules": (
        'document d "D"\n\nfacts t\n    source d\n    id: text required unique\n    n: integer required\n\n'
        'rule r-1 "Deep"\n    severity error\n    source d\n    quote "q"\n    for each invoice x in t:\n' + body)})
    facts = write(tmp_path / "facts", {"t.csv": "id;n\nA;1\n"})
    args = {"check": ["check", facts, "--rules", book, "--as-of", "2025-06-30"], "lint": ["lint", "--rules", book],
            "fmt": ["fmt", "--check", book / "main.rules"], "explain": ["explain", "r-1", "--rules", book],
            "test": ["test", "--rules", book]}[command]
    ran = cli(*args)
    assert "internal error" not in ran.err
    assert ran.code == 2 and "S109" in ran.err, ran.err[:500]
