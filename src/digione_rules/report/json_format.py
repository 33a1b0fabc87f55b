"""The JSON report: exactly the shape of spec/cli.md (schema: schemas/report.schema.json).

With `explain`, each finding also carries an optional `computation` key (the condition that failed and
the values in scope), described in the schema; without it the bytes are those of the spec's shape.
"""

from __future__ import annotations

import json

from ._common import json_text
from .model import Report


def render(report: Report, color: bool = False, explain: bool = False, strict: bool = False) -> str:
    return json_text(json.dumps(report.to_dict(explain), indent=2, ensure_ascii=False)) + "\n"
