"""Load facts: paths (and mapping files) in, a `FactSet` out, or precise errors (F4xx) and no facts.

Readers give `RawTable`s (readers.py); each is built into a `FactTable` (build.py); then ids, references
and `required when` are checked across rows and tables (checks.py), and the canonical content is digested
(digest.py).  Every error of every file is collected in one run.  Bad rows are `RowProblem`s: without
`keep_going` they are errors and no facts are returned; with it, they are left out and handed on, so that
the report says which rows were not read (problems.py).  A large export's files are read and built in two
processes (parallel.py), with the same result and the same diagnostics.

`build_table`, `check_references` and `check_required_when` are the same steps for tables held in memory
(the rule book's examples, tests), reporting straight to a sink.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Iterable

from ..check.model import CheckedBook
from ..diagnostics import Severity, Sink
from .build import build
from .checks import drop_dangling, drop_duplicates, drop_missing_required, fill_from_references
from .digest import digest
from .mapping import Mapping, Shape, load_mapping
from .parallel import load_apart
from .parts import Part
from .problems import Problems
from .raw import RawTable, span
from .readers import read_path
from .table import FactSet, FactTable

__all__ = ["load_facts", "build_table", "check_references", "check_required_when", "digest", "RawTable"]


def load_facts(paths: Iterable[Path], book: CheckedBook, sink: Sink, mappings: Iterable[Path] = (),
               keep_going: bool = False) -> FactSet | None:
    # The loader makes millions of objects and no cycles: the cyclic collector would only rescan them.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load([Path(p) for p in paths], book, sink, [Path(m) for m in mappings], keep_going)
    finally:
        if enabled:
            gc.enable()


def _load(paths: list[Path], book: CheckedBook, sink: Sink, mapping_paths: list[Path], keep_going: bool
          ) -> FactSet | None:
    maps: list[Mapping] = []
    for m in mapping_paths:
        loaded = load_mapping(m, book, sink)
        if loaded is not None:
            maps.append(loaded)
    if sink.has_errors:
        return None
    skip = {m.resolve() for m in mapping_paths}
    parts = load_apart(paths, book, maps, skip)
    built = _read_and_build(paths, book, sink, maps, skip) if parts is None else _merge(parts, sink)
    if built is None:
        return None
    tables, problems = built
    # rows left out for a missing `required when` value first: a row naming one of them dangles, and says so
    drop_missing_required(tables, book, problems)
    drop_dangling(tables, problems)
    fill_from_references(tables)
    if problems and (not keep_going or sink.has_errors):
        problems.report_to(sink)
    if sink.has_errors:
        return None
    bad_tables = {p.table for p in problems.items}
    for name, table in tables.items():
        if table.n == 0 and name not in bad_tables:
            sink.warning("F411", f"{name}: the file has a header and no rows", span(table.file),
                         help="it is read as no facts of its kind: a rule never passes on it (not_applicable), "
                              "but may find a violation in it beside other tables' rows (invoices and no "
                              "payments); leave the file out if the table is not part of this export")
    files = sorted({t.file for t in tables.values()})
    warnings = [d for d in sink.items if d.severity is not Severity.ERROR]
    return FactSet(tables, digest(tables), files, warnings, problems.items if keep_going else [])


def _read_and_build(paths: list[Path], book: CheckedBook, sink: Sink, maps: list[Mapping], skip
                    ) -> tuple[dict[str, FactTable], Problems] | None:
    """Every file read (none built when one cannot be), then each built, in one process."""
    read = []
    for path in paths:
        read.extend(read_path(path, book, sink, maps, skip))
    if not _given_once([(raw.table, raw.file) for raw, _ in read], sink):
        for raw, _ in read:
            raw.close()
        return None
    problems = Problems()
    tables: dict[str, FactTable] = {}
    for raw, shape in read:
        table = build(raw, book, shape, problems, sink)
        if table is not None:
            tables[raw.table] = drop_duplicates(table, problems)
    return tables, problems


def _merge(parts: list[Part], sink: Sink) -> tuple[dict[str, FactTable], Problems] | None:
    """The files' parts, loaded apart (parallel.py), added up as `_read_and_build` would have: what
    reading said, F414, then what building said and the bad rows, file by file."""
    for part in parts:
        sink.extend(part.said_reading)
    if not _given_once([name for part in parts for name in part.names], sink):
        return None
    problems = Problems()
    tables: dict[str, FactTable] = {}
    for part in parts:
        sink.extend(part.said_building)
        for problem in part.problems.items:
            problems.add(problem)
        problems.locators.update(part.problems.locators)
        for (name, _), table in zip(part.names, part.tables):
            if table is not None:
                tables[name] = table
    return tables, problems


def _given_once(names: list[tuple[str, str]], sink: Sink) -> bool:
    """F414 for each table given by a second file; whether the tables read may be built (no error yet)."""
    seen: dict[str, str] = {}
    for table, file in names:
        if table in seen:
            sink.error("F414", f"table `{table}` is given twice: by `{seen[table]}` and `{file}`", span(file),
                       help="a table is read from one file: join exports of several periods into one file "
                            "(one header), or check each in a run of its own")
        seen.setdefault(table, file)
    return not sink.has_errors


# ------------------------------------------------------------------------------ tables held in memory

def build_table(raw: RawTable, book: CheckedBook, sink: Sink, shape: Shape | None = None) -> FactTable | None:
    """One table with unique ids, or None after its errors (cells located by cell number)."""
    problems = Problems()
    table = build(raw, book, shape or Shape(), problems, sink)
    if table is not None:
        table = drop_duplicates(table, problems)
    problems.report_to(sink)
    return None if problems or table is None else table


def check_references(tables: dict[str, FactTable], sink: Sink) -> None:
    problems = Problems()
    drop_dangling(tables, problems)
    fill_from_references(tables)
    problems.report_to(sink)


def check_required_when(tables: dict[str, FactTable], book: CheckedBook, sink: Sink) -> None:
    problems = Problems()
    drop_missing_required(tables, book, problems)
    problems.report_to(sink)
