"""The rule book's files as read: the rules digest is of the book's content, the same wherever the book
lies and whatever its folder is called (spec/cli.md: the same run gives the same bytes for the same
inputs); a file that is not UTF-8 is located at the byte that is not."""

from __future__ import annotations

import shutil
from pathlib import Path

from digione_rules.book import load_rule_book
from digione_rules.diagnostics import Sink

RULES = Path(__file__).resolve().parents[2] / "rules"


def _digest(location: Path) -> str:
    sink = Sink()
    book = load_rule_book(location, sink)
    assert book is not None and not sink.has_errors
    return book.digest


def test_a_copy_under_another_name_digests_alike(tmp_path, monkeypatch):
    shutil.copytree(RULES, tmp_path / "elsewhere" / "book")
    digest = _digest(RULES)
    assert _digest(tmp_path / "elsewhere" / "book") == digest
    assert _digest(tmp_path / "elsewhere" / "book" / "main.rules") == digest
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert _digest(Path("book")) == digest


def test_any_change_of_text_or_file_name_changes_it(tmp_path):
    shutil.copytree(RULES, tmp_path / "rules")
    digest = _digest(tmp_path / "rules")
    payments = tmp_path / "rules" / "payments.rules"
    payments.write_text(payments.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert _digest(tmp_path / "rules") != digest


def test_a_byte_that_is_not_utf8_is_located_at_its_line_and_column(tmp_path):
    shutil.copytree(RULES, tmp_path / "rules")
    payments = tmp_path / "rules" / "payments.rules"
    lines = payments.read_bytes().count(b"\n")
    payments.write_bytes(payments.read_bytes() + "# Käsi ".encode() + b"caf\xe9\n")
    sink = Sink()
    load_rule_book(tmp_path / "rules", sink)
    (error,) = [d for d in sink.items if d.code == "S108"]
    assert (error.span.line, error.span.column) == (lines + 1, len("# Käsi caf") + 1)
