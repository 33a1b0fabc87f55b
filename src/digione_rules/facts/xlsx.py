"""XLSX workbooks through openpyxl, read-only and with `data_only=True`: formulas are never evaluated.

A formula cell gives the value Excel saved with it; one with no saved value (a workbook written by a
program rather than by Excel) is a bad cell in every column, never an empty one, and messages about it
say it holds a formula.  A workbook is checked against the bounds (limits.py) before openpyxl opens it.  Date cells
arrive as dates and number cells as numbers.  A workbook named after a table (or given one by a
mapping) is read from the sheet named after that table (its name or its Finnish label), else from its one
sheet that holds rows; one with rows on several sheets and none named after the table is refused (F402)
until a mapping names the sheet, never read in part.  Any other workbook gives one table per sheet named
after a table.  Rows are numbered as the sheet numbers them, and
messages name the sheet and the cell.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from typing import Any, Iterator

from ..check.expressions import did_you_mean
from ..check.model import CheckedBook, fold
from ..diagnostics import Sink
from .limits import MAX_BATCH_CELLS, scan_workbook
from .raw import BATCH, Batch, Locator, RawTable, span


def read_xlsx(path: Path, shown: str, book: CheckedBook, sink: Sink, sha256: str, table: str | None,
              sheet: str | None = None, header_row: int | None = None) -> list[RawTable]:
    scanned = scan_workbook(path, shown, sink)  # the bounds, before openpyxl unpacks anything
    if not scanned.ok:
        return []
    wb = _open(path, shown, sink)
    if wb is None:
        return []
    chosen = _sheets(wb, shown, book, sink, table, sheet, header_row)
    shared = _Shared(wb, len(chosen))
    out = []
    for name, tab in chosen:
        raw = _sheet(shared, path, name, tab, shown, sink, sha256, header_row, scanned.formulas)
        if raw is not None:
            out.append(raw)
    return out


class _Shared:
    """One open workbook for the sheets read from it, closed when the last of them is done."""

    def __init__(self, wb, users: int):
        self.wb, self.users = wb, users
        if users == 0:
            wb.close()

    def release(self) -> None:
        self.users -= 1
        if self.users == 0:
            self.wb.close()


def _open(path: Path, shown: str, sink: Sink):
    """The workbook, read-only with saved values only."""
    import openpyxl

    try:
        with warnings.catch_warnings():  # openpyxl warns on stderr of what it leaves out (data validation…)
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # a zip or XML that is not a workbook: openpyxl raises many kinds
        sink.error("F401", f"`{shown}` cannot be opened as an Excel workbook (.xlsx): {_reason(e)}", span(shown),
                   help="save it from Excel as `Excel Workbook (*.xlsx)`, or export it as CSV")
        return None


def _reason(e: Exception) -> str:
    text = str(e).splitlines()[0] if str(e) else type(e).__name__
    return text[:200]


def _sheets(wb, shown: str, book: CheckedBook, sink: Sink, table: str | None, sheet: str | None,
            header_row: int | None = None) -> list[tuple[str, str]]:
    """(sheet, table) pairs to read.  A workbook of one table is read from the sheet named after it, else
    from its one sheet that holds rows; when several do and none is named after the table, which one
    is meant cannot be told (F402): reading one would drop the others' rows without a word."""
    names = list(wb.sheetnames)
    tables = {}
    for name, schema in book.facts.items():
        tables[fold(name)] = name
        if schema.label:
            tables[fold(schema.label)] = name
    if not names:
        sink.error("F410", f"`{shown}` has no sheets", span(shown))
        return []
    if sheet is not None:
        if sheet not in names:
            sink.error("F409", f"`{shown}` has no sheet `{sheet}`", span(shown),
                       help=did_you_mean(sheet, names) or f"its sheets are {', '.join(f'`{n}`' for n in names)}")
            return []
        table = table or tables.get(fold(sheet))
        if table is None:
            sink.error("F409", f"`{shown}`: sheet `{sheet}` names no table", span(shown),
                       help="say which table it is in the mapping file: table = \"payments\"")
            return []
        return [(sheet, table)]
    if table is not None:
        named = [n for n in names if tables.get(fold(n)) == table]
        if named or len(names) == 1:
            return [((named or names)[0], table)]
        holding = [n for n in names if _holds_rows(wb, n, header_row)]
        if len(holding) <= 1:
            return [((holding or names)[0], table)]
        label = book.facts[table].label
        sink.error("F402", f"`{shown}`: cannot tell which sheet holds `{table}`: sheets "
                   f"{_listed(holding)} {'both' if len(holding) == 2 else 'all'} hold rows, and none is named after "
                   "the table", span(shown),
                   help=f"put the rows on one sheet, name that sheet `{table}`"
                        + (f" (or `{label}`)" if label else "")
                        + f", or name the sheet to read in a mapping file: sheet = \"{holding[0]}\"")
        return []
    found = [(n, tables[fold(n)]) for n in names if fold(n) in tables]
    if not found:
        sink.error("F409", f"`{shown}` names no table, and none of its sheets does "
                   f"({', '.join(f'`{n}`' for n in names)})", span(shown),
                   help=f"name the file or a sheet after a table: {', '.join(book.facts)}")
    return found


def _listed(names: list[str]) -> str:
    quoted = [f"`{n}`" for n in names]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1] if len(quoted) > 1 else "".join(quoted)


def _holds_rows(wb, name: str, header_row: int | None) -> bool:
    """Whether a sheet holds a row of facts: a row that is not blank after its header (its first row that
    is not blank, or `header_row`).  A sheet that cannot be read is taken to hold rows."""
    def blank(cells) -> bool:
        return all(c is None or not str(c).strip() for c in cells)

    try:
        ws = wb[name]
        ws.reset_dimensions()
        seen = 0
        for number, cells in enumerate(ws.iter_rows(values_only=True), 1):
            if header_row is not None and number <= header_row or blank(cells):
                continue
            seen += 1
            if seen == (1 if header_row is not None else 2):
                return True
        return False
    except Exception:  # (said when the sheet is read, if it is)
        return True


def _sheet(shared: _Shared, path: Path, name: str, table: str, shown: str, sink: Sink, sha256: str,
           header_row: int | None, formulas: set[str] = frozenset()) -> RawTable | None:
    header = None
    try:
        ws = shared.wb[name]
        ws.reset_dimensions()  # rows as the sheet has them: no pass over the sheet to size it first
        values = ws.iter_rows(values_only=True)
        if str(getattr(ws, "_worksheet_path", "")).lstrip("/") in formulas or not hasattr(ws, "_worksheet_path"):
            values = _lost_formulas_marked(values, path, name)
        rows = enumerate(values, 1)
        for number, cells in rows:
            if header_row is not None and number < header_row:
                continue
            if header_row is not None or any(c is not None and str(c).strip() for c in cells):
                header = (number, list(cells))
                break
    except Exception as e:
        sink.error("F401", f"`{shown}`: sheet `{name}` cannot be read: {_reason(e)}", span(shown))
        shared.release()
        return None
    if header is None:
        shared.release()
        sink.error("F410", f"`{shown}`: sheet `{name}` is empty", span(shown),
                   help="a sheet of facts needs a header row at least")
        return None
    return RawTable(table, shown, header[1], header_line=header[0], sheet=name, sha256=sha256,
                    batches=_batches(shared, rows, len(header[1]), shown, name, sink), locator=XlsxLocator(path, name))


def _batches(shared: _Shared, rows: Iterator, width: int, shown: str, sheet: str, sink: Sink) -> Iterator[Batch]:
    """Rows in batches, each padded to the header's width (a sheet leaves out a row's empty end)."""
    lines: list[int] = []
    cells: list[Any] = []
    read = 0
    try:
        for number, row in rows:
            lines.append(number)
            # a row left out of the sheet's XML (a blank row) comes as a list, the others as tuples
            cells.append(row if len(row) >= width else tuple(row) + (None,) * (width - len(row)))
            read += len(row)
            if len(cells) >= BATCH or read > MAX_BATCH_CELLS:
                yield lines, cells
                lines, cells, read = [], [], 0
    except Exception as e:
        sink.error("F401", f"`{shown}`: sheet `{sheet}` cannot be read after row {lines[-1] if lines else 1}: "
                   f"{_reason(e)}", span(shown))
    finally:
        shared.release()
    if cells:
        yield lines, cells


@dataclass(frozen=True, slots=True)
class LostFormula:
    """A formula cell the workbook saved no value for: every column refuses it (formulas are never
    evaluated), and messages quote the formula."""

    formula: str

    def __str__(self) -> str:
        return f"{self.formula} (a formula with no saved value)"


def _lost_formulas_marked(values: Iterator, path: Path, sheet: str) -> Iterator:
    """The rows, with each formula that has no saved value (an empty cell when read for values) replaced
    by a LostFormula: the sheet is read a second time, for its formulas, in step with the values."""
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        ws = wb[sheet]
        ws.reset_dimensions()
        for row, formulas in zip_longest(values, ws.iter_rows(values_only=True), fillvalue=()):
            lost = {i: f for i, f in enumerate(formulas) if _formula_text(f) and (i >= len(row) or row[i] is None)}
            if lost:
                width = max(len(row), max(lost) + 1)
                row = tuple(LostFormula(_formula_text(lost[i])) if i in lost else (row[i] if i < len(row) else None)
                            for i in range(width))
            yield row
    finally:
        wb.close()


def _formula_text(value: Any) -> str:
    """The formula of a cell read with formulas (`=A1`; array formulas carry it in `.text`), or ''."""
    text = getattr(value, "text", value)
    return text if isinstance(text, str) and text.startswith("=") else ""


class XlsxLocator(Locator):
    """Cells by sheet and reference (`F14`); a formula cell says so, read again only when asked about."""

    def __init__(self, path: Path, sheet: str):
        self.path, self.sheet = path, sheet
        self._formulas: dict[tuple[int, int], str] | None = None

    def where(self, line: int, index: int) -> str:
        from openpyxl.utils import get_column_letter

        cell = f"{get_column_letter(index + 1)}{line}"
        formula = self.formulas().get((line, index))
        if formula:
            return (f"sheet `{self.sheet}`, cell {cell} holds the formula `{formula}`; formulas are never evaluated, "
                    "only the value the workbook saved with them is read")
        return f"sheet `{self.sheet}`, cell {cell}"

    def formulas(self) -> dict[tuple[int, int], str]:
        if self._formulas is None:
            self._formulas = {}
            try:
                import openpyxl

                wb = openpyxl.load_workbook(self.path, read_only=True, data_only=False)
                try:
                    for r, row in enumerate(wb[self.sheet].iter_rows(values_only=True), 1):
                        for c, value in enumerate(row):
                            if isinstance(value, str) and value.startswith("="):
                                self._formulas[(r, c)] = value
                finally:
                    wb.close()
            except Exception:  # the workbook was readable once; if not now, say no more than the cell
                pass
        return self._formulas
