"""The facts digest: sha256 over the canonical content, the same whatever the facts came in.

Canonical content: the tables by name; each table's declared columns in declared order; each value
written one way (dates ISO, money in cents and whole numbers as 8-byte integers, parties and enum members
by canonical name, other numbers normalised, missing empty); the rows in a canonical order — by id where
the table has ids, otherwise by their written form.  So the digest does not change with the format (CSV, JSON, JSONL, YAML, XLSX), the
delimiter, the encoding, the line ends, the column order, the spellings (aliases, business ids, decimal
commas) or the row order — and changes with any value.

It is cheap at a million rows: the columns are hashed one after the other (no row objects), each
column's distinct values are written once, numbers are packed in C, and an export already in id order
is recognised without sorting.
"""

from __future__ import annotations

import hashlib
import sys
from array import array
from decimal import Decimal
from typing import Any, Sequence

from .. import types as T
from ..check.model import ColumnInfo
from .table import FactTable

_CELL = "\x1f"  # between the values of a column (or of a row)
_ROW = "\x1e"


def digest(tables: dict[str, FactTable]) -> str:
    h = hashlib.sha256()
    for name in sorted(tables):
        table = tables[name]
        names = list(table.schema.columns)
        h.update(f"table {name} rows {table.n}\n{','.join(names)}\n".encode())
        if table.n == 0:
            continue
        ids = table.columns[table.schema.id_column] if table.schema.id_column else None
        if ids is not None and (table.in_id_order() or None not in ids):  # (ids in order are all there)
            order = None if table.in_id_order() else sorted(range(table.n), key=ids.__getitem__)
            for c in names:  # column by column: only one column's text is held at a time
                values = table.columns[c]
                h.update(_column_bytes(values if order is None else [values[i] for i in order],
                                       table.schema.columns[c]))
                h.update(_ROW.encode())
        else:
            columns = [_canonical(table.columns[c], table.schema.columns[c]) for c in names]
            rows = list(map(_CELL.join, zip(*columns)))
            rows.sort()
            h.update(_ROW.join(rows).encode())
        h.update(b"\n")
    return "sha256:" + h.hexdigest()


def _column_bytes(values: Sequence, col: ColumnInfo) -> bytes:
    """A column as bytes: whole numbers (money in cents) as 8-byte little-endian integers, the rest as text."""
    if T.strip_optional(col.type) in (T.MONEY, T.INTEGER):
        try:  # a missing value (None) is not an integer: the column is then written as text
            packed = array("q", values)
        except (OverflowError, TypeError):
            pass
        else:
            if sys.byteorder != "little":
                packed.byteswap()
            return b"#" + packed.tobytes()
    if _is_text(col):  # joined once: only text holding a separator or a backslash is written again, escaped
        values = _present(values, col)
        text = _CELL.join(values)
        if "\\" in text or _ROW in text or text.count(_CELL) != len(values) - 1:
            text = _CELL.join(map(_escape, values))
        return text.encode()
    return _CELL.join(_canonical(values, col)).encode()


def _is_text(col: ColumnInfo) -> bool:
    base = T.strip_optional(col.type)
    return base in (T.TEXT, T.PARTY, T.PARTY_OR_TEXT) or (isinstance(base, T.Type) and base.name == "enum")


def _present(values: Sequence, col: ColumnInfo) -> Sequence:
    """Text values with a missing one written as empty."""
    if not (col.required or col.default is not None) and None in values:
        return ["" if v is None else v for v in values]
    return values


def _canonical(values: Sequence, col: ColumnInfo) -> Sequence[str]:
    """Each value as text (written once per distinct value where that pays); text that could blur cells
    is escaped."""
    base = T.strip_optional(col.type)
    if _is_text(col):
        values = _present(values, col)
        joined = "".join(values)
        if "\\" in joined or _CELL in joined or _ROW in joined:
            return list(map(_escape, values))
        return values
    if base in (T.MONEY, T.INTEGER) and None not in values:
        return list(map(str, values))
    memo = {v: _text(v) for v in set(values)}
    return list(map(memo.__getitem__, values))


def _escape(v: Any) -> str:
    if v is None:
        return ""
    return str(v).replace("\\", "\\\\").replace(_CELL, "\\x1f").replace(_ROW, "\\x1e")


def _text(v: Any) -> str:
    if v is None:
        return ""
    if v is True or v is False:
        return "true" if v else "false"
    if isinstance(v, Decimal):
        return format(v.normalize(), "f")
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)
