"""The JSON report: exactly the shape of spec/cli.md (schema: schemas/report.schema.json)."""

from __future__ import annotations

import json

from .model import Report


def render(report: Report, color: bool = False) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
