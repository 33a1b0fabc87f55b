"""Formatter goldens: each `cases/NAME.rules` formats to `NAME.rules.formatted`, or fails as `NAME.rules.error` says.

Run `python -m pytest tests/fmt --update-goldens` to rewrite the expectations from the formatter's output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from digione_rules.fmt import format_text

CASES = Path(__file__).parent / "cases"
FILES = sorted(CASES.glob("*.rules"))


def _expected(path: Path, result) -> tuple[Path, str]:
    if result.ok:
        return path.with_name(path.name + ".formatted"), result.text
    lines = [f"{d.span.line}:{d.span.column} " if d.span else "" for d in result.diagnostics]
    text = "".join(f"{where}{d.code} {d.message}\n" for where, d in zip(lines, result.diagnostics))
    return path.with_name(path.name + ".error"), text


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_formats_as_expected(path, update_goldens):
    """The file formats to its `.formatted` golden, or fails with its `.error` golden."""
    result = format_text(path.read_text(encoding="utf-8"), path.name)
    golden, text = _expected(path, result)
    other = golden.with_name(path.name + (".error" if golden.suffix == ".formatted" else ".formatted"))
    if update_goldens:
        golden.write_text(text, encoding="utf-8")
        other.unlink(missing_ok=True)
    assert golden.exists(), f"no golden {golden.name}: run pytest --update-goldens"
    assert not other.exists(), f"{other.name} should not exist beside {golden.name}"
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", [p for p in FILES if p.with_name(p.name + ".formatted").exists()],
                         ids=lambda p: p.stem)
def test_golden_is_a_fixed_point(path):
    """Formatting a formatted golden gives it back unchanged (idempotence)."""
    text = path.with_name(path.name + ".formatted").read_text(encoding="utf-8")
    assert format_text(text, path.name).text == text


def test_identity_file_is_canonical():
    """`identity.rules` holds one construct per line in canonical form, and formats to itself."""
    text = (Path(__file__).parent / "identity.rules").read_text(encoding="utf-8")
    result = format_text(text, "identity.rules")
    assert result.ok, [d.concise() for d in result.diagnostics]
    assert result.text == text
