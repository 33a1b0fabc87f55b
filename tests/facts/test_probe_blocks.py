"""The probe reads a file's bytes a block at a time (hash, lines, encoding).  What it finds must not depend on
where the blocks end: a character split between two blocks, a pattern of several bytes across a border
(`ä` in UTF-8, mojibake `Ã¤`, `â‚¬`) and a broken UTF-8 sequence left pending at a block's end are
placed, and judged, as in one block holding the whole file."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digione_rules.diagnostics import Sink
from digione_rules.facts import csvfile

# ASCII, UTF-8 Finnish letters and €, their Windows-1252 bytes, mojibake, bytes Windows-1252 lacks, line ends,
# a combining diaeresis (decomposed `ä`) and its lead byte alone
_PIECES = [b"a", b"1;", b" ", b"\n", b"\r\n", "ä".encode(), "€".encode(), "ö".encode(), b"\xe4", b"\x80",
           "Ã¤".encode(), "â‚¬".encode(), b"\x81", b"\xc3", b"\xe2\x82", b"\x9d", "\u0308".encode(), b"\xcc"]


def _probe(path, monkeypatch, block: int):
    monkeypatch.setattr(csvfile, "_BLOCK", block)
    sink = Sink()
    found = csvfile.probe(path, "t.csv", sink)
    return (found and (found.encoding, found.sha256, found.size, found.head, found.ends_with_newline),
            [d.concise() for d in sink.items])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.sampled_from(_PIECES), max_size=40), block=st.integers(1, 9))
def test_the_blocks_borders_change_nothing(tmp_path_factory, monkeypatch, pieces, block):
    path = tmp_path_factory.mktemp("probe") / "t.csv"
    path.write_bytes(b"id;note\n" + b"".join(pieces))
    assert _probe(path, monkeypatch, block) == _probe(path, monkeypatch, 1 << 20)


def test_a_finnish_letter_across_a_border_shows_utf8(tmp_path, monkeypatch):
    """`ä` (two bytes) is the only non-ASCII text and straddles a border: the file is UTF-8, not ambiguous."""
    head = b"id;note\n1;" + b"x" * 50
    path = tmp_path / "t.csv"
    path.write_bytes(head + "ä".encode() + b"\n")
    found, diagnostics = _probe(path, monkeypatch, len(head) + 1)
    assert found[0] == "utf-8" and diagnostics == []


def test_mojibake_across_a_border_is_placed_on_its_line(tmp_path, monkeypatch):
    head = b"id;note\n1;a\n2;"
    path = tmp_path / "t.csv"
    path.write_bytes(head + "Ã¤".encode() + b"\n3;b\n")
    found, diagnostics = _probe(path, monkeypatch, len(head) + 2)  # the border between `Ã`'s two bytes and `¤`'s
    assert found is None and len(diagnostics) == 1 and "line 3:" in diagnostics[0] and "Ã¤" in diagnostics[0]


def test_a_broken_sequence_left_pending_is_reported_at_its_byte(tmp_path, monkeypatch):
    """`\\xc3` ends a block and the next begins with a line break: the byte named is 0xc3, on its line."""
    head = b"\xef\xbb\xbfid;note\n1;a\n2;\xc3"
    path = tmp_path / "t.csv"
    path.write_bytes(head + b"\n3;b\n")
    found, diagnostics = _probe(path, monkeypatch, len(head))
    assert found is None and len(diagnostics) == 1 and "line 3:" in diagnostics[0] and "0xc3" in diagnostics[0]


def test_a_decomposed_letter_across_a_border_shows_utf8(tmp_path, monkeypatch):
    """`a` and a combining diaeresis (macOS's `ä`), split between blocks, is UTF-8 as in one block."""
    head = b"id;note\n1;" + b"x" * 50 + b"a"
    path = tmp_path / "t.csv"
    path.write_bytes(head + "\u0308".encode() + b"\n")
    for block in (len(head), len(head) + 1, 1 << 20):
        found, diagnostics = _probe(path, monkeypatch, block)
        assert found[0] == "utf-8" and diagnostics == []
