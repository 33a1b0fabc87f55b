"""CSV rows are read a block of lines at a time: a plain block (no quote character, LF or CRLF line ends) is
split by `str.split` and handed on column by column, any other block is read by csv.reader.  These tests
hold the result to one csv.reader over the whole file, row for row, line for line, problem for problem."""

from __future__ import annotations

import csv

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digione_rules.diagnostics import Sink
from digione_rules.facts import csvfile
from digione_rules.facts.raw import Columns


def _read(path, monkeypatch, chunk: int, kinds: list | None = None):
    """Header, (line, row) pairs, problems (line, message) and whether the file ends with a line break, as
    the loader reads them in blocks of `chunk` characters (None when it refuses the file); `kinds` gets
    how each batch was read."""
    monkeypatch.setattr(csvfile, "_CHUNK", chunk)
    raw = csvfile.read_csv(path, "t.csv", "payments", Sink(), lambda cells: 0, delimiter=";")
    if raw is None:
        return None
    rows = []
    for lines, batch in raw.batches:
        if kinds is not None:
            kinds.append("split" if isinstance(batch, Columns) else "csv")
        got = batch.rows() if isinstance(batch, Columns) else [list(r) for r in batch]
        assert len(got) == len(lines)
        rows.extend(zip(list(lines), got))
    return raw.header, rows, [(line, message) for line, message, *_ in raw.problems], raw.ends_with_newline


def _by_reader(path):
    """The same by one csv.reader over the whole file: a row's line is the one after the line the previous
    row (or problem) ended on, a problem's the line csv stopped on."""
    found = csvfile.probe(path, "t.csv", Sink())
    if found is None:
        return None
    with open(path, encoding=found.encoding, newline="") as f:
        reader = csv.reader(f, delimiter=";", strict=True)
        header = None
        rows, problems = [], []
        start = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as e:
                if header is None:
                    return None
                problems.append((reader.line_num, f"payments: the row cannot be read as CSV: {e}"))
            else:
                if header is not None:
                    rows.append((start, cells))
                elif any(c.strip() for c in cells):
                    header = cells
            start = reader.line_num + 1
    return None if header is None else (header, rows, problems, found.ends_with_newline)


_CELL = st.text(alphabet=st.sampled_from(list("ab ;\r\n\u00e4€\t1.,") + ["\u2028", "\x85"]), max_size=6)
_QUOTED = st.text(alphabet=st.sampled_from(list('ab ;"\r\n\u00e4,')), max_size=6)


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
    assert _read(path, monkeypatch, chunk) == _by_reader(path)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.lists(st.one_of(_CELL, _QUOTED, _QUOTED.map(lambda c: '"' + c.replace('"', '""') + '"')),
                               min_size=0, max_size=4), min_size=0, max_size=12),
       newline=st.sampled_from(["\n", "\r\n"]), last=st.booleans(), chunk=st.integers(1, 40))
def test_quoted_reading_is_csv_reading(tmp_path_factory, monkeypatch, lines, newline, last, chunk):
    """Quotes anywhere — quoted cells holding delimiters, quotes and line breaks across block edges, stray
    and unclosed quotes — give csv.reader's rows, lines and problems."""
    text = newline.join(["id;date;kind"] + [";".join(cells) for cells in lines]) + (newline if last else "")
    path = tmp_path_factory.mktemp("quoted") / "t.csv"
    path.write_bytes(text.encode("utf-8"))
    assert _read(path, monkeypatch, chunk) == _by_reader(path)


@pytest.mark.parametrize("text", [
    "id;date;kind\n1;2;3\n4;5;6\n",
    "id;date;kind\r\n1;2;3\r\n\r\n4;5;6",
    "id;date;kind\n1;2\n4;5;6;\n7;8;9;;\n",
    "\n\nid;date;kind\n1;2;3\n",
    "id;date;kind\n1;2;3\r4;5;6\n",
    "id;date;kind\r1;2;3\r4;5;6\r",
    "id;date;kind\n" + "x" * 200 + ";2;3\n",
    'id;date;kind\n1;"a\nb\nc\nd\ne";3\n4;5;6\n',
    'id;date;kind\r\n1;"a\r\nb\rc\nd";3\r\n4;5;6\r\n',
    'id;date;kind\n1;"never closed;3\n4;5;6\n7;8;9\n',
    'id;date;kind\n1;"a"b;3\n4;5;6\n7;"8\n";9\n',
    'id;date;kind\n1;2;3\n4;a"b;6\n"7\n";8;"9\n"\n',
], ids=["lf", "crlf-blank-no-final-newline", "widths", "blank-before-header", "lone-cr", "cr-only", "long-line",
        "line-breaks-in-a-cell", "crlf-and-cr-in-a-cell", "unclosed-quote", "stray-quote", "quote-in-a-plain-cell"])
@pytest.mark.parametrize("chunk", [1, 5, 13, 1 << 16])
def test_cases(tmp_path, monkeypatch, text, chunk):
    """Known edges read as csv.reader reads them, with blocks small enough that rows straddle them."""
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8", newline="")
    assert _read(path, monkeypatch, chunk) == _by_reader(path)


def test_a_quoted_cell_across_blocks(tmp_path, monkeypatch):
    """A quoted cell whose line breaks run over several blocks is one cell of one row, on the line it began
    on; the rows after it keep their lines, and plain blocks after it are split again."""
    note = "\n".join(f"line {i}" for i in range(30))
    text = "id;date;kind\n" + "".join(f"{i};2;3\n" for i in range(20)) + f'20;"{note}";3\n' + \
        "".join(f"{i};2;3\n" for i in range(21, 60))
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8", newline="")
    kinds: list[str] = []
    got = _read(path, monkeypatch, 64, kinds)
    assert got == _by_reader(path)
    rows = dict((row[0], (line, row)) for line, row in got[1])
    assert rows["20"] == (22, ["20", note, "3"]) and rows["21"][0] == 52 and rows["59"][0] == 90
    assert kinds[0] == "split" and "csv" in kinds and kinds[-1] == "split"


def test_quoted_rows_are_split_with_the_rest(tmp_path, monkeypatch):
    """Lines holding quotes that are whole rows (quoted cells with delimiters and doubled quotes, a quote
    inside a plain cell) are read by csv.reader one by one, and their blocks are split; only a block where
    a quoted cell runs over a line break is read by csv.reader as a whole."""
    rows = [f'{i};"a;""b""";3\n' if i % 50 == 0 else f'{i};x"y;3\n' if i % 70 == 0 else f"{i};2;3\n"
            for i in range(1, 400)]
    rows[300] = '301;"two\nlines";3\n'
    path = tmp_path / "t.csv"
    path.write_text("id;date;kind\n" + "".join(rows), encoding="utf-8", newline="")
    kinds: list[str] = []
    got = _read(path, monkeypatch, 100, kinds)
    assert got == _by_reader(path)
    assert got[1][49] == (51, ["50", 'a;"b"', "3"]) and got[1][69] == (71, ["70", 'x"y', "3"])
    assert got[1][300] == (302, ["301", "two\nlines", "3"]) and got[1][301][0] == 304
    assert kinds.count("csv") == 1 and len(kinds) > 20


def test_cr_line_ends_are_read_a_block_at_a_time(tmp_path, monkeypatch):
    """Lines ending in CR alone (csv.reader reads those) still end blocks, so such a file is not read whole;
    a CR last in what was read waits for the next characters, which may be its LF."""
    path = tmp_path / "t.csv"
    for newline in ("\r", "\r\n"):
        path.write_text("id;date;kind" + newline + "".join(f"{i};2;3" + newline for i in range(100)), encoding="utf-8",
                        newline="")
        kinds: list[str] = []
        got = _read(path, monkeypatch, 32, kinds)
        assert got == _by_reader(path) and len(got[1]) == 100
        assert len(kinds) > 10 and set(kinds) == ({"csv"} if newline == "\r" else {"split"})


@pytest.mark.parametrize("rows, cells, batches", [
    (100, 7, [([2, 4, 6], 3), ([8, 10, 12], 3), ([14, 16, 18], 3), ([20], 1)]),
    (4, 100, [([2, 4, 6, 8], 4), ([10, 12, 14, 16], 4), ([18, 20], 2)]),
], ids=["cells", "rows"])
def test_a_block_read_by_csv_is_batched(tmp_path, monkeypatch, rows, cells, batches):
    """A block read by csv.reader is handed on in batches of at most BATCH rows and MAX_BATCH_CELLS cells
    (ending after the row that reaches it), each row with its line."""
    monkeypatch.setattr(csvfile, "BATCH", rows)
    monkeypatch.setattr(csvfile, "MAX_BATCH_CELLS", cells)
    path = tmp_path / "t.csv"
    path.write_text("id;date;kind\n" + "".join(f'{i};"x\n";3\n' for i in range(10)), encoding="utf-8", newline="")
    raw = csvfile.read_csv(path, "t.csv", "payments", Sink(), lambda cells: 0, delimiter=";")
    assert [(list(lines), len(rows)) for lines, rows in raw.batches] == batches


def test_cells_over_the_field_limit(tmp_path, monkeypatch):
    """A cell longer than csv's field limit is the row problem csv.reader makes of it."""
    path = tmp_path / "t.csv"
    path.write_text("id;date;kind\n1;2;3\n" + "y" * 50 + ";2;3\n4;5;6\n", encoding="utf-8", newline="")
    old = csvfile.csv.field_size_limit(20)
    try:
        got, expected = _read(path, monkeypatch, 1 << 16), _by_reader(path)
    finally:
        csvfile.csv.field_size_limit(old)
    assert got == expected and got[2]


def test_columns_batch_gives_rows():
    """A column-wise batch indexes and lists as the rows it holds."""
    batch = Columns([["1", "4"], ["2", "5"], ["3", "6"]])
    assert (len(batch), batch[1], batch.rows()) == (2, ["4", "5", "6"], [["1", "2", "3"], ["4", "5", "6"]])
