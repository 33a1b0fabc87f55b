"""The lint rules, the consistency checks and the `lint` command."""

from __future__ import annotations

import datetime as _dt
import importlib
import re
from decimal import Decimal
from pathlib import Path

import pytest

from digione_rules import codes
from digione_rules.book import load_rule_book
from digione_rules.check import check_book
from digione_rules.cli import main
from digione_rules.diagnostics import Severity, Sink
from digione_rules.lint import RULES, lint_book

BOOK = Path(__file__).parent / "book"
ROOT = Path(__file__).resolve().parents[2]


def _lint(path: Path):
    sink = Sink()
    book = check_book(load_rule_book(path, sink), sink)
    assert not sink.has_errors, [d.concise() for d in sink.items]
    ctx = lint_book(book, sink, _dt.date(2025, 1, 1))
    return ctx, sink.sorted()


def test_each_lint_rule_fires_where_expected():
    """The test book gives each lint rule its finding, at the line and with the severity expected."""
    _, found = _lint(BOOK)
    got = sorted((d.code, d.span.line, str(d.severity)) for d in found)
    assert got == sorted([
        ("L301", 14, "warning"), ("L301", 17, "warning"), ("L306", 17, "note"),
        ("L309", 35, "note"), ("L305", 39, "note"), ("L304", 44, "warning"),
        ("L302", 60, "warning"), ("L307", 61, "warning"), ("L303", 65, "warning"), ("L308", 65, "note"),
    ])


def test_consistency_outcomes_are_recorded():
    """Each consistency check ends as holds, known or fails, for the summary line."""
    ctx, _ = _lint(BOOK)
    assert ctx.consistency == {"shares-whole": "holds", "funding-total": "known", "funding-2024": "fails"}


def test_known_inconsistency_shows_both_sides_and_the_explanation():
    """A known inconsistency's note gives what each side came to and the `known` text."""
    _, found = _lint(BOOK)
    (note,) = [d for d in found if d.code == "L305"]
    assert note.notes[0].endswith("the left side is 101,00 €, the right side 100,00 €")
    assert note.notes[1].startswith("The cells sum to 101 €")


@pytest.mark.parametrize("rule", RULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_lint_rule_docstring_has_the_four_headings(rule):
    """Every lint rule module documents What it checks, Why it matters, Example and Instead."""
    headings = re.findall(r"^## (.+)$", rule.__doc__, re.MULTILINE)
    assert headings == ["What it checks", "Why it matters", "Example", "Instead"]


@pytest.mark.parametrize("rule", RULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_lint_rule_codes_are_registered_lint_codes(rule):
    """A lint rule's codes are L3xx codes registered in codes.py and named in its docstring."""
    for code in rule.CODES:
        assert code.startswith("L3") and code in codes.CODES
        assert code in rule.__doc__


def test_every_lint_code_has_a_rule():
    """Every L3xx code in codes.py is produced by some lint rule."""
    produced = {c for r in RULES for c in r.CODES}
    assert {c for c in codes.CODES if c.startswith("L")} == produced


def test_packaged_rule_book_lints_without_errors():
    """The rule book that ships has no errors under lint (warnings and notes are allowed)."""
    _, found = _lint(ROOT / "rules")
    assert not [d for d in found if d.severity is Severity.ERROR]


def test_lint_command_exit_codes(capsys):
    """`lint` exits 0 with warnings, 1 with --strict and warnings, and prints a summary line."""
    assert main(["lint", "--rules", str(BOOK), "--as-of", "2025-01-01"]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().splitlines()[-1] == (
        "linted 1 file: 2 rules, 5 parameters, 2 tables, 3 consistency checks (1 holds, 1 known, 1 fails); "
        "0 errors, 6 warnings, 4 notes")
    assert main(["lint", "--rules", str(BOOK), "--strict"]) == 1


def test_lint_command_exits_2_on_errors(tmp_path, capsys):
    """A rule book with a type error makes `lint` exit 2 and show the error with its caret."""
    (tmp_path / "main.rules").write_text(
        'document d "D"\nparameter p: money = 5 € + 31.12.2024\n    source d\n', encoding="utf-8")
    assert main(["lint", "--rules", str(tmp_path)]) == 2
    out = capsys.readouterr()
    assert "error[T204 bad-operands]" in out.out + out.err


def test_a_source_citing_an_undeclared_document_stops_lint_and_check(tmp_path, capsys):
    """A misspelled document in a `source` (the rule book with `muutosopimus` for `muutossopimus`) is an
    unknown name at that `source` line, with a did-you-mean: `lint` and `check` exit 2."""
    import shutil

    book = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", book)
    path = book / "commitment.rules"
    text = path.read_text(encoding="utf-8")
    assert "    source muutossopimus § 7\n" in text
    path.write_text(text.replace("    source muutossopimus § 7\n", "    source muutosopimus § 7\n", 1), encoding="utf-8")
    line = text[: text.index("    source muutossopimus § 7\n")].count("\n") + 1
    assert main(["lint", "--rules", str(book)]) == 2
    out = capsys.readouterr()
    assert f"commitment.rules:{line}:12" in out.out + out.err
    assert "unknown document `muutosopimus`" in out.out + out.err
    assert "did you mean `muutossopimus`?" in out.out + out.err
    facts = ROOT / "fixtures" / "violations" / "commitment-2029"
    assert main(["check", str(facts), "--rules", str(book), "--as-of", "2025-12-31"]) == 2


def test_a_comment_after_a_table_row_is_a_comment(tmp_path, capsys):
    """`| Espoo | 25 % |  # the largest pioneer` in the rule book's share table: the row keeps its two
    cells, `lint` passes, and `fmt` keeps the comment after the row rather than making it a cell."""
    import shutil

    book = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", book)
    path = book / "parameters.rules"
    row = "    | Espoo     | 25 % |\n"
    text = path.read_text(encoding="utf-8")
    assert row in text
    annotated = text.replace(row, row[:-1] + "  # the largest pioneer\n", 1)
    path.write_text(annotated, encoding="utf-8")
    sink = Sink()
    checked = check_book(load_rule_book(book, sink), sink)
    assert not sink.has_errors, [d.concise() for d in sink.items]
    assert checked.tables["share"].cells[("Espoo",)] == Decimal("0.25")
    assert main(["lint", "--rules", str(book)]) == 0
    assert main(["fmt", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == annotated


def test_lint_modules_are_small():
    """Each lint module stays under 400 lines."""
    for path in (ROOT / "src" / "digione_rules" / "lint").rglob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) < 400, path


def test_rules_importable_by_name():
    """The lint rules live in digione_rules.lint.rules, one module per rule."""
    for rule in RULES:
        assert importlib.import_module(rule.__name__) is rule


def test_lint_shows_each_of_the_sources_inconsistencies_as_a_note():
    """spec/clauses.md lists seven inconsistencies that `lint` should show as notes: each is an L305 note
    with its explanation, including those only words can state (no figure to check them by) and the one
    whose figure the rule book follows (the text's 12 members against the figure's 10)."""
    ctx, found = _lint(ROOT / "rules")
    notes = " ".join(" ".join(d.notes) for d in found if d.code == "L305")
    assert [n for n in range(1, 8) if f"Inconsistency {n}:" not in notes] == []
    assert not any(d.code == "L309" and d.notes for d in found)  # no stale `known`
