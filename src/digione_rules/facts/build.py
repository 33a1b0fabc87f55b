"""Build one `FactTable` from a `RawTable`: match the header, then convert the rows batch by batch.

The header is matched to the rule book's columns (names and Finnish aliases, case, accents, spaces and a
trailing `€` ignored; a mapping's renames first).  Each batch of rows is checked for width, filtered by a
mapping's `skip`/`keep` rules, turned into columns with one `zip`, and each column converted through its
pydantic adapter (columns.py).  A bad cell makes its row bad: the row is left out and a `RowProblem`
says why — or, when the row is blank, it is simply not a row, and when it reads like a totals row, that
is the one problem said about it.  Header errors stop the table; row errors never stop the file.
"""

from __future__ import annotations

import operator
import re
from array import array
from functools import partial
from itertools import islice
from typing import Any, Sequence

from .. import types as T
from ..check.expressions import did_you_mean
from ..check.model import CheckedBook, TableSchema
from ..diagnostics import Sink
from .columns import ColumnConverter
from .convert import column_expected, is_empty, money_cells, shown
from .limits import MAX_COLUMNS, MAX_ROW_PROBLEMS
from .mapping import Shape, header_key
from .models import column_adapter, value_adapter
from .problems import Problems, RowProblem
from .raw import Columns, RawTable, span
from .table import FactTable

_TOTALS = re.compile(r"(kaikki\s+)?(yhteensä|yhteensa|yht\.?|summa|loppusumma|välisumma|valisumma|"
                     r"total|totals|grand total|subtotal|sum)(\b|$).*", re.IGNORECASE)


def spellings(schema: TableSchema, shape: Shape) -> dict[str, str]:
    """Header keys → column names: the columns' names and aliases, then the mapping's renames."""
    names: dict[str, str] = {}
    for col in schema.columns.values():
        for spelling in (col.name, *col.aliases):
            names[header_key(spelling)] = col.name
    names.update(shape.rename)
    return names


def known_cells(schema: TableSchema, shape: Shape):
    """How many cells of a would-be header name a column: the delimiter sniffer's tie-breaker."""
    names = spellings(schema, shape)
    return lambda cells: sum(1 for c in cells if header_key(c) in names)


class _Layout:
    def __init__(self) -> None:
        self.positions: dict[str, int] = {}  # table column → cell index
        self.unnamed: list[int] = []  # cells without a header: must stay empty
        self.keys: dict[str, int] = {}  # header key → cell index, for the mapping's own columns


def _layout(raw: RawTable, schema: TableSchema, shape: Shape, sink: Sink) -> _Layout | None:
    names = spellings(schema, shape)
    layout = _Layout()
    if not raw.header:
        return layout  # a document without one row object: nothing to match, and no rows to read
    bad = False
    where = raw.locator.spans(raw.file, [(raw.header_line, i) for i in range(len(raw.header))])
    # the mapping's renames of columns the file does not have: a header that drifted (`Tositepvm` for
    # `Tositepäivämäärä`) shows as an unknown column, which the help then connects with them
    present = {header_key(cell) for cell in raw.header}
    lost = [k for k in shape.rename if k not in present]
    for pos, cell in enumerate(raw.header):
        key = header_key(cell)
        at = where.get((raw.header_line, pos)) or span(raw.file, raw.header_line, pos + 1)
        layout.keys.setdefault(key, pos)
        if key in shape.drop:
            continue
        if not key:
            layout.unnamed.append(pos)
            continue
        name = names.get(key)
        if name is None:
            if key in shape.consumed:
                continue
            renamed = ", ".join(f"`{shape.spelled.get(k, k)}` to `{shape.rename[k]}`" for k in lost)
            sink.error("F404", f"{raw.table}: unknown column `{shown(cell)}`", at,
                       help=(f"mapping `{shape.source}` renames {renamed}, which the file does not have: if "
                             f"`{shown(cell)}` is one of them under a new name, rename it too") if lost else
                       did_you_mean(shown(cell), list(schema.columns))
                       or f"the columns of `{raw.table}` are {', '.join(schema.columns)}; "
                          "a mapping file can rename or drop columns",
                       notes=_where(raw, pos))
            bad = True
        elif name in layout.positions:
            sink.error("F404", f"{raw.table}: column `{name}` appears twice (`{shown(raw.header[layout.positions[name]])}` "
                       f"and `{shown(cell)}`)", at, notes=_where(raw, pos))
            bad = True
        elif name in shape.constants:
            sink.error("F413", f"{raw.table}: column `{name}` is in the file and a constant of mapping `{shape.source}`",
                       at, help="drop the column or the constant")
            bad = True
        else:
            layout.positions[name] = pos
    for key in shape.consumed:
        if key not in layout.keys:
            sink.error("F413", f"{raw.table}: mapping `{shape.source}` reads column `{key}`, which the file does not "
                       "have", span(raw.file, raw.header_line), help=f"the file's columns are: {_columns(raw)}")
            bad = True
    generated = schema.id_column if shape.id_columns else None
    for col in schema.columns.values():
        given = col.name in layout.positions or col.name in shape.constants or col.name == generated
        if col.required and col.default is None and not given:
            title = sum(1 for cell in raw.header if header_key(cell)) <= 1  # one cell: a title, not a header?
            sink.error("F403", f"{raw.table}: required column `{col.name}` is missing", span(raw.file, raw.header_line),
                       help=f"the file's columns are: {_columns(raw)}" + (
                           f"; the column may also be called {', '.join(f'`{a}`' for a in col.aliases)}"
                           if col.aliases else "") + (
                           "; if that line is a title and the header comes later, a mapping file's header_row = N "
                           "names the header's line" if title else ""))
            bad = True
    return None if bad else layout


def _columns(raw: RawTable) -> str:
    return ", ".join(f"`{shown(h)}`" for h in raw.header)


def _where(raw: RawTable, pos: int) -> tuple[str, ...]:
    note = raw.locator.where(raw.header_line, pos)
    return (note,) if note else ()


class _Lines:
    """The line of each kept row: a `range` while the rows are contiguous, else a compact array."""

    def __init__(self) -> None:
        self.parts: list[Sequence[int]] = []

    def add(self, lines: Sequence[int]) -> None:
        if len(lines):
            self.parts.append(lines)

    def done(self) -> Sequence[int]:
        ranges = all(isinstance(p, range) for p in self.parts)
        if ranges and all(a.stop == b.start for a, b in zip(self.parts, self.parts[1:])):
            return range(self.parts[0].start, self.parts[-1].stop) if self.parts else range(0)
        out = array("q")
        for p in self.parts:
            out.extend(p)
        return out


def column_converters(schema: TableSchema, book: CheckedBook, shape: Shape, typed: bool
                      ) -> dict[str, ColumnConverter]:
    """A converter per column of the table (`typed`: cells may be numbers, dates, booleans)."""
    return {c.name: ColumnConverter(partial(column_adapter, schema, book, c.name, shape.before.get(c.name, ())),
                                    column_expected(c, book),
                                    "a positive amount" if T.strip_optional(c.type) == T.MONEY else "a positive number",
                                    c.unique, typed,
                                    T.strip_optional(c.type) == T.TEXT and not shape.before.get(c.name)
                                    and not c.choices,
                                    (money_cells, partial(value_adapter, schema, book, c.name))
                                    if T.strip_optional(c.type) == T.MONEY and not shape.before.get(c.name)
                                    else None)
            for c in schema.columns.values()}


def build(raw: RawTable, book: CheckedBook, shape: Shape, problems: Problems, sink: Sink) -> FactTable | None:
    schema = book.facts[raw.table]
    if len(raw.header) > MAX_COLUMNS:
        sink.error("F415", f"{raw.table}: the header has {len(raw.header):,} columns, more than the {MAX_COLUMNS:,} the "
                   "loader reads", span(raw.file, raw.header_line), help="is the delimiter right?")
        raw.close()
        return None
    layout = _layout(raw, schema, shape, sink)
    if layout is None:
        raw.close()
        return None
    problems.locators[(raw.table, raw.file)] = raw.locator
    converters = column_converters(schema, book, shape, raw.typed)
    if not _constants_ok(raw, shape, converters, sink):
        raw.close()
        return None
    reader = _BatchReader(raw, schema, shape, layout, converters, problems, sink)
    columns: dict[str, list] = {name: [] for name in schema.columns}
    lines = _Lines()
    order = _IdOrder()
    for batch_lines, rows in raw.batches:
        kept_lines, values = reader.convert(batch_lines, rows)
        lines.add(kept_lines)
        for name, vals in values.items():
            columns[name].extend(vals)
        if schema.id_column and values:
            order.add(values[schema.id_column])
        if problems.in_file(raw.file) + len(raw.problems) > MAX_ROW_PROBLEMS:
            last = batch_lines[-1] if len(batch_lines) else raw.header_line
            sink.error("F415", f"`{raw.file}`: more than {MAX_ROW_PROBLEMS:,} rows cannot be read; the file is not "
                       f"read after line {last:,}", span(raw.file, last),
                       help="so many bad rows mean the export as a whole is not what the table expects: "
                            "check the delimiter, the encoding and the columns")
            raw.close()
            return None
    if reader.failed:
        return None
    for line, message, help, code, index, found, expected in raw.problems:
        problems.add(RowProblem(raw.table, raw.file, line, index, code, message, found, expected, help,
                                sheet=raw.sheet))
    for rule, count in reader.skipped.items():
        sink.note("F417", f"`{raw.file}`: {count} row{'s' if count != 1 else ''} left out by {rule} of mapping "
                  f"`{shape.source}`", span(raw.file, raw.header_line))
    table = FactTable(raw.table, schema, columns, lines.done(), raw.file, raw.sheet, sha256=raw.sha256,
                      columns_at=dict(layout.positions))
    table.distinct = {name: table.n if conv.unique else len(conv.cache)
                      for name, conv in converters.items() if conv.unique or conv.cache}
    table.values_met = {name: set(conv.cache.values()) for name, conv in converters.items()
                        if schema.columns[name].references and conv.cached_all}
    if schema.id_column:
        table._in_id_order = order.ok  # (what `in_id_order` would find, known without a pass of its own)
    return table


class _IdOrder:
    """Whether the ids strictly increase (`FactTable.in_id_order`, with every row an id), told batch by
    batch while the batch's strings are still in the processor's cache: the same comparisons over the
    whole column once it is built cost three to four times as much, each string read from memory again."""

    def __init__(self) -> None:
        self.ok = True
        self.last: Any = None

    def add(self, ids: list) -> None:
        if not self.ok or not ids:
            return
        try:
            self.ok = ids[0] is not None and (self.last is None or self.last < ids[0]) and \
                all(map(operator.lt, ids, islice(ids, 1, None)))
        except TypeError:  # a missing id (None) after the first
            self.ok = False
        self.last = ids[-1]


def _constants_ok(raw: RawTable, shape: Shape, converters: dict[str, ColumnConverter], sink: Sink) -> bool:
    ok = True
    for name, value in shape.constants.items():
        _, bad = converters[name].convert([value])
        for _, p in bad:
            sink.error("F413", f"mapping `{shape.source}`: constant `{name}`: found `{p.found}`, expected {p.expected}",
                       span(shape.source))
            ok = False
    return ok


class _BatchReader:
    def __init__(self, raw: RawTable, schema: TableSchema, shape: Shape, layout: _Layout,
                 converters: dict[str, ColumnConverter], problems: Problems, sink: Sink):
        self.raw, self.schema, self.shape, self.layout = raw, schema, shape, layout
        self.converters, self.problems, self.sink = converters, problems, sink
        self.width = len(raw.header)
        self.skipped: dict[str, int] = {}
        self.failed = False
        self.postings: dict[str, int] = {}
        self.id_positions = [layout.keys[k] for k in shape.id_columns] if shape.id_columns else []
        self.rules = [(layout.keys[k], test, what, skip) for rules, skip in ((shape.skip, True), (shape.keep, False))
                      for k, test, what in rules if k in layout.keys]

    def convert(self, lines: Sequence[int], rows: list[Sequence[Any]] | Columns) -> tuple[Sequence[int], dict[str, list]]:
        if isinstance(rows, Columns) and self.rules:
            rows = rows.rows()
        if isinstance(rows, Columns):  # a plain CSV file's rows, all of the header's width
            cells: Sequence = rows.cells
        else:
            if set(map(len, rows)) != {self.width}:
                lines, rows = self._fit(lines, rows)
            if self.rules and rows:
                lines, rows = self._filter(lines, rows)
            cells = list(zip(*rows))
        n = len(rows)
        if n == 0:
            return (), {}
        self._unnamed(cells, lines)
        values: dict[str, list] = {}
        bad: dict[int, list[tuple[int, str, Any]]] = {}
        for name, conv in self.converters.items():
            pos = self.layout.positions.get(name)
            if pos is not None:
                raw_col: Sequence = cells[pos]
            elif name in self.shape.constants:
                raw_col = [self.shape.constants[name]] * n
            elif self.id_positions and name == self.schema.id_column:
                raw_col = self._ids(cells)
            else:
                raw_col = [None] * n
            vals, errors = conv.convert(raw_col)
            for i, problem in errors:
                bad.setdefault(i, []).append((-1 if pos is None else pos, name, problem))
            values[name] = vals
        if not bad:
            return lines, values
        id_values = values.get(self.schema.id_column) if self.schema.id_column else None
        for i in sorted(bad):
            self._bad_row(lines[i], rows[i], bad[i], id_values[i] if id_values else None)
        keep = [i for i in range(n) if i not in bad]
        return [lines[i] for i in keep], {name: [v[i] for i in keep] for name, v in values.items()}

    def _bad_row(self, line: int, row: Sequence[Any], found: list, row_id: Any) -> None:
        if all(is_empty(c) for c in row):
            return  # a blank row is not a row
        if self._totals(line, row):
            return
        for pos, name, p in sorted(found, key=lambda f: f[0]):
            if p.code == "F406":
                message = f"{self.raw.table}.{name}: found an empty cell, expected {p.expected}"
            else:
                message = f"{self.raw.table}.{name}: found `{p.found}`, expected {p.expected}"
            self.problems.add(RowProblem(self.raw.table, self.raw.file, line, pos, p.code, message, p.found,
                                         p.expected, p.help, sheet=self.raw.sheet, row_id=row_id))

    def _totals(self, line: int, row: Sequence[Any]) -> bool:
        for pos, cell in enumerate(row):
            if isinstance(cell, str) and _TOTALS.fullmatch(cell.strip()):
                label = cell.strip()
                header = shown(self.raw.header[pos]) if pos < len(self.raw.header) else f"column {pos + 1}"
                name = next((n for n, p in self.layout.positions.items() if p == pos), None)
                where = f"{self.raw.table}.{name}" if name else self.raw.table
                word = re.escape(label.split()[0])
                self.problems.add(RowProblem(
                    self.raw.table, self.raw.file, line, pos, "F416",
                    f"{where}: found `{label}`, expected rows of facts, not a totals row", label, "rows of facts",
                    f'leave totals rows out with a mapping file: [[skip]] column = "{header}" matches = "{word}.*"',
                    sheet=self.raw.sheet))
                return True
        return False

    def _fit(self, lines: Sequence[int], rows: list) -> tuple[list[int], list]:
        """Rows of the header's width: blank rows go, empty trailing cells are cut, the rest are bad."""
        out_lines, out_rows = [], []
        width = self.width
        for line, row in zip(lines, rows):
            if len(row) == width:
                out_lines.append(line)
                out_rows.append(row)
            elif all(is_empty(c) for c in row):
                continue
            elif len(row) > width and all(is_empty(c) for c in row[width:]):
                out_lines.append(line)
                out_rows.append(list(row[:width]))
            elif not self._totals(line, row):
                index = width if len(row) > width else len(row)
                self.problems.add(RowProblem(
                    self.raw.table, self.raw.file, line, index, "F412",
                    f"{self.raw.table}: found {len(row)} cells, expected {width} like the header", f"{len(row)} cells",
                    f"{width} cells", "" if self.raw.ends_with_newline else
                    "the file does not end with a line break: it may have been cut short", sheet=self.raw.sheet))
        return out_lines, out_rows

    def _filter(self, lines: Sequence[int], rows: list) -> tuple[list[int], list]:
        out_lines, out_rows = [], []
        for line, row in zip(lines, rows):
            for pos, test, what, skip in self.rules:
                if test(row[pos]) == skip:
                    key = f"`{'skip' if skip else 'keep'}` ({what})"
                    self.skipped[key] = self.skipped.get(key, 0) + 1
                    break
            else:
                out_lines.append(line)
                out_rows.append(row)
        return out_lines, out_rows

    def _unnamed(self, cells: list, lines: Sequence[int]) -> None:
        """A column without a name (a trailing `;` on every line) must be empty; else the file is refused."""
        for pos in list(self.layout.unnamed):
            if not any(cells[pos]):
                continue
            for i, cell in enumerate(cells[pos]):
                if not is_empty(cell):
                    where = self.raw.locator.spans(self.raw.file, [(lines[i], pos)])[(lines[i], pos)]
                    self.sink.error("F404", f"{self.raw.table}: column {pos + 1} has no name in the header but holds "
                                    f"`{shown(cell)}`", where,
                                    help="name the column, or leave it out with a mapping file: drop = [\"\"]")
                    self.layout.unnamed.remove(pos)
                    self.failed = True
                    break

    def _ids(self, cells: list) -> list[str | None]:
        """Ids from the mapping's columns, with each posting line's number within its voucher."""
        sep = self.shape.separator
        parts = [cells[p] for p in self.id_positions]
        out: list[str | None] = []
        for values in zip(*parts):
            if any(is_empty(v) for v in values):
                out.append(None)
                continue
            key = sep.join(shown(v) for v in values)
            if self.shape.posting_lines:
                number = self.postings.get(key, 0) + 1
                self.postings[key] = number
                key = f"{key}{sep}{number}"
            out.append(key)
        return out
