"""The facts digest: sha256 over the canonical content, the same whatever the facts came in.

Canonical content: the tables by name; each table's declared columns; each row's values written one way
(dates ISO, money in cents, parties and enum members by canonical name, numbers normalised, missing
empty), the rows sorted.  So the digest does not change with the format (CSV, JSON, JSONL, YAML, XLSX),
the delimiter, the encoding, the line ends, the column order, the spellings (aliases, business ids,
decimal commas) or the row order — and changes with any value.  Each column's distinct values are
written once and the rows joined and sorted as strings: an export already in id order sorts in one pass.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

from .table import FactTable

_SEP = "\x1f"


def digest(tables: dict[str, FactTable]) -> str:
    h = hashlib.sha256()
    for name in sorted(tables):
        table = tables[name]
        names = list(table.schema.columns)
        h.update(f"table {name}\n{','.join(names)}\n".encode())
        if table.n == 0:
            continue
        columns = [_canonical(table.columns[c]) for c in names]
        rows = list(map(_SEP.join, zip(*columns)))
        rows.sort()
        h.update("\n".join(rows).encode())
        h.update(b"\n")
    return "sha256:" + h.hexdigest()


def _canonical(values: list) -> list[str]:
    """Each value as text, written once per distinct value; text that could blur rows is escaped."""
    distinct = set(values)
    if all(v is None or v.__class__ is str for v in distinct):
        joined = "".join(v for v in distinct if v is not None)
        if "\\" in joined or "\n" in joined or _SEP in joined:
            memo = {v: _escape(v) for v in distinct}
            return list(map(memo.__getitem__, values))
        return [v if v is not None else "" for v in values]
    memo = {v: _text(v) for v in distinct}
    return list(map(memo.__getitem__, values))


def _escape(v: str | None) -> str:
    if v is None:
        return ""
    return v.replace("\\", "\\\\").replace("\n", "\\n").replace(_SEP, "\\x1f")


def _text(v: Any) -> str:
    if v is None:
        return ""
    if v is True or v is False:
        return "true" if v else "false"
    if isinstance(v, Decimal):
        return format(v.normalize(), "f")
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return _escape(str(v))
