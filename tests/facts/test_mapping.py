"""Mapping files: the worked example, every setting, and mistakes in the mapping file itself."""

from __future__ import annotations

import datetime as _dt
import json
import shutil
from pathlib import Path

import pytest

from digione_rules.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "fixtures" / "mappings"


@pytest.fixture
def example(tmp_path, monkeypatch):
    """The worked example copied into a scratch folder that is the working directory."""
    for name in ("ostolaskut_2024.csv", "vantaa_ostolaskut.toml"):
        shutil.copy(EXAMPLE / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _load(book, files, mappings, keep_going=False):
    from digione_rules.diagnostics import Sink
    from digione_rules.facts.load import load_facts

    sink = Sink()
    facts = load_facts([Path(f) for f in files], book, sink, [Path(m) for m in mappings], keep_going)
    return facts, [f"{d.code} {d.span}: {d.message}" + (f" | help: {d.help}" if d.help else "")
                   for d in sink.sorted()]


def test_worked_example_reads_the_tiera_posting_lines(book, example):
    """The worked example gives the twelve Tiera posting lines as payments, with ids from voucher and line."""
    facts, lines = _load(book, ["ostolaskut_2024.csv"], ["vantaa_ostolaskut.toml"])
    payments = facts.tables["payments"]
    assert payments.n == 12
    assert payments.columns["id"][:3] == ["880101-1", "880101-2", "880190-1"]
    assert "880244-3" in payments.columns["id"]
    assert set(payments.columns["payer"]) == {"Vantaa"} and set(payments.columns["payee"]) == {"Tiera"}
    assert set(payments.columns["project"]) == {"DigiOne2"}
    assert payments.columns["kind"][:3] == ["service_fee", "base_maintenance_fee", "common_services_fee"]
    assert payments.columns["date"][:3] == [_dt.date(2024, 1, 15), _dt.date(2024, 1, 15), _dt.date(2024, 3, 1)]
    assert payments.columns["amount"][:3] == [1875000, 625000, 1200000]
    assert list(payments.lines[:3]) == [2, 3, 7]
    assert lines == [
        "F417 ostolaskut_2024.csv:1:1: `ostolaskut_2024.csv`: 1 row left out by `skip` (`Kuntanumero` matches "
        "`yhteensä.*`) of mapping `vantaa_ostolaskut.toml`",
        "F417 ostolaskut_2024.csv:1:1: `ostolaskut_2024.csv`: 9 rows left out by `keep` (`Toimittajan Y-tunnus` is "
        "one of `2362180-3`) of mapping `vantaa_ostolaskut.toml`",
    ]


def test_worked_example_runs_through_the_command_line(example, capsys):
    """`check FILE --mapping FILE` judges the mapped export: the caps it can judge from payments alone hold."""
    # one city's purchase invoices are not the whole history: rules that need other parties' payments
    # (the joining fee, the refunds) would rightly find them missing, so the caps are checked here
    code = main(["check", "ostolaskut_2024.csv", "--mapping", "vantaa_ostolaskut.toml", "--as-of", "2025-06-30",
                 "--format", "json", "--rule", "additional-funding-cap", "--rule", "bf-grant-cap",
                 "--rule", "warranty-ceiling"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report["inputs"][0]["rows"] == 12


def test_yaml_mapping_reads_the_same_facts(book, example):
    """The same mapping written in YAML gives the same facts, digest included."""
    import tomllib

    import yaml

    spec = tomllib.loads(Path("vantaa_ostolaskut.toml").read_text(encoding="utf-8"))
    spec["values"]["kind"] = {int(k): v for k, v in spec["values"]["kind"].items()}  # YAML keys may be numbers
    Path("vantaa.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    toml_facts, _ = _load(book, ["ostolaskut_2024.csv"], ["vantaa_ostolaskut.toml"])
    yaml_facts, _ = _load(book, ["ostolaskut_2024.csv"], ["vantaa.yaml"])
    assert yaml_facts.digest == toml_facts.digest


def test_mapping_in_a_facts_folder_is_not_read_as_facts(book, example):
    """A YAML mapping file inside the facts folder is read as the mapping, not as a table of facts."""
    Path("other.yaml").write_text("table: payments\nfiles: [nothing*.csv]\n", encoding="utf-8")
    facts, lines = _load(book, ["."], ["vantaa_ostolaskut.toml"])
    assert facts is None
    assert [line.split(" | ")[0] for line in lines] == ["F409 other.yaml:1:1: `other.yaml`: key `table` names no table",
                                                       "F409 other.yaml:2:1: `other.yaml`: key `files` names no table"]
    facts, _ = _load(book, ["."], ["vantaa_ostolaskut.toml", "other.yaml"])
    assert facts.tables["payments"].n == 12


def test_two_mappings_for_one_file_are_refused(book, example):
    """Two mapping files that both apply to one export are an error naming both."""
    Path("second.toml").write_text('table = "payments"\nfiles = ["ostolaskut_*"]\n', encoding="utf-8")
    facts, lines = _load(book, ["ostolaskut_2024.csv"], ["vantaa_ostolaskut.toml", "second.toml"])
    assert facts is None
    assert lines == ["F413 ostolaskut_2024.csv:1:1: `ostolaskut_2024.csv`: mapping files `vantaa_ostolaskut.toml`, "
                     "`second.toml` all apply to it | help: name the files each applies to: "
                     'files = ["ostolaskut*.csv"]']


def test_unmapped_account_is_a_row_error(book, example):
    """An account number the mapping does not list is refused as a kind, on its row."""
    text = Path("ostolaskut_2024.csv").read_bytes().replace(b";4342;", b";4399;", 1)
    Path("ostolaskut_2024.csv").write_bytes(text)
    facts, lines = _load(book, ["ostolaskut_2024.csv"], ["vantaa_ostolaskut.toml"])
    assert facts is None
    errors = [line for line in lines if line.startswith("F405")]
    assert errors[0].startswith("F405 ostolaskut_2024.csv:7:74: payments.kind: found `4399`, expected one of")


def test_date_in_another_form_than_the_mapping_says(book, example):
    """A date that does not follow the mapping's `date_formats` names the format it expected."""
    text = Path("ostolaskut_2024.csv").read_bytes().replace(b";15012024;", b";15.1.2024;", 1)
    Path("ostolaskut_2024.csv").write_bytes(text)
    facts, lines = _load(book, ["ostolaskut_2024.csv"], ["vantaa_ostolaskut.toml"])
    assert [line for line in lines if line.startswith("F405")] == [("F405 ostolaskut_2024.csv:2:66: payments.date: found `15.1.2024`, expected a date written "
                        "`DMMYYYY` | help: the mapping file's `date_formats` says how dates are written")]


def test_header_row_and_unnamed_columns(book, tmp_path, monkeypatch):
    """`header_row` skips title lines, and `drop = [""]` leaves out an unnamed index column."""
    monkeypatch.chdir(tmp_path)
    Path("kirjaukset.csv").write_text(
        "Kirjaukset 2025\n\n,Tosite,Pvm,Laji,Maksaja,Saaja,Summa\n0,P1,2025-03-01,grant,BF,Vantaa,100.50\n",
        encoding="utf-8")
    Path("m.toml").write_text('table = "payments"\nheader_row = 3\ndrop = [""]\n[rename]\nPvm = "date"\n',
                              encoding="utf-8")
    facts, lines = _load(book, ["kirjaukset.csv"], ["m.toml"])
    assert lines == []
    assert facts.tables["payments"].columns["amount"] == [10050]
    assert list(facts.tables["payments"].lines) == [4]



@pytest.mark.parametrize("titles", ["Vantaan kaupunki - kirjanpito, 2024\nAjo 3.1.2025, klo 12.00\n",
                                    "Raportti\r\n\r\n"], ids=["commas-in-titles", "crlf"])
def test_header_row_delimiter_is_told_from_the_header_on(book, tmp_path, monkeypatch, titles):
    """The delimiter is told from the header the mapping names and the rows after it, not from the titles
    above it: a `;` export under a title without `;` was split on `,`."""
    monkeypatch.chdir(tmp_path)
    newline = "\r\n" if "\r\n" in titles else "\n"
    Path("export.csv").write_bytes((titles + newline.join(["Tosite;Pvm;Laji;Maksaja;Saaja;Summa",
                                                           "P1;20.1.2024;service_fee;Espoo;Tiera;1 000,00", ""])
                                    ).encode("utf-8"))
    Path("m.toml").write_text('table = "payments"\nfiles = ["export.csv"]\nheader_row = 3\n'
                              '[rename]\nPvm = "date"\n', encoding="utf-8")
    facts, lines = _load(book, ["export.csv"], ["m.toml"])
    assert lines == []
    assert (facts.tables["payments"].columns["amount"], list(facts.tables["payments"].lines)) == ([100000], [4])


def test_header_row_delimiter_that_cannot_be_told_is_f402(book, tmp_path, monkeypatch):
    """When the header and its rows split alike on `;` and `,`, the file is refused, naming the header's line."""
    monkeypatch.chdir(tmp_path)
    Path("export.csv").write_text("Raportti;;;\n\nx;y,z;w\n1;2,3;4\n", encoding="utf-8")
    Path("m.toml").write_text('table = "payments"\nfiles = ["export.csv"]\nheader_row = 3\n', encoding="utf-8")
    facts, lines = _load(book, ["export.csv"], ["m.toml"])
    assert facts is None
    assert lines == ["F402 export.csv:1:1: `export.csv`: cannot tell the delimiter: `;` and `,` split the header "
                     "(line 3) and the rows after it equally well | help: name it in a mapping file: delimiter = \";\""]


MAPPING_ERRORS = [
    ("not-toml", 'table = "payments\n', ["F413 m.toml:1:18: mapping file `m.toml` is not valid TOML: illegal "
                                          "character '\\n' (at line 1, column 18)"]),
    ("unknown-setting", 'table = "payments"\ncolumn = {}\n',
     ["F413 m.toml:2:1: mapping file `m.toml`: `column`: is not a setting of mapping files (see "
      "fixtures/mappings/README.md)"]),
    ("unknown-table", 'table = "paymnts"\n',
     ["F413 m.toml:1:1: mapping file `m.toml`: `table`: `paymnts` is not a fact table | help: did you mean "
      "`payments`?"]),
    ("no-table", '[rename]\nSumma = "amount"\n',
     ['F413 m.toml:1:1: mapping file `m.toml`: say which table it produces: table = "payments"']),
    ("rename-to-unknown-column", 'table = "payments"\n[rename]\nSumma = "amout"\n',
     ["F413 m.toml:3:1: mapping file `m.toml`: `rename.Summa`: `amout` is not a column of `payments` | help: did "
      "you mean `amount`?"]),
    ("bad-regex", 'table = "payments"\n[[skip]]\ncolumn = "id"\nmatches = "yht(("\n',
     ["F413 m.toml:2:1: mapping file `m.toml`: `skip.0`: `yht((` is not a regular expression: missing ), "
      "unterminated subpattern at position 4"]),
    ("skip-with-both", 'table = "payments"\n[[skip]]\ncolumn = "id"\nmatches = "x"\nvalues = ["x"]\n',
     ["F413 m.toml:2:1: mapping file `m.toml`: `skip.0`: give exactly one of `matches` and `values`"]),
    ("ambiguous-date-format", 'table = "payments"\n[date_formats]\ndate = "DMYYYY"\n',
     ["F413 m.toml:3:1: mapping file `m.toml`: `date_formats.date`: `DMYYYY` cannot be read: `DM` could split "
      "more than one way; write `DD` or `MM` for one of them"]),
    ("bad-delimiter", 'table = "payments"\ndelimiter = "|"\n',
     ["F413 m.toml:2:1: mapping file `m.toml`: `delimiter`: input should be ';', ',', '\\t' or 'tab'"]),
    ("header-row-zero", 'table = "payments"\nheader_row = 0\n',
     ["F413 m.toml:2:1: mapping file `m.toml`: `header_row`: input should be greater than or equal to 1"]),
    ("id-for-a-table-without-ids", 'table = "votes"\n[id]\ncolumns = ["x"]\n',
     ["F413 m.toml:2:1: mapping file `m.toml`: `id`: `votes` has no id column"]),
    ("bad-constant", 'table = "payments"\n[constants]\namount = "lots"\n',
     ["F413 m.toml:1:1: mapping `m.toml`: constant `amount`: found `lots`, expected an amount in euros such as "
      "`1 287 000,00 €` or `231660.00`"]),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in MAPPING_ERRORS], ids=[c[0] for c in MAPPING_ERRORS])
def test_mapping_file_mistakes_are_f413(book, tmp_path, monkeypatch, text, expected):
    """A mistake in the mapping file itself is refused with F413 at the setting's line."""
    monkeypatch.chdir(tmp_path)
    Path("payments.csv").write_text("id;date;kind;payer;payee\nP1;1.3.2025;grant;BF;Vantaa\n", encoding="utf-8")
    Path("m.toml").write_text(text, encoding="utf-8")
    facts, lines = _load(book, ["payments.csv"], ["m.toml"])
    assert facts is None
    assert lines == expected


# ---------------------------------------------------------------------------- hints on the way to a mapping

EXPORT = "Tosite;Pvm;Laji;Maksaja;Saaja;Summa\nP1;20.1.2024;service_fee;Espoo;Tiera;1 000,00\n"
RENAMES = '[rename]\n"Tosite" = "id"\n"Laji" = "kind"\n"Maksaja" = "payer"\n"Saaja" = "payee"\n"Summa" = "amount"\n'


def _hints(book, tmp_path, files: dict[str, str], paths: list[str], mappings: list[str]) -> list[str]:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    _, lines = _load(book, [tmp_path / p for p in paths], [tmp_path / m for m in mappings])
    return [line.split(" | help: ")[1] for line in lines if " | help: " in line]


def test_a_mapping_for_files_named_on_the_command_line_says_how_to_name_one_in_a_folder(book, tmp_path):
    hints = _hints(book, tmp_path, {"export.csv": EXPORT, "m.toml": 'table = "payments"\n' + RENAMES},
                   ["."], ["m.toml"])
    assert any('add files = ["export.csv"] to it' in h for h in hints), hints


def test_a_title_above_the_header_points_to_header_row(book, tmp_path):
    hints = _hints(book, tmp_path, {"payments.csv": "Espoon kaupunki - ostolaskut 2024\n" + EXPORT}, ["payments.csv"], [])
    assert any("header_row = N" in h for h in hints), hints


def test_a_renamed_column_gone_from_the_export_is_named_beside_the_unknown_one(book, tmp_path):
    mapping = 'table = "payments"\nfiles = ["export.csv"]\n' + RENAMES + '"Päivämäärä" = "date"\n'
    hints = _hints(book, tmp_path, {"export.csv": EXPORT, "m.toml": mapping}, ["."], ["m.toml"])
    assert any("renames `Päivämäärä` to `date`, which the file does not have: if `Pvm`" in h for h in hints), hints


def test_rows_of_other_suppliers_and_credit_notes_point_to_keep_and_skip(book, tmp_path):
    export = EXPORT.replace("Tiera", "Koodipaja Oy").replace("1 000,00", "-1 000,00")
    mapping = 'table = "payments"\nfiles = ["export.csv"]\n' + RENAMES + '"Pvm" = "date"\n'
    hints = _hints(book, tmp_path, {"export.csv": export, "m.toml": mapping}, ["."], ["m.toml"])
    assert any("[[keep]] keeps only the rows of the contract's parties" in h for h in hints), hints
    assert any("[[skip]] leaves such rows out" in h for h in hints), hints
