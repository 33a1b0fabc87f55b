"""Broken rule files and what the tool says about them.

Each `check/NAME.rules` marks the lines it expects a diagnostic on with `# expect: CODE` (after the code
on that line, or on a line of its own for the next line of code, as in mypy's test data).  Beside it,
`NAME.out` holds what `digione-rules lint --rules NAME.rules` prints, its code, message, line:column and
caret excerpt, ending with the exit code.  `pytest --update-goldens` rewrites the `.out` files.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

import pytest

from digione_rules.book import load_rule_book
from digione_rules.check import check_book
from digione_rules.cli import main
from digione_rules.diagnostics import Severity, Sink
from digione_rules.lint import lint_book

CASES = Path(__file__).parent / "check"
FILES = sorted(CASES.glob("*.rules"))
_EXPECT = re.compile(r"#\s*expect:\s*([A-Z]\d{3}(?:\s*,\s*[A-Z]\d{3})*)")


def expected(text: str) -> set[tuple[int, str]]:
    """(line, code) pairs from the `# expect:` comments."""
    lines = text.split("\n")
    out = set()
    for i, line in enumerate(lines, 1):
        m = _EXPECT.search(line)
        if not m:
            continue
        target = i
        if line.lstrip().startswith("#"):  # on a line of its own: the next line of code
            target = next(j for j in range(i + 1, len(lines) + 1) if lines[j - 1].strip()
                          and not lines[j - 1].lstrip().startswith("#"))
        out |= {(target, code.strip()) for code in m.group(1).split(",")}
    return out


def diagnostics(path: Path):
    sink = Sink()
    loaded = load_rule_book(path, sink)
    if loaded is not None and not sink.has_errors:
        book = check_book(loaded, sink)
        if not sink.has_errors:
            lint_book(book, sink, _dt.date(2025, 1, 1))
    return sink.sorted()


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_expected_codes_on_expected_lines(path):
    """Every error and warning is on a line that expects its code, and every expectation is met."""
    found = {(d.span.line, d.code) for d in diagnostics(path)
             if d.severity is not Severity.NOTE and d.span is not None and d.span.path.endswith(path.name)}
    assert found == expected(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_output_matches_golden(path, capsys, update_goldens):
    """`lint` prints exactly the `.out` golden: codes, messages, line:column, excerpts, exit code."""
    args = ["lint", "--rules", f"check/{path.name}", "--as-of", "2025-01-01"]
    import os

    cwd = os.getcwd()
    os.chdir(CASES.parent)
    try:
        code = main(args)
    finally:
        os.chdir(cwd)
    captured = capsys.readouterr()
    text = f"$ digione-rules {' '.join(args)}\n{captured.err}{captured.out}exit {code}\n"
    golden = path.with_suffix(".out")
    if update_goldens:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no {golden.name}: run pytest --update-goldens"
    assert text == golden.read_text(encoding="utf-8")


def test_there_are_at_least_25_broken_files():
    """The golden set covers at least 25 broken rule files."""
    assert len(FILES) >= 25


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_messages_follow_the_style(path):
    """Messages are lowercase, end without a period, hold no line breaks, and put help apart."""
    for d in diagnostics(path):
        first = d.message[:1]
        assert not first.isupper() or d.message.split()[0].isupper(), d.message
        assert not d.message.endswith("."), d.message
        assert "\n" not in d.message, d.message
        assert "help" not in d.message and "did you mean" not in d.message, d.message
