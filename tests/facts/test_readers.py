"""What the readers accept: Finnish conventions, header drift, line ends, workbooks, documents, provenance."""

from __future__ import annotations

import datetime as _dt
import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st
from writers import xlsx_bytes

from digione_rules.facts.convert import money_text
from digione_rules.literals import LiteralError, money_cents

P = "id;date;kind;payer;payee;amount\n"
HEAD = ["id", "date", "kind", "payer", "payee", "amount"]


def test_finnish_export_with_drifting_header(load):
    """A cp1252 export with Finnish, drifting column names, a trailing `;` and decimal commas loads."""
    text = (" TOSITE ;Kirjauspäivä;laji;Maksaja ;saaja;Summa (€);\r\n"
            "P1;30.4.2024;liittymismaksu;Jyväskylän kaupunki;Kuntien Tiera Oy;1 287 000,00 €;\r\n"
            ";;;;;;\r\n\r\n"
            "P2;1.5.2024;Palvelumaksu;0174666-4;TIERA;231660.00;\r\n")
    loaded = load({"payments.csv": text.encode("cp1252")})
    assert loaded.lines == []
    payments = loaded.facts.tables["payments"]
    assert payments.columns["date"] == [_dt.date(2024, 4, 30), _dt.date(2024, 5, 1)]
    assert payments.columns["kind"] == ["joining_fee", "service_fee"]
    assert payments.columns["payer"] == ["Jyväskylä", "Jyväskylä"]
    assert payments.columns["amount"] == [128700000, 23166000]
    assert list(payments.lines) == [2, 5]


def test_windows_1252_valid_as_utf8_up_to_a_line_is_not_called_mixed(load):
    """`Ä€` (the UTF-8 bytes of `Ā`) then `ä` alone: Windows-1252 throughout, not two encodings mixed."""
    text = P + "PÄ€1;1.3.2025;grant;BF;Vantaa;100\nP2;2.3.2025;grant;BF;Jyväskylä;5\n"
    loaded = load({"payments.csv": text.encode("cp1252")})
    assert loaded.lines == []
    assert loaded.facts.tables["payments"].columns["id"] == ["PÄ€1", "P2"]


def test_a_mapping_settles_an_ambiguous_encoding(load):
    """Windows-1252 that is valid UTF-8 too is refused (F402) unless a mapping file names the encoding."""
    data = (P + "PÄ€1;1.3.2025;grant;BF;Vantaa;100\n").encode("cp1252")
    assert load({"payments.csv": data}).facts is None
    mapped = load({"payments.csv": data}, mappings={"m.toml": 'table = "payments"\nencoding = "windows-1252"\n'})
    assert mapped.facts.tables["payments"].columns["id"] == ["PÄ€1"]


def test_utf8_with_bom_and_tab_delimiter(load):
    """A UTF-8 file with a byte order mark and TABs between cells loads, BOM not part of the first column."""
    text = "\ufeffid\tdate\tkind\tpayer\tpayee\tamount\nP1\t2024-04-30\tgrant\tBF\tVantaa\t10\n"
    loaded = load({"payments.tsv": text})
    assert loaded.lines == []
    assert loaded.facts.tables["payments"].columns["id"] == ["P1"]


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"], ids=["crlf", "lf", "cr"])
def test_line_numbers_survive_quoted_line_breaks(load, newline):
    """A quoted cell holding line breaks does not shift the line numbers of the rows after it."""
    text = newline.join(["id;date;kind;payer;payee;amount;note", f'P1;1.3.2025;grant;BF;Vantaa;5;"two{newline}lines"',
                         "P2;31.2.2025;grant;BF;Vantaa;5;", ""])
    loaded = load({"payments.csv": text})
    assert loaded.lines == ["F405 facts/payments.csv:4:4: payments.date: found `31.2.2025`, expected a date that "
                            "exists in the calendar"]


def test_lines_of_rows_after_a_multiline_cell(load):
    """Rows after a multi-line cell keep the line they begin on."""
    text = P.strip() + ";note\n" + 'P1;1.3.2025;grant;BF;Vantaa;5;"a\nb\nc"\nP2;1.3.2025;grant;BF;Vantaa;5;\n'
    loaded = load({"payments.csv": text})
    payments = loaded.facts.tables["payments"]
    assert list(payments.lines) == [2, 5]
    assert payments.columns["note"] == ["a\nb\nc", None]


@pytest.mark.parametrize("text, cents", [
    ("1 287 000", 128700000), ("1 287 000,00 €", 128700000), ("231660.00", 23166000), ("1.287.000,00", 128700000),
    ("EUR 12,50", 1250), ("12,5", 1250), ("1\u00a0234,56", 123456), ("5 451 424", 545142400), ("1,287,000", 128700000),
    ("-12,30", -1230), ("€ 7", 700),
])
def test_money_spellings(text, cents):
    """Amounts in the spellings exports use read to exact cents."""
    assert money_text(text) == cents


@pytest.mark.parametrize("text", ["1,287", "1.287", "12.345 €"])
def test_a_single_separator_before_three_digits_is_refused(text):
    """spec/facts.md: `.` groups thousands only when unambiguous; `1,287` is 1,287 € in a Finnish export
    and 1 287 € in an English one, so it is an error that says so, never a guess a thousand times off."""
    with pytest.raises(LiteralError, match="could be 1 287 € or 1,287 €"):
        money_text(text)


@given(st.integers(-10**12, 10**12), st.sampled_from([" ", "\u00a0", ""]), st.sampled_from([",", "."]),
       st.integers(0, 2))
def test_fast_money_path_agrees_with_the_general_reader(cents, group, point, decimals):
    """The loader's fast path for common amounts reads exactly what literals.money_cents reads."""
    whole, frac = divmod(abs(cents), 100)
    text = f"{whole:,}".replace(",", group) if group else str(whole)
    if decimals:
        text += point + f"{frac:02d}"[:decimals]
    text = ("-" if cents < 0 else "") + text
    try:
        expected = money_cents(text)
    except LiteralError:
        with pytest.raises(LiteralError):
            money_text(text)
    else:
        assert money_text(text) == expected


@pytest.mark.parametrize("spelling", ["Jyvaskyla", "JYVÄSKYLÄN KAUPUNKI", "0174666-4", " jyväskylä "])
def test_party_spellings(load, spelling):
    """A party is found by name, alias or business id, whatever the case and accents."""
    loaded = load({"payments.csv": P + f"P1;1.3.2025;grant;BF;{spelling};5\n"})
    assert loaded.facts.tables["payments"].columns["payee"] == ["Jyväskylä"]


def test_workbook_sheet_named_after_the_table(load):
    """A workbook named after a table is read from the sheet named after it (by its Finnish label too)."""
    wb = _workbook([("Muistiinpanot", [["nothing"]]), ("Kirjaukset", [HEAD, ["P1", _dt.date(2025, 3, 1), "grant",
                                                                             "BF", "Vantaa", 12.5]])])
    loaded = load({"payments.xlsx": wb})
    payments = loaded.facts.tables["payments"]
    assert (payments.sheet, list(payments.lines), payments.columns["amount"]) == ("Kirjaukset", [2], [1250])
    assert payments.evidence(0) == {"table": "payments", "file": "facts/payments.xlsx", "sheet": "Kirjaukset",
                                    "line": 2, "id": "P1"}


def test_workbook_with_a_sheet_per_table(load):
    """A workbook not named after a table gives one table per sheet named after a table."""
    wb = _workbook([("payments", [HEAD, ["P1", _dt.date(2025, 3, 1), "grant", "BF", "Vantaa", 12]]),
                    ("laskut", [["id", "date", "kind", "issuer", "recipient", "amount"],
                                ["I1", _dt.datetime(2025, 2, 1), "grant", "BF", "Vantaa", 12]])])
    loaded = load({"ledger.xlsx": wb})
    assert sorted(loaded.facts.tables) == ["invoices", "payments"]
    assert loaded.facts.tables["invoices"].columns["date"] == [_dt.date(2025, 2, 1)]


def test_workbook_formula_reads_its_saved_value(load):
    """A formula cell gives the value the workbook saved with it, never an evaluation."""
    data = xlsx_bytes(HEAD, [["P1", _dt.date(2025, 3, 1), "grant", "BF", "Vantaa", "=2*50"]])
    data = _rewrite(data, "xl/worksheets/sheet1.xml", b"<f>2*50</f><v />", b"<f>2*50</f><v>77</v>")
    loaded = load({"payments.xlsx": data})
    assert loaded.facts.tables["payments"].columns["amount"] == [7700]


def test_json_rows_keep_the_line_their_object_begins_on(load):
    """JSON rows are located at the line where each object begins; minified JSON numbers them instead."""
    pretty = ('{"payments": [\n  {"id": "P1", "date": "2025-03-01", "kind": "grant", "payer": "BF", "payee": "Oulu",'
              ' "amount": 5},\n\n  {"id": "P2", "date": "2025-03-01", "kind": "grant", "payer": "BF", "payee": "Oulu",'
              ' "amount": "x"}\n]}')
    loaded = load({"facts.json": pretty})
    assert loaded.lines[0].startswith("F405 facts/facts.json:4:3: payments.amount: found `x`")
    minified = pretty.replace("\n", "")
    loaded = load({"facts.json": minified})
    assert loaded.lines[0].startswith("F405 facts/facts.json:1:116: payments.amount: found `x`")
    assert loaded.lines[0].endswith("| note: row 2 of the list")


def test_yaml_rows_keep_their_lines(load):
    """YAML rows are located at the line where each item begins."""
    text = ("payments:\n  - id: P1\n    date: 2025-03-01\n    kind: grant\n    payer: BF\n    payee: Oulu\n"
            "    amount: 5\n  - id: P2\n    date: 1.3.2025\n    kind: grant\n    payer: BF\n    payee: Oulu\n"
            "    amount: -5\n")
    loaded = load({"facts.yaml": text})
    assert loaded.lines == ["F405 facts/facts.yaml:8:5: payments.amount: found `-5`, expected a positive amount | "
                            "help: a credit note or a reversal? a mapping file's [[skip]] leaves such rows out "
                            "(matches = \"-.*\")"]


def test_folder_leaves_other_files_alone_but_not_tables_it_cannot_read(load):
    """A README in a facts folder is ignored; a table in a format the tool cannot read is an error."""
    loaded = load({"README.md": "notes", "payments.csv": P + "P1;1.3.2025;grant;BF;Vantaa;5\n"})
    assert loaded.lines == []
    loaded = load({"invoices.ods": b"PK"})
    assert loaded.lines == ["F409 facts/invoices.ods:1:1: `facts/invoices.ods`: `.ods` files cannot be read | help: "
                            "give the table as .csv, .xlsx, .json, .jsonl or .yaml (Excel: save as `Excel Workbook`)"]


def _workbook(sheets) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rewrite(data: bytes, member: str, old: bytes, new: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            content = src.read(item)
            dst.writestr(item, content.replace(old, new) if item.filename == member else content)
    return out.getvalue()


def test_numbers_of_different_kinds_are_not_confused(load):
    """`true`, `1` and `1.0` in one JSON column are three different cells, not one cached value."""
    rows = [{"id": "M1", "body": "steering_group", "date": "2025-01-01", "members": 1},
            {"id": "M2", "body": "steering_group", "date": "2025-01-01", "members": True}]
    import json

    loaded = load({"meetings.json": json.dumps(rows)})
    assert loaded.lines == ["F405 facts/meetings.json:1:78: meetings.members: found `true`, expected a whole number "
                            "| note: row 2 of the list"]


def test_errors_in_two_sheets_name_their_own_sheet(load):
    """Errors in two sheets of one workbook each name their own sheet and cell."""
    wb = _workbook([("payments", [HEAD, ["P1", _dt.date(2025, 3, 1), "grant", "BF", "Vantaa", -1]]),
                    ("invoices", [["id", "date", "kind", "issuer", "recipient", "amount"],
                                  ["I1", "x", "grant", "BF", "Vantaa", 12]])])
    loaded = load({"ledger.xlsx": wb})
    assert [line.split(": ", 1)[1] for line in loaded.lines] == [
        "invoices.date: found `x`, expected a date such as `30.4.2024` or `2024-04-30` | note: sheet `invoices`, "
        "cell B2",
        "payments.amount: found `-1`, expected a positive amount | help: a credit note or a reversal? a mapping "
        "file's [[skip]] leaves such rows out (matches = \"-.*\") | note: sheet `payments`, cell F2"]


INVOICE_HEAD = ["id", "date", "kind", "issuer", "recipient", "amount"]


def _invoice(i: str, year: int) -> list:
    return [i, _dt.date(year, 1, 2), "service_fee", "Tiera", "Espoo", 1000]


def test_workbook_with_rows_on_two_sheets_is_refused(load):
    """A table's workbook with rows on two sheets, neither named after the table (a sheet per year), is
    refused naming them: reading the first would drop the other's rows without a word."""
    wb = _workbook([("2024", [INVOICE_HEAD, _invoice("L1", 2024)]), ("2025", [INVOICE_HEAD, _invoice("L2", 2025)])])
    loaded = load({"invoices.xlsx": wb})
    assert loaded.facts is None
    assert loaded.lines == [
        "F402 facts/invoices.xlsx:1:1: `facts/invoices.xlsx`: cannot tell which sheet holds `invoices`: sheets "
        "`2024` and `2025` both hold rows, and none is named after the table | help: put the rows on one sheet, "
        "name that sheet `invoices` (or `laskut`), or name the sheet to read in a mapping file: sheet = \"2024\""]
    mapped = load({"invoices.xlsx": wb}, mappings={"m.toml": 'table = "invoices"\nsheet = "2025"\n'})
    assert mapped.lines == []
    assert mapped.facts.tables["invoices"].columns["id"] == ["L2"]


@pytest.mark.parametrize("other", [[], [INVOICE_HEAD], [["notes"]]], ids=["empty", "header-only", "one-line"])
def test_workbook_reads_its_one_sheet_with_rows(load, other):
    """Beside sheets without rows (empty, a header alone, a line of notes), the one sheet that holds rows
    is read, wherever it is."""
    loaded = load({"invoices.xlsx": _workbook([("Muistiinpanot", other), ("Taul1", [INVOICE_HEAD,
                                                                                   _invoice("L1", 2024)])])})
    assert loaded.lines == []
    invoices = loaded.facts.tables["invoices"]
    assert (invoices.sheet, invoices.columns["id"]) == ("Taul1", ["L1"])


def test_workbook_sheet_named_after_the_table_is_read_beside_other_rows(load):
    """A sheet named after the table (its Finnish label, in any case) is the one read, whatever else the
    workbook holds."""
    wb = _workbook([("Arkisto", [INVOICE_HEAD, _invoice("L0", 2023)]), ("LASKUT", [INVOICE_HEAD,
                                                                                  _invoice("L1", 2024)])])
    loaded = load({"invoices.xlsx": wb})
    assert loaded.lines == []
    assert loaded.facts.tables["invoices"].columns["id"] == ["L1"]


def test_yaml_numbers_keep_their_text_in_text_columns(load):
    """A number written plainly in YAML is its text in a text column (`2.0` stays `2.0`, not `2`; `1.10`
    stays `1.10`), and its value in a money, integer or bool column, as before."""
    text = ("costs:\n  - {id: 1.10, date: 2024-12-31, project: DigiOne, amount: 50000.50, category: development,\n"
            "     version: 2.0, note: 007, eligible: 1}\n"
            "events:\n  - {id: E1, date: 2024-10-14, type: decision, body: steering_group,\n"
            "     subject: release_installment, installment: 2024, amount: 1_000}\n"
            "meetings:\n  - {id: M1, body: steering_group, date: 2024-10-14, members: 14, present: 12.0}\n")
    loaded = load({"facts.yaml": text})
    assert loaded.lines == []
    costs, events, meetings = (loaded.facts.tables[t] for t in ("costs", "events", "meetings"))
    assert (costs.columns["id"], costs.columns["version"], costs.columns["note"]) == (["1.10"], ["2.0"], ["007"])
    assert (costs.columns["amount"], costs.columns["eligible"]) == ([5000050], [True])
    assert (events.columns["installment"], events.columns["amount"]) == (["2024"], [100000])
    assert (meetings.columns["members"], meetings.columns["present"]) == ([14], [12])


def test_yaml_number_in_an_error_is_quoted_as_written(load):
    """A YAML number that a column refuses is quoted as the document writes it."""
    loaded = load({"facts.yaml": "payments:\n  - {id: P1, date: 2025-03-01, kind: grant, payer: BF, payee: Oulu, "
                                 "amount: 12.345}\n"})
    assert loaded.lines == ["F405 facts/facts.yaml:2:5: payments.amount: found `12.345`, expected an amount with at "
                            "most two decimals of a euro"]


def test_yaml_merge_key_overridden_is_not_a_key_given_twice(load):
    """A row that overrides a key a YAML merge (`<<: *base`) brings in gives it once: YAML's own way."""
    text = ("payments:\n  - &base {id: P1, date: 2025-03-01, kind: grant, payer: BF, payee: Oulu, amount: 5}\n"
            "  - <<: *base\n    id: P2\n    amount: 7\n")
    loaded = load({"facts.yaml": text})
    assert loaded.lines == []
    assert loaded.facts.tables["payments"].columns["amount"] == [500, 700]


def test_a_key_given_twice_with_keep_going_is_a_finding(load):
    """With --keep-going a row object that gives a key twice is left out and said, never read as the last
    value it gives."""
    row = '{"id": "P%d", "date": "2025-03-01", "kind": "grant", "payer": "BF", "payee": "Oulu", "amount": 5%s}'
    loaded = load({"payments.json": "[" + row % (1, "") + ",\n" + row % (2, ', "amount": 7') + "]"}, keep_going=True)
    assert loaded.facts.tables["payments"].columns["id"] == ["P1"]
    (problem,) = loaded.facts.unreadable
    assert (problem.code, problem.line, problem.found, problem.expected) == ("F404", 2, "amount twice",
                                                                          "each column once")


@pytest.mark.parametrize("name", ["Payments.CSV", "PAYMENTS.csv", "kirjaukset.csv", "Kirjaukset.CSV"])
def test_file_named_after_a_table_in_any_case_or_its_finnish_name(load, name):
    """A file is matched to its table whatever the case of its name, and by the table's Finnish label."""
    loaded = load({name: P + "P1;1.3.2025;grant;BF;Vantaa;5\n"})
    assert loaded.lines == []
    assert loaded.facts.tables["payments"].columns["id"] == ["P1"]


def test_document_keys_and_list_files_by_finnish_name(load):
    """`laskut.json` is the invoices table, and a document's key `kirjaukset` (or `Payments`) the payments."""
    invoice = '[{"id": "L1", "date": "2025-02-01", "kind": "grant", "issuer": "BF", "recipient": "Oulu", "amount": 5}]'
    payment = '{"id": "P1", "date": "2025-03-01", "kind": "grant", "payer": "BF", "payee": "Oulu", "amount": 5}'
    loaded = load({"laskut.json": invoice, "facts.json": '{"kirjaukset": [' + payment + '], "Kokoukset": []}'})
    assert loaded.lines[0].startswith("F411")  # (the empty meetings: read, and warned of)
    assert sorted(loaded.facts.tables) == ["invoices", "meetings", "payments"]


def test_a_table_given_by_its_name_and_its_finnish_name_is_given_twice(load):
    """`payments.csv` beside `kirjaukset.csv` is one table given twice (F414), never one of them dropped."""
    loaded = load({"payments.csv": P + "P1;1.3.2025;grant;BF;Vantaa;5\n",
                   "kirjaukset.csv": P + "P2;1.3.2025;grant;BF;Vantaa;5\n"})
    assert loaded.lines == ["F414 facts/payments.csv:1:1: table `payments` is given twice: by `facts/kirjaukset.csv` "
                            "and `facts/payments.csv` | help: a table is read from one file: join exports of several "
                            "periods into one file (one header), or check each in a run of its own"]


def _nfd(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFD", text)


COSTS_NFC = ("id;date;project;amount;category;eligible;note\n"
             "C1;1.3.2025;DigiOne;100;kehittäminen;kyllä;Jyväskylän lasku\n"
             "C2;2.3.2025;digione 2;5;muu;ei;Äänestys\n")


@pytest.mark.parametrize("bom", [True, False], ids=["bom", "no-bom"])
def test_decomposed_unicode_reads_as_composed(load, bom):
    """A CSV written in decomposed Unicode (NFD, as macOS tools write it), with or without a BOM, is UTF-8 and
    reads as the composed text: bools (`kyllä`), enum aliases, parties and text alike, the same digest."""
    composed = load({"costs.csv": COSTS_NFC}).facts
    data = ("\ufeff" if bom else "") + _nfd(COSTS_NFC)  # (valid Windows-1252 too: `aÌˆ`)
    loaded = load({"costs.csv": data})
    assert loaded.lines == []
    costs = loaded.facts.tables["costs"]
    assert costs.columns["eligible"] == [True, False]
    assert costs.columns["category"] == ["development", "other"]
    assert costs.columns["note"] == ["Jyväskylän lasku", "Äänestys"]
    assert loaded.facts.digest == composed.digest


def test_decomposed_unicode_in_documents_and_parties(load):
    """JSON cells in NFD read as composed text, a party by its decomposed name too."""
    row = {"id": "P1", "date": "2025-03-01", "kind": _nfd("lisärahoitus"), "payer": _nfd("Jyväskylä"),
           "payee": "Tiera", "amount": 5, "note": _nfd("kyllä")}
    import json

    loaded = load({"payments.json": json.dumps([row], ensure_ascii=False)})
    assert loaded.lines == []
    payments = loaded.facts.tables["payments"]
    assert (payments.columns["kind"], payments.columns["payer"], payments.columns["note"]) == (
        ["additional_funding"], ["Jyväskylä"], ["kyllä"])
    meetings = load({"meetings.json": json.dumps([{"id": "M1", "body": "steering_group", "date": "2025-03-01",
                                                  "unprepared_items": _nfd("Kyllä")}], ensure_ascii=False)})
    assert meetings.facts.tables["meetings"].columns["unprepared_items"] == [True]


def test_workbook_floats_read_as_excel_shows_them(load):
    """A workbook's computed amount carries binary noise Excel never shows (`297946.00000000006`,
    `0.1 + 0.2`): it is read as the decimal of 15 significant digits Excel shows, so both are whole cents,
    while an amount with a third decimal is still refused."""
    rows = [["P1", _dt.date(2025, 3, 1), "grant", "BF", "Vantaa", 111],
            ["P2", _dt.date(2025, 3, 1), "grant", "BF", "Vantaa", 222],
            ["P3", _dt.date(2025, 3, 1), "grant", "BF", "Vantaa", 1234567890.12]]
    data = xlsx_bytes(HEAD, rows)  # (the sheet holding the noise as Excel saves it, to 17 digits)
    data = _rewrite(data, "xl/worksheets/sheet1.xml", b"<v>111</v>", b"<v>297946.00000000006</v>")
    data = _rewrite(data, "xl/worksheets/sheet1.xml", b"<v>222</v>", b"<v>0.30000000000000004</v>")
    loaded = load({"payments.xlsx": data})
    assert loaded.lines == []
    assert loaded.facts.tables["payments"].columns["amount"] == [29794600, 30, 123456789012]
    bad = load({"payments.xlsx": xlsx_bytes(HEAD, [["P1", _dt.date(2025, 3, 1), "grant", "BF", "Vantaa", 12.345]])})
    assert bad.lines == ["F405 facts/payments.xlsx:2:6: payments.amount: found `12.345`, expected an amount with at "
                         "most two decimals of a euro | note: sheet `payments`, cell F2"]


def test_workbook_float_in_a_listed_text_column(load):
    """A version computed in a workbook (`3.3 - 1.3` is `1.9999999999999998`) reads as the listed `2.0`."""
    wb = xlsx_bytes(["id", "date", "project", "amount", "category", "version"],
                    [["C1", _dt.date(2025, 3, 1), "DigiOne", 5, "other", 333]], "costs")
    loaded = load({"costs.xlsx": _rewrite(wb, "xl/worksheets/sheet1.xml", b"<v>333</v>", b"<v>1.9999999999999998</v>")})
    assert loaded.lines == []
    assert loaded.facts.tables["costs"].columns["version"] == ["2.0"]


def test_yaml_amount_is_read_as_written_not_as_a_workbook(load):
    """A YAML amount is the decimal its text writes: `0.30000000000000004` has more than two decimals."""
    loaded = load({"facts.yaml": "payments:\n  - {id: P1, date: 2025-03-01, kind: grant, payer: BF, payee: Oulu, "
                                 "amount: 0.30000000000000004}\n"})
    assert loaded.lines == ["F405 facts/facts.yaml:2:5: payments.amount: found `0.30000000000000004`, expected an "
                            "amount with at most two decimals of a euro"]
