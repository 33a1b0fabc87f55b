"""A plain CSV file (no quote character, LF or CRLF line ends) is read a block of lines at a time, column by
column; these tests hold it to what `csv.reader` gives for the same file, row for row and line for line."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digione_rules.diagnostics import Sink
from digione_rules.facts import csvfile
from digione_rules.facts.raw import Columns

_PROBE = csvfile.probe


def _read(path, monkeypatch, plain: bool, chunk: int):
    """Header, (line, row) pairs and problems of `path`, by the plain path or by csv.reader."""
    monkeypatch.setattr(csvfile, "_CHUNK", chunk)

    def probed(*args, **kw):
        found = _PROBE(*args, **kw)
        if found is not None and not plain:
            found.plain = False
        return found

    monkeypatch.setattr(csvfile, "probe", probed)
    sink = Sink()
    raw = csvfile.read_csv(path, "t.csv", "payments", sink, lambda cells: 0, delimiter=";")
    if raw is None:
        return None, [d.message for d in sink.items]
    rows = []
    for lines, batch in raw.batches:
        got = batch.rows() if isinstance(batch, Columns) else [list(r) for r in batch]
        assert len(got) == len(lines)
        rows.extend(zip(list(lines), got))
    return (raw.header, rows, raw.problems, raw.ends_with_newline), [d.message for d in sink.items]


_CELL = st.text(alphabet=st.sampled_from(list("ab ;\r\n\u00e4€\t1.,") + ["\u2028", "\x85"]), max_size=6)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.lists(_CELL, min_size=0, max_size=5), min_size=0, max_size=12),
       newline=st.sampled_from(["\n", "\r\n"]), last=st.booleans(), chunk=st.integers(1, 40),
       encoding=st.sampled_from(["utf-8", "cp1252"]))
def test_plain_reading_is_csv_reading(tmp_path_factory, monkeypatch, lines, newline, last, chunk, encoding):
    """Whatever the lines hold (blank ones, wrong widths, stray CRs, block edges), the rows, lines and problems
    are csv.reader's."""
    text = newline.join(["id;date;kind"] + [";".join(cells) for cells in lines]) + (newline if last else "")
    path = tmp_path_factory.mktemp("plain") / "t.csv"
    try:
        path.write_bytes(text.encode(encoding))
    except UnicodeEncodeError:
        return
    assert _read(path, monkeypatch, True, chunk) == _read(path, monkeypatch, False, chunk)


@pytest.mark.parametrize("text", [
    "id;date;kind\n1;2;3\n4;5;6\n",
    "id;date;kind\r\n1;2;3\r\n\r\n4;5;6",
    "id;date;kind\n1;2\n4;5;6;\n7;8;9;;\n",
    "\n\nid;date;kind\n1;2;3\n",
    "id;date;kind\n1;2;3\r4;5;6\n",
    "id;date;kind\n" + "x" * 200 + ";2;3\n",
], ids=["lf", "crlf-blank-no-final-newline", "widths", "blank-before-header", "lone-cr", "long-line"])
def test_plain_cases(tmp_path, monkeypatch, text):
    """Known edges read the same both ways, with a small block so that rows straddle blocks."""
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8", newline="")
    assert _read(path, monkeypatch, True, 5) == _read(path, monkeypatch, False, 5)


def test_cells_over_the_field_limit(tmp_path, monkeypatch):
    """A cell longer than csv's field limit is the same row problem either way."""
    path = tmp_path / "t.csv"
    path.write_text("id;date;kind\n1;2;3\n" + "y" * 50 + ";2;3\n4;5;6\n", encoding="utf-8", newline="")
    old = csvfile.csv.field_size_limit(20)
    try:
        plain, by_csv = _read(path, monkeypatch, True, 1 << 16), _read(path, monkeypatch, False, 1 << 16)
    finally:
        csvfile.csv.field_size_limit(old)
    assert plain == by_csv and plain[0][2]


def test_quoted_files_are_not_plain(tmp_path):
    """A file with a quote character anywhere, or a CR that is not part of a CRLF, is read by csv.reader."""
    for text, plain in (("a;b\n1;2\n", True), ("a;b\r\n1;2\r\n", True), ('a;b\n1;"2"\n', False),
                        ("a;b\r1;2\r", False), ("a;b\n1;2\r", False)):
        path = tmp_path / "t.csv"
        path.write_bytes(text.encode())
        assert csvfile.probe(path, "t.csv", Sink()).plain is plain, text


def test_columns_batch_gives_rows():
    """A column-wise batch indexes and lists as the rows it holds."""
    batch = Columns([["1", "4"], ["2", "5"], ["3", "6"]])
    assert (len(batch), batch[1], batch.rows()) == (2, ["4", "5", "6"], [["1", "2", "3"], ["4", "5", "6"]])
