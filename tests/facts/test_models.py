"""The pydantic models generated from the rule book's fact declarations."""

from __future__ import annotations

import datetime as _dt
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from digione_rules.book import load_rule_book
from digione_rules.check import check_book
from digione_rules.diagnostics import Sink
from digione_rules.facts.load import load_facts
from digione_rules.facts.models import column_adapter, row_model

ROOT = Path(__file__).resolve().parents[2]


def test_row_model_follows_the_declaration(book):
    """The payments model has the declared columns, required ones required, defaults as defaults."""
    model = row_model(book.facts["payments"], book)
    fields = model.model_fields
    assert list(fields) == list(book.facts["payments"].columns)
    assert [n for n, f in fields.items() if f.is_required()] == ["id", "date", "kind", "payer", "payee", "amount"]
    assert fields["project"].default == "DigiOne"
    schema = model.model_json_schema()["properties"]
    assert schema["kind"]["enum"][:2] == ["joining_fee", "additional_funding"]
    assert schema["amount"]["exclusiveMinimum"] == 0
    assert schema["payer"]["enum"] == sorted(book.parties)


def test_row_model_reads_one_row_in_finnish_spellings(book):
    """One row validated by the model reads Finnish spellings to the stored values."""
    model = row_model(book.facts["payments"], book)
    row = model.model_validate({"id": " P1 ", "date": "1.3.2025", "kind": "avustus", "payer": "BF",
                                "payee": "0124610-9", "amount": "1 300 000,00 €"})
    assert (row.id, row.date, row.kind, row.payer, row.payee, row.amount, row.project) == (
        "P1", _dt.date(2025, 3, 1), "grant", "Business Finland", "Vantaa", 130000000, "DigiOne")


def test_row_model_refuses_what_the_declaration_refuses(book):
    """A negative amount, an unknown party and a missing date are all refused, each at its field."""
    model = row_model(book.facts["payments"], book)
    with pytest.raises(ValidationError) as e:
        model.model_validate({"id": "P1", "kind": "grant", "payer": "Espo", "payee": "Oulu", "amount": "-5"})
    assert sorted(err["loc"][0] for err in e.value.errors()) == ["amount", "date", "payer"]


def test_column_adapter_names_the_bad_indexes(book):
    """A column validated as a list reports the index of each bad value."""
    adapter = column_adapter(book.facts["meetings"], book, "members")
    assert adapter.validate_python(["12", 7, None, "1 200"]) == [12, 7, None, 1200]
    with pytest.raises(ValidationError) as e:
        adapter.validate_python(["12", "12.5", True])
    assert [err["loc"] for err in e.value.errors()] == [(1,), (2,)]


def test_a_new_column_is_one_edit_in_the_rule_book(tmp_path):
    """A column added to `facts payments` in the rule book is read from exports with no loader change."""
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    text = (rules / "facts.rules").read_text(encoding="utf-8")
    text = text.replace('    note: text alias "selite"\n', '    note: text alias "selite"\n'
                        '    reference: text alias "viitenumero"\n', 1)
    (rules / "facts.rules").write_text(text, encoding="utf-8")
    sink = Sink()
    book = check_book(load_rule_book(rules, sink), sink)
    assert not sink.has_errors, [d.concise() for d in sink.items]
    (tmp_path / "payments.csv").write_text("id;date;kind;payer;payee;amount;Viitenumero\n"
                                           "P1;1.3.2025;grant;BF;Vantaa;5;RF18 1234\n", encoding="utf-8")
    facts = load_facts([tmp_path / "payments.csv"], book, sink)
    assert facts.tables["payments"].columns["reference"] == ["RF18 1234"]
    assert "reference" in row_model(book.facts["payments"], book).model_fields
