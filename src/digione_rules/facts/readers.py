"""Readers: a path in, `RawTable`s out (header, rows of raw cells with their lines).

A facts folder holds one file per table, named after it (`payments.csv`, `payments.xlsx`…).  A single
file is read as the table its name says, or, for JSON and YAML, as one document with a key per table.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from decimal import Decimal
from pathlib import Path

from ..check.expressions import did_you_mean
from ..check.model import CheckedBook
from ..diagnostics import Sink
from ..source import Span
from .load import DATA_SUFFIXES, RawTable

MAX_FILE_BYTES = 2_000_000_000


def _span(file: str, line: int = 1, column: int = 1) -> Span:
    return Span(file, line, column, line, column + 1)


def read_path(path: Path, book: CheckedBook, sink: Sink) -> list[RawTable]:
    shown = str(path)
    if path.is_dir():
        out: list[RawTable] = []
        files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
        for f in files:
            if f.suffix.lower() in DATA_SUFFIXES:
                out.extend(read_file(f, book, sink))
        if not out and not sink.has_errors:
            sink.error("F409", f"`{shown}` holds no facts file", _span(shown),
                       help=f"name files after tables: {', '.join(f'{t}.csv' for t in book.facts)}")
        return out
    if not path.exists():
        sink.error("F401", f"`{shown}` does not exist", _span(shown))
        return []
    return read_file(path, book, sink)


def read_file(path: Path, book: CheckedBook, sink: Sink) -> list[RawTable]:
    shown = str(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        sink.error("F401", f"cannot read `{shown}`: {e.strerror}", _span(shown))
        return []
    if not data.strip():
        sink.error("F410", f"`{shown}` is empty", _span(shown), help="a facts file needs a header row at least")
        return []
    digest = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    table = path.stem
    if suffix in (".json", ".yaml", ".yml"):
        return _read_document(data, shown, table, book, sink, digest, yaml=suffix != ".json")
    if suffix in (".jsonl", ".ndjson"):
        if not _known_table(table, shown, book, sink):
            return []
        return [_read_jsonl(data, shown, table, sink, digest)]
    if suffix == ".xlsx":
        from .xlsx import read_xlsx

        return read_xlsx(path, shown, book, sink, digest)
    if not _known_table(table, shown, book, sink):
        return []
    raw = read_csv(data, shown, table, sink)
    if raw is not None:
        raw.sha256 = digest
        return [raw]
    return []


def _known_table(table: str, shown: str, book: CheckedBook, sink: Sink) -> bool:
    if table in book.facts:
        return True
    sink.error("F409", f"`{shown}` names no table: `{table}` is not declared", _span(shown),
               help=did_you_mean(table, book.facts) or f"tables are {', '.join(book.facts)}")
    return False


# ------------------------------------------------------------------------------------------- CSV

def decode(data: bytes, shown: str, sink: Sink) -> str | None:
    """UTF-8 (with or without BOM) first; otherwise Windows-1252, the Finnish spreadsheet default."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        sink.error("F401", f"`{shown}` is neither UTF-8 nor Windows-1252 text: byte 0x{data[e.start]:02x} cannot be "
                   "decoded", _span(shown, line))
        return None


def sniff_delimiter(header: str, shown: str, sink: Sink) -> str | None:
    counts = {d: _count_outside_quotes(header, d) for d in (";", ",", "\t")}
    best = max(counts.values())
    if best == 0:
        return ","  # a single column
    winners = [d for d, c in counts.items() if c == best]
    if len(winners) > 1:
        names = {";": "`;`", ",": "`,`", "\t": "TAB"}
        sink.error("F402", f"`{shown}`: cannot tell the delimiter: the header has as many "
                   f"{' as '.join(names[w] for w in winners)}", _span(shown))
        return None
    return winners[0]


def _count_outside_quotes(line: str, ch: str) -> int:
    count, quoted = 0, False
    for c in line:
        if c == '"':
            quoted = not quoted
        elif c == ch and not quoted:
            count += 1
    return count


def read_csv(data: bytes, shown: str, table: str, sink: Sink) -> RawTable | None:
    text = decode(data, shown, sink)
    if text is None:
        return None
    first = text.split("\n", 1)[0].rstrip("\r")
    delimiter = sniff_delimiter(first, shown, sink)
    if delimiter is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list]] = []
    header: list[str] | None = None
    start = 1
    try:
        for cells in reader:
            if header is None:
                header = cells
                start = reader.line_num + 1
                continue
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as e:
        sink.error("F412", f"`{shown}`: {e}", _span(shown, reader.line_num))
        return None
    if header is None:
        sink.error("F410", f"`{shown}` is empty", _span(shown))
        return None
    return RawTable(table, shown, header, rows)


# ------------------------------------------------------------------------------------------- JSON, YAML

def _read_document(data: bytes, shown: str, stem: str, book: CheckedBook, sink: Sink, digest: str,
                   yaml: bool) -> list[RawTable]:
    try:
        if yaml:
            import yaml as _yaml

            doc = _yaml.safe_load(data.decode("utf-8-sig"))
        else:
            doc = json.loads(data.decode("utf-8-sig"), parse_float=Decimal)
    except (ValueError, UnicodeDecodeError) as e:
        line = getattr(e, "lineno", None) or getattr(getattr(e, "problem_mark", None), "line", 0) + 1
        sink.error("F401", f"`{shown}` is not valid {'YAML' if yaml else 'JSON'}: {getattr(e, 'msg', e)}",
                   _span(shown, line or 1, getattr(e, "colno", 1) or 1))
        return []
    except Exception as e:  # yaml.YAMLError and friends
        mark = getattr(e, "problem_mark", None)
        sink.error("F401", f"`{shown}` is not valid YAML: {getattr(e, 'problem', e)}",
                   _span(shown, (mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1))
        return []
    if isinstance(doc, list):
        if not _known_table(stem, shown, book, sink):
            return []
        return [_records(doc, shown, stem, sink, digest, 1)]
    if isinstance(doc, dict):
        out = []
        for key, rows in doc.items():
            if key not in book.facts:
                sink.error("F409", f"`{shown}`: key `{key}` names no table", _span(shown),
                           help=did_you_mean(str(key), book.facts))
                continue
            if not isinstance(rows, list):
                sink.error("F401", f"`{shown}`: `{key}` should be a list of rows", _span(shown))
                continue
            out.append(_records(rows, shown, key, sink, digest, 1))
        return out
    sink.error("F401", f"`{shown}` should hold a list of rows or an object with a key per table", _span(shown))
    return []


def _records(items: list, shown: str, table: str, sink: Sink, digest: str, first_line: int) -> RawTable:
    header: list[str] = []
    for item in items:
        if isinstance(item, dict):
            for k in item:
                if k not in header:
                    header.append(k)
    rows = []
    for n, item in enumerate(items, first_line):
        if not isinstance(item, dict):
            sink.error("F412", f"`{shown}`: row {n} of `{table}` is not an object", _span(shown, n))
            continue
        rows.append((n, [item.get(k) for k in header]))
    return RawTable(table, shown, header, rows, header_line=first_line, sha256=digest)


def _read_jsonl(data: bytes, shown: str, table: str, sink: Sink, digest: str) -> RawTable:
    items, lines = [], []
    for n, line in enumerate(data.decode("utf-8-sig", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            items.append(json.loads(line, parse_float=Decimal))
            lines.append(n)
        except ValueError as e:
            sink.error("F401", f"`{shown}`: line {n} is not JSON: {getattr(e, 'msg', e)}",
                       _span(shown, n, getattr(e, "colno", 1)))
    raw = _records(items, shown, table, sink, digest, 1)
    raw.rows = [(lines[i], cells) for i, (_, cells) in enumerate(raw.rows)]
    return raw
