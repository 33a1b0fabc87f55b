"""The loader's shortcuts give what the general way gives: a column batch (columns.py) — of one value, of
text cells that are their own values, with new values in a few cells or in most — is converted as its
cells are one by one; the ids' order told batch by batch (build.py) is the one `in_id_order` finds; the
referenced ids' set holding None (checks.py) still finds every dangling reference."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from digione_rules.diagnostics import Sink
from digione_rules.facts import csvfile
from digione_rules.facts.build import _IdOrder, column_converters
from digione_rules.facts.load import build_table
from digione_rules.facts.mapping import Shape

# cells each column of payments may meet: good ones, bad ones, empty ones, edge cases of the readers
_CELLS = {
    "id": ["P1", " P2 ", "", "2024-0001234-002"],
    "date": ["2024-03-05", "5.3.2024", " 2024-03-05", "", "31.2.2024", "2024-3-5", "٢٠٢٤-٠٣-٠٥", "tomorrow"],
    "kind": ["grant", "GRANT", "additional_funding", "", "gift"],
    "payer": ["Vantaa", "vantaa", "BF", "", "Nobody", "0174666-4", "0174666-5"],
    "amount": ["1234.56", "1234,56", "1 234,56", "0.00", "", "-5.00", "999999999999999.99", "1000000000000000.00",
               "１２３.４５", "12.345", "²", "1e3", "12.5"],
    "project": ["DigiOne", "", " DigiOne "],
    "installment": ["2023", "", "3.3"],
    "invoice": ["TI-1", "", "TI-2"],
    "note": ["", "lisenssit, pilvipalvelut", "rivi\nvaihto", " "],
}


def _converters(book):
    return column_converters(book.facts["payments"], book, Shape(), typed=False)


def _one_by_one(book, name: str, cells: list) -> tuple[list, list]:
    """The general way: each cell alone, through a converter of its own (no batch shortcut applies)."""
    values, bad = [], []
    for i, cell in enumerate(cells):
        got, problems = _converters(book)[name].convert([cell])
        values.extend(got)
        bad.extend((i, p) for _, p in problems)
    return values, bad


@settings(max_examples=300, deadline=None)
@given(data=st.data(), name=st.sampled_from(sorted(_CELLS)), n=st.integers(1, 30), batches=st.integers(1, 4))
def test_a_batch_converts_as_its_cells_do(book, data, name, n, batches):
    """Whether a batch holds one value throughout (the shortcut) or several, met before or not, in a few of
    its cells or in most, good or bad, the values and the problems are those of converting each cell alone."""
    conv = _converters(book)[name]
    for _ in range(batches):
        pool = data.draw(st.lists(st.sampled_from(_CELLS[name]), min_size=1, max_size=3))
        cells = data.draw(st.lists(st.sampled_from(pool), min_size=n, max_size=n))
        # fresh string objects, as a reader makes them: equal cells are not the same object
        cells = [("x" + c)[1:] for c in cells]
        assert conv.convert(cells) == _one_by_one(book, name, cells)


def test_text_rows_of_one_value_share_one_object(book):
    """A text column's rows of one value hold one object, the first cell of that spelling, across batches
    (the index of a column in booking order is made of its runs); cells to strip and empty cells too."""
    conv = _converters(book)["invoice"]
    cells = [("x" + c)[1:] for c in ["TI-1", "TI-1", "TI-2"]]
    got = conv.convert(cells)[0]
    assert got == ["TI-1", "TI-1", "TI-2"] and got[0] is got[1] is cells[0] and got[2] is cells[2]
    again = conv.convert([("x" + c)[1:] for c in ["TI-2", " TI-3 ", "TI-1", "", " TI-3 ", "TI-3"]])[0]
    assert again == ["TI-2", "TI-3", "TI-1", None, "TI-3", "TI-3"]
    assert again[0] is cells[2] and again[2] is cells[0] and again[1] is again[4]


def test_a_batch_of_one_bad_value_names_every_row(book):
    """A bad value repeated over a whole batch is a problem on each of its rows."""
    conv = _converters(book)["amount"]
    conv.convert(["12x"])  # met before: the batch is then mapped through what is known
    values, bad = conv.convert(["12x"] * 4)
    assert values == [None] * 4 and [i for i, _ in bad] == [0, 1, 2, 3]
    assert {p.found for _, p in bad} == {"12x"}


def test_a_batch_of_unhashable_cells(book):
    """JSON cells may be lists: a batch of one such value is converted the general way, to its problems."""
    conv = column_converters(book.facts["payments"], book, Shape(), typed=True)["note"]
    values, bad = conv.convert([[1], [1]])
    assert values == [None, None] and [i for i, _ in bad] == [0, 1]


@settings(max_examples=300, deadline=None)
@given(ids=st.lists(st.one_of(st.none(), st.text("abc", max_size=3)), max_size=12),
       cuts=st.lists(st.integers(0, 12), max_size=4))
def test_id_order_told_batch_by_batch(ids, cuts):
    """The loader tells whether the ids strictly increase batch by batch, as `in_id_order` does on the
    whole column: every row an id, each greater than the one before, across the batches' edges too."""
    order = _IdOrder()
    edges = sorted({c for c in cuts if c <= len(ids)})
    for a, b in zip([0, *edges], [*edges, len(ids)]):
        order.add(ids[a:b])
    assert order.ok == (None not in ids and all(a < b for a, b in zip(ids, ids[1:])))


def test_a_loaded_table_knows_its_id_order(load):
    """The id order the loader found is the one the table finds by itself."""
    header = "id;date;kind;payer;payee;amount\n"
    for ids in (["P1", "P2", "P3"], ["P1", "P3", "P2"]):
        rows = "".join(f"{i};2024-01-01;grant;Espoo;Tiera;1.00\n" for i in ids)
        table = load({"payments.csv": header + rows}).facts.tables["payments"]
        found = table.in_id_order()
        table._in_id_order = None
        assert found == table.in_id_order() == (ids == sorted(ids))


def test_dangling_references_and_missing_ones(load):
    """A run of rows of a dangling reference after a known one, and one spelled with spaces, are each a
    row's problem; a missing reference is none."""
    head = "id;date;kind;payer;payee;amount;invoice\n"
    invoices = "id;date;kind;issuer;recipient;amount\nI1;2.1.2025;service_fee;Tiera;Oulu;100\n"
    refs = ["I1", "I1", "I9", "I9", " I9", "I1", ""]
    rows = "".join(f"P{k};1.3.2025;service_fee;Oulu;Tiera;100;{ref}\n" for k, ref in enumerate(refs, 1))
    loaded = load({"payments.csv": head + rows, "invoices.csv": invoices}, keep_going=True)
    assert [p.line for p in loaded.facts.unreadable if p.code == "F408"] == [4, 5, 6]
    assert list(loaded.facts.tables["payments"].lines) == [2, 3, 7, 8]


def test_dangling_references_of_a_column_read_cell_by_cell(load):
    """The reference check asks about the values the loader met in a column (`values_met`) — unless some
    of its cells bypassed the converter's cache (JSON numbers of two kinds are read one by one): then it
    asks about every cell, and a dangling one is still found."""
    invoices = "id;date;kind;issuer;recipient;amount\n1;2.1.2025;service_fee;Tiera;Oulu;100\n"
    payments = [{"id": f"P{k}", "date": "2025-03-01", "kind": "service_fee", "payer": "Oulu", "payee": "Tiera",
                 "amount": 100, "invoice": ref} for k, ref in enumerate([1, 1.5, "1"], 1)]
    loaded = load({"payments.jsonl": "\n".join(json.dumps(p) for p in payments) + "\n", "invoices.csv": invoices},
                  keep_going=True)
    assert [p.line for p in loaded.facts.unreadable if p.code == "F408"] == [2]


def test_values_met_are_every_value_of_the_column(book, tmp_path):
    """What the reference check is given holds every value of the column."""
    refs = ["I1", "I1", " I2", "I2", ""] * 3
    path = tmp_path / "payments.csv"
    path.write_text("id;date;kind;payer;payee;amount;invoice\n" +
                    "".join(f"P{k};1.3.2025;service_fee;Oulu;Tiera;100;{ref}\n" for k, ref in enumerate(refs, 1)))
    table = build_table(csvfile.read_csv(path, "payments.csv", "payments", Sink(), lambda cells: 0), book, Sink())
    assert table.values_met["invoice"] >= set(table.columns["invoice"]) == {"I1", "I2", None}
