"""Load facts: files in, a `FactSet` out, or precise errors (F4xx) and no facts at all.

Every reader (csvfile, jsonfile…) yields the same thing, a header and rows of raw cells with their line
numbers; `build_table` does the rest for all of them: match the header to the rule book's columns,
convert each column, check ids and required cells.  References between tables are checked once all
tables are in.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..check.expressions import did_you_mean
from ..check.model import CheckedBook, TableSchema, fold
from ..diagnostics import Diagnostic, Sink
from ..source import Span
from .convert import convert_column
from .table import FactSet, FactTable

DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".json", ".jsonl", ".ndjson", ".xlsx", ".yaml", ".yml")


@dataclass
class RawTable:
    """What a reader gives: the header, the rows with the line each starts on, and where it came from."""

    table: str
    file: str
    header: list[str]
    rows: list[tuple[int, list[Any]]]
    header_line: int = 1
    sheet: str | None = None
    sha256: str = ""


def _span(file: str, line: int, column: int = 1) -> Span:
    return Span(file, line, column, line, column + 1)


def match_header(schema: TableSchema, header: list[str]) -> dict[str, str]:
    """Canonical column names by spelling: the column's name and its aliases, case- and accent-folded."""
    names: dict[str, str] = {}
    for col in schema.columns.values():
        for spelling in (col.name, *col.aliases):
            names[fold(spelling)] = col.name
            names[fold(spelling).replace(" ", "_")] = col.name
    return names


def build_table(raw: RawTable, book: CheckedBook, sink: Sink) -> FactTable | None:
    schema = book.facts[raw.table]
    where = f"{raw.file}" + (f" [{raw.sheet}]" if raw.sheet else "")
    spellings = match_header(schema, raw.header)
    positions: dict[str, int] = {}
    before = len(sink.errors())
    for pos, cell in enumerate(raw.header):
        text = str(cell if cell is not None else "").strip()
        name = spellings.get(fold(text)) or spellings.get(fold(text).replace(" ", "_"))
        if name is None:
            sink.error("F404", f"{raw.table}: unknown column `{text}`", _span(raw.file, raw.header_line, pos + 1),
                       help=did_you_mean(text, [c.name for c in schema.columns.values()])
                       or f"the columns of `{raw.table}` are {', '.join(schema.columns)}; "
                          "a mapping file can rename or drop columns")
            continue
        if name in positions:
            sink.error("F404", f"{raw.table}: column `{name}` appears twice", _span(raw.file, raw.header_line, pos + 1))
            continue
        positions[name] = pos
    for col in schema.columns.values():
        if col.required and col.default is None and col.name not in positions:
            sink.error("F403", f"{raw.table}: required column `{col.name}` is missing",
                       _span(raw.file, raw.header_line),
                       help=f"the file's columns are: {', '.join(str(h) for h in raw.header)}")
    if len(sink.errors()) > before:
        return None
    width = len(raw.header)
    good_rows: list[tuple[int, list]] = []
    for line, cells in raw.rows:
        if len(cells) != width:
            if all((c is None or str(c).strip() == "") for c in cells):
                continue  # a blank line
            sink.error("F412", f"{raw.table}: row has {len(cells)} cells, the header has {width}",
                       _span(raw.file, line))
            continue
        good_rows.append((line, cells))
    lines = [line for line, _ in good_rows]
    columns: dict[str, list] = {}
    for col in schema.columns.values():
        pos = positions.get(col.name)
        if pos is None:
            raw_col = [None] * len(good_rows)
        else:
            raw_col = [cells[pos] for _, cells in good_rows]
        values, errors = convert_column(raw_col, col, book)
        for i, err in errors:
            column = (pos + 1) if pos is not None else 1
            found = err.found if err.code != "F406" else "an empty cell"
            shown = f"`{found}`" if err.code != "F406" else found
            sink.error(err.code, f"{raw.table}.{col.name}: found {shown}, expected {err.expected}",
                       _span(raw.file, lines[i], column))
        columns[col.name] = values
    table = FactTable(raw.table, schema, columns, lines, raw.file, raw.sheet)
    _check_unique(table, positions, sink)
    if len(sink.errors()) > before:
        return None
    table.sha256 = raw.sha256  # type: ignore[attr-defined]
    return table


def _check_unique(table: FactTable, positions: dict[str, int], sink: Sink) -> None:
    for col in table.schema.columns.values():
        if not col.unique:
            continue
        first: dict[Any, int] = {}
        for i, v in enumerate(table.columns[col.name]):
            if v is None:
                continue
            if v in first:
                sink.error("F407", f"{table.name}.{col.name}: `{v}` occurs twice",
                           _span(table.file, table.lines[i], positions.get(col.name, 0) + 1),
                           notes=(f"first at {table.file}:{table.lines[first[v]]}",))
            else:
                first[v] = i


def check_references(tables: dict[str, FactTable], sink: Sink) -> None:
    for table in tables.values():
        for col in table.schema.columns.values():
            if not col.references:
                continue
            target_name, target_col = col.references
            target = tables.get(target_name)
            if target is None:
                continue  # the referenced table was not given: nothing to check against
            known = set(target.columns[target_col])
            for i, v in enumerate(table.columns[col.name]):
                if v is not None and v not in known:
                    sink.error("F408", f"{table.name}.{col.name}: `{v}` is not an id in `{target_name}`",
                               _span(table.file, table.lines[i]),
                               help=f"add the row to `{target_name}`, or correct the reference")


def check_required_when(tables: dict[str, FactTable], book: CheckedBook, sink: Sink) -> None:
    """`body: … required when type in [decision, …]`: a conditional requirement, checked per row."""
    from ..evaluate.context import RunContext

    conditional = [(t, c) for t in tables.values() for c in t.schema.columns.values() if c.required_when is not None]
    if not conditional:
        return
    import datetime as _dt

    ctx = RunContext(book, FactSet(tables, ""), _dt.date.today())
    for table, col in conditional:
        test = ctx.compiler.row_predicate(table.name, col.required_when)
        values = table.columns[col.name]
        for i in range(table.n):
            if values[i] is None and test(table, i):
                sink.error("F406", f"{table.name}.{col.name}: found an empty cell, expected a value on this row "
                           "(the column is required when its condition holds)", _span(table.file, table.lines[i]))


def digest(tables: dict[str, FactTable]) -> str:
    """sha256 over the canonical content: the same whatever format or row order the facts came in."""
    h = hashlib.sha256()
    for name in sorted(tables):
        table = tables[name]
        cols = list(table.schema.columns)
        h.update(f"table {name}\n{','.join(cols)}\n".encode())
        rows = sorted("\x1f".join(_canon(table.columns[c][i]) for c in cols) for i in range(table.n))
        for row in rows:
            h.update(row.encode())
            h.update(b"\n")
    return "sha256:" + h.hexdigest()


def _canon(v: Any) -> str:
    if v is None:
        return ""
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


def load_facts(paths: Iterable[Path], book: CheckedBook, sink: Sink) -> FactSet | None:
    from .readers import read_path

    raws: list[RawTable] = []
    for path in paths:
        raws.extend(read_path(Path(path), book, sink))
    seen: dict[str, RawTable] = {}
    for raw in raws:
        if raw.table in seen:
            sink.error("F414", f"table `{raw.table}` is given twice: by `{seen[raw.table].file}` and `{raw.file}`",
                       _span(raw.file, 1))
        else:
            seen[raw.table] = raw
    if sink.has_errors:
        return None
    tables: dict[str, FactTable] = {}
    for raw in seen.values():
        table = build_table(raw, book, sink)
        if table is not None:
            tables[raw.table] = table
            if table.n == 0:
                sink.warning("F411", f"{raw.table}: the file has a header and no rows", _span(raw.file, 1),
                             help="rules reading this table are reported not_applicable; leave the file out "
                                  "if the table is not part of this export")
    if sink.has_errors:
        return None
    check_references(tables, sink)
    check_required_when(tables, book, sink)
    if sink.has_errors:
        return None
    files = sorted(r.file for r in seen.values())
    return FactSet(tables, digest(tables), files, [d for d in sink.items if d.severity.name != "ERROR"])


def as_diagnostics(sink: Sink) -> list[Diagnostic]:
    return sink.sorted()
