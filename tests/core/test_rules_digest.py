"""The rules digest is of the rule book's content: the same book digests alike wherever it lies and
whatever its folder is called (spec/cli.md: the same run gives the same bytes for the same inputs)."""

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
