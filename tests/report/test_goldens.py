"""Golden files for every format: the shared sample facts, a run with no findings, and a hand-built
report with rows that have no line.  `python -m pytest tests/report --update-goldens` rewrites them."""

from __future__ import annotations

import contextlib

import pytest

from digione_rules.cli import main
from digione_rules.report import FORMATS, render

from .helpers import DATA, SUFFIXES, check_golden, odd_report

CASES = [  # (golden name, facts folder, extra arguments, exit code)
    ("sample", "facts", [], 1),
    ("sample-explain", "facts", ["--explain"], 1),
    ("clean", "clean", [], 0),
]


def _cli(tmp_path, facts: str, fmt: str, extra: list[str]) -> tuple[int, str]:
    out = tmp_path / "report.out"
    with contextlib.chdir(DATA):
        code = main(["check", facts, "--rules", "rules", "--as-of", "2025-06-30", "--format", fmt,
                     "--output", str(out), *extra])
    return code, out.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name,facts,extra,code", CASES, ids=[c[0] for c in CASES])
def test_cli_golden(request, tmp_path, name, facts, extra, code, fmt):
    """`check --format F --output FILE` writes the golden bytes for each case and exits as the spec says."""
    got_code, text = _cli(tmp_path, facts, fmt, extra)
    assert got_code == code
    check_golden(request, f"{name}{SUFFIXES[fmt]}", text)


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_line_golden(request, fmt):
    """A report whose evidence has no line, a worksheet, a waiver and omitted rows renders as its golden."""
    check_golden(request, f"no-line{SUFFIXES[fmt]}", render(odd_report(), fmt, explain=True))


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_twice_gives_same_bytes(tmp_path, fmt):
    """Two runs over the same inputs give byte-identical reports."""
    assert _cli(tmp_path, "facts", fmt, []) == _cli(tmp_path, "facts", fmt, [])
