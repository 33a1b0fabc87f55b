"""Reporters: one `Report` in, text out; one module per format (ruff's render/)."""

from __future__ import annotations

import importlib

from .model import Report

FORMATS = ("text", "json", "junit", "sarif", "github", "markdown")


def render(report: Report, fmt: str, color: bool = False) -> str:
    module = importlib.import_module(f"digione_rules.report.{fmt}_format")
    return module.render(report, color=color)
