"""Write one table in each format the loader reads (the tests' own exports)."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
from decimal import Decimal
from typing import Any

import openpyxl


def csv_bytes(header: list[str], rows: list[list[Any]], delimiter: str = ";", encoding: str = "utf-8",
              newline: str = "\n", bom: bool = False) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    writer.writerows([["" if c is None else c for c in row] for row in rows])
    data = buf.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def _plain(value: Any) -> Any:
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def json_bytes(header: list[str], rows: list[list[Any]]) -> bytes:
    items = [{k: _plain(v) for k, v in zip(header, row) if v is not None} for row in rows]
    return json.dumps(items, ensure_ascii=False, indent=1, default=str).encode("utf-8")


def jsonl_bytes(header: list[str], rows: list[list[Any]]) -> bytes:
    lines = [json.dumps({k: _plain(v) for k, v in zip(header, row) if v is not None}, ensure_ascii=False,
                        default=str) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def xlsx_bytes(header: list[Any], rows: list[list[Any]], title: str = "payments") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    ws.append(header)
    for row in rows:
        ws.append([float(v) if isinstance(v, Decimal) else v for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
