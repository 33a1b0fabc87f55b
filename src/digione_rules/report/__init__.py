"""Reporters: one `Report` in, text out; one module per format (ruff's render/).

Each format is `report/<name>_format.py` with `render(report, color=False, explain=False, strict=False) -> str`.
The same report gives the same bytes: no clock, locale or hash order reaches the output.
"""

from __future__ import annotations

import importlib

from .model import Report

FORMATS = ("text", "json", "junit", "sarif", "github", "markdown")


def render(report: Report, fmt: str, color: bool = False, explain: bool = False, strict: bool = False) -> str:
    """The report in a format; `strict`: warnings fail the run (`check --strict`), where a format says so."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format `{fmt}`")
    module = importlib.import_module(f"digione_rules.report.{fmt}_format")
    return module.render(report, color=color, explain=explain, strict=strict)
