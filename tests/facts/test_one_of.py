"""`one of "A", "B"`: a text column whose cells are read as the listed value they match."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from writers import xlsx_bytes

from digione_rules.book import load_rule_book
from digione_rules.check import check_book
from digione_rules.diagnostics import Sink
from digione_rules.facts.load import load_facts
from digione_rules.facts.models import row_model

BOOK = '''document d "D"

facts costs "kustannukset"
    source d
    id: text required unique
    project: text default "DigiOne" one of "DigiOne", "DigiOne2"
    version: text one of "1.0", "2.0", "3.0", "3.1"
'''


@pytest.fixture(scope="module")
def small_book(tmp_path_factory):
    path = tmp_path_factory.mktemp("book") / "facts.rules"
    path.write_text(BOOK, encoding="utf-8")
    sink = Sink()
    checked = check_book(load_rule_book(path, sink), sink)
    assert not sink.has_errors, [d.concise() for d in sink.items]
    return checked


def _load(book, tmp_path: Path, name: str, data: str | bytes):
    (tmp_path / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    sink = Sink()
    facts = load_facts([tmp_path / name], book, sink)
    return facts, [f"{d.code} {d.span.line}:{d.span.column}: {d.message}" + (f" | help: {d.help}" if d.help else "")
                   for d in sink.sorted()]


def test_cells_read_as_the_listed_value_they_match(small_book, tmp_path):
    """Case, spaces and a number's spelling do not count: each cell is the listed value it matches, one
    object per value, and an empty cell is the default."""
    rows = [("C1", "DIGIONE2", "2"), ("C2", "digione 2", "2,0"), ("C3", " DigiOne ", "3.10"), ("C4", "", "1"),
            ("C5", "Digi One2", "")]
    text = "id;project;version\n" + "".join(";".join(r) + "\n" for r in rows)
    facts, said = _load(small_book, tmp_path, "costs.csv", text)
    assert said == []
    costs = facts.tables["costs"]
    assert costs.columns["project"] == ["DigiOne2", "DigiOne2", "DigiOne", "DigiOne", "DigiOne2"]
    assert costs.columns["version"] == ["2.0", "2.0", "3.1", "1.0", None]
    assert costs.columns["project"][0] is costs.columns["project"][1] is costs.columns["project"][4]


def test_a_value_matching_none_is_refused_with_the_listed_values(small_book, tmp_path):
    """A cell that matches no listed value is F405 naming them, with a did-you-mean when one is close."""
    text = "id;project;version\nC1;DigiOne3;2.0\nC2;DigiOne;2.5\nC3;DigiOne;v2\n"
    facts, said = _load(small_book, tmp_path, "costs.csv", text)
    assert facts is None
    assert said == [
        "F405 2:4: costs.project: found `DigiOne3`, expected one of `DigiOne`, `DigiOne2` | help: did you mean "
        "`DigiOne`?",
        "F405 3:12: costs.version: found `2.5`, expected one of `1.0`, `2.0`, `3.0`, `3.1` | help: did you mean "
        "`2.0`?",
        "F405 4:12: costs.version: found `v2`, expected one of `1.0`, `2.0`, `3.0`, `3.1`"]


def test_typed_numbers_match_by_value(small_book, tmp_path):
    """A workbook's number 2 or 3.1, a JSON number 2 or 2.0 and a YAML `2.0` read as the listed `2.0`."""
    facts, said = _load(small_book, tmp_path, "costs.xlsx", xlsx_bytes(["id", "version"], [["C1", 2], ["C2", 3.1],
                                                                                           ["C3", 2.0]], "costs"))
    assert said == []
    assert facts.tables["costs"].columns["version"] == ["2.0", "3.1", "2.0"]
    items = [{"id": "C1", "version": 2}, {"id": "C2", "version": 2.0}, {"id": "C3", "version": 3}]
    facts, said = _load(small_book, tmp_path, "costs.json", json.dumps(items))
    assert said == []
    assert facts.tables["costs"].columns["version"] == ["2.0", "2.0", "3.0"]
    facts, said = _load(small_book, tmp_path, "costs.yaml", "- {id: C1, version: 2.0}\n- {id: C2, version: 3}\n")
    assert facts.tables["costs"].columns["version"] == ["2.0", "3.0"]


def test_the_row_model_lists_the_values(small_book):
    """The generated model takes only the listed values, and its JSON schema lists them."""
    model = row_model(small_book.facts["costs"], small_book)
    assert model.model_json_schema()["properties"]["version"]["anyOf"][0]["enum"] == ["1.0", "2.0", "3.0", "3.1"]
    assert model.model_validate({"id": "C1", "version": "3,1 "}).version == "3.1"


ROOT = Path(__file__).resolve().parents[2]


def _fixture(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A violations fixture with `old` written `new` in its CSV files, as an ERP export or Excel writes it."""
    folder = tmp_path / name
    folder.mkdir()
    for src in (ROOT / "fixtures" / "violations" / name).glob("*.csv"):
        (folder / src.name).write_text(src.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return folder


@pytest.mark.parametrize("name, old, new", [
    ("bf-grant-cap", "DigiOne2", "DIGIONE2"),
    ("bf-grant-cap", "DigiOne2", "DigiOne 2"),
    ("no-development-after-handover", ",2.0,", ",2,"),
    ("maintenance-period", ",2.0,", ",2,"),
    ("handover-preconditions", ",2.0,", ",2,"),
])
def test_the_rule_books_projects_and_versions_read_however_written(tmp_path, capsys, name, old, new):
    """rules/facts.rules lists `project` and `version` values: `DIGIONE2` or a version `2` (Excel's `2.0`
    saved again) is read as `DigiOne2` or `2.0`, and the fixture's violation is still found."""
    from digione_rules.cli import main

    folder = _fixture(tmp_path, name, old, new)
    code = main(["check", str(folder), "--as-of", "2025-12-31", "--format", "json", "--rule", name])
    report = json.loads(capsys.readouterr().out)
    assert (code, report["results"][0]["status"]) == (1, "violated")


def test_the_rule_book_refuses_a_project_it_does_not_list(book, tmp_path):
    """A project outside `DigiOne`, `DigiOne2` is F405, never a row no rule reads."""
    (tmp_path / "costs.csv").write_text("id,date,project,amount,category\nC1,2024-01-01,DigiOne3,5,other\n",
                                        encoding="utf-8")
    sink = Sink()
    assert load_facts([tmp_path / "costs.csv"], book, sink) is None
    assert sink.sorted()[0].message == "costs.project: found `DigiOne3`, expected one of `DigiOne`, `DigiOne2`"


def test_a_default_is_the_listed_value_itself(small_book, tmp_path):
    """An empty cell's default and a cell naming it are one object, as the rows of any one value are."""
    facts, said = _load(small_book, tmp_path, "costs.csv", "id;project\nC1;\nC2;digione\n")
    assert said == []
    first, second = facts.tables["costs"].columns["project"]
    assert first is second
