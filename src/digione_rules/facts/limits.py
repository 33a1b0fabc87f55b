"""The loader's bounds in one place, and the cheap scans that enforce them before a file is parsed.

Every input is bounded so that a hostile or broken export costs bounded time and memory and ends in an
F415 diagnostic naming the bound, never a hang or a MemoryError.  docs/limits.md says why each bound is
what it is.  The scans work on bytes with C-level searches (`bytes.find`, compiled regular expressions),
so they cost a small fraction of the parsing they protect.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import Sink
from .raw import span

if TYPE_CHECKING:
    import zipfile

MAX_LINE_BYTES = 1 << 20  # one physical line of a CSV or JSON Lines file (a cell holds at most 131 072)
MAX_COLUMNS = 16_384  # header cells of any table (Excel's own last column is XFD, 16 384)
MAX_ROWS = 10_000_000  # lines of a CSV or JSON Lines file, rows of a document
MAX_BATCH_CELLS = 5_000_000  # cells read before a batch is converted: a few wide rows cannot fill memory
MAX_ROW_PROBLEMS = 10_000  # bad rows of one file before the file is refused whole
MAX_JSON_BYTES = 256 << 20  # a JSON document is parsed whole (JSON Lines is read row by row)
MAX_YAML_BYTES = 8 << 20  # YAML is parsed whole, by a pure-Python parser (about 1 MB a second, 100 bytes a value)
MAX_XLSX_ENTRIES = 10_000  # files inside a workbook's zip
MAX_XLSX_SHEETS = 1_000
MAX_XLSX_PART_BYTES = 256 << 20  # unpacked size of a part openpyxl reads whole (shared strings, styles…)
MAX_XLSX_SHEET_BYTES = 2 << 30  # unpacked size of one sheet's XML (streamed)
MAX_XLSX_ROW = 1_048_576  # Excel's last row: a row number beyond it would make openpyxl pad with empty rows
MAX_XLSX_CELLS = 20_000_000  # cells of one sheet: openpyxl reads some 100 000 a second

_BLOCK = 1 << 20


def too_large(sink: Sink, shown: str, what: str, line: int = 1, help: str = "") -> None:
    sink.error("F415", f"`{shown}`: {what}", span(shown, line), help=help)


def _n(value: int) -> str:
    return f"{value:,}".replace(",", " ")


# ------------------------------------------------------------------------------------------- lines

@dataclass
class LineScan:
    """What one pass over a text file's bytes found: its hash, lines, and its first line too long."""

    sha256: str = ""
    lines: int = 0
    long_line: int = 0  # the first line longer than MAX_LINE_BYTES (0: none)


class LineMeter:
    """Measures lines block by block (feed each block as it is read): exact for lines longer than one
    block, and MAX_LINE_BYTES is at least a block, so every line too long is found."""

    def __init__(self) -> None:
        self.lines = 0
        self.run = 0  # bytes of the line that is still open
        self.long_line = 0

    def feed(self, block: bytes) -> None:
        first = _first_break(block)
        if first < 0:
            self.run += len(block)
        else:
            if self.run + first > MAX_LINE_BYTES and not self.long_line:
                self.long_line = self.lines + 1
            self.run = len(block) - 1 - max(block.rfind(b"\n"), block.rfind(b"\r"))
        if self.run > MAX_LINE_BYTES and not self.long_line:
            self.long_line = self.lines + block.count(b"\n") + 1
        self.lines += block.count(b"\n")


def _first_break(block: bytes) -> int:
    n, r = block.find(b"\n"), block.find(b"\r")
    return n if r < 0 else r if n < 0 else min(n, r)


def scan_lines(path: Path) -> LineScan:
    """Hash a file and measure its lines in one pass."""
    h = hashlib.sha256()
    meter = LineMeter()
    with open(path, "rb") as f:
        while block := f.read(_BLOCK):
            h.update(block)
            meter.feed(block)
    return LineScan("sha256:" + h.hexdigest(), meter.lines + (1 if meter.run else 0), meter.long_line)


def lines_ok(scan: LineScan | LineMeter, shown: str, sink: Sink) -> bool:
    """Report (F415) a line too long or too many lines; True when the file is within bounds."""
    if scan.long_line:
        too_large(sink, shown, f"line {scan.long_line} is longer than {_n(MAX_LINE_BYTES)} bytes", scan.long_line,
                  help="a line that long is not a row of an export: is the file cut, or not text?")
        return False
    if scan.lines > MAX_ROWS:
        too_large(sink, shown, f"{_n(scan.lines)} lines, more than the {_n(MAX_ROWS)} the loader reads from one file",
                  help="split the export, by year for example")
        return False
    return True


# ------------------------------------------------------------------------------------------- workbooks

_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)
# Tags with or without a namespace prefix (`<row`, `<x:row`), found by their name first and the `<` or `:`
# before it checked after: a pattern that begins with a literal is searched for fast.
_ROW_START = re.compile(rb"row\b(?<=[<:]row)")
_ROW_NUMBER = re.compile(rb"""row\b(?<=[<:]row)[^>]*?\sr\s*=\s*["']([^"']*)["']""")
_CELL = re.compile(rb"c\b(?<=[<:]c)")
_FORMULA = re.compile(rb"f\b(?<=[<:]f)")
_MIN_CELL = 4  # bytes of the shortest cell, `<c/>`: a row of fewer bytes than 4 × MAX_COLUMNS has few enough


@dataclass
class WorkbookScan:
    ok: bool = True
    formulas: set[str] = field(default_factory=set)  # the sheet parts that hold a formula


def scan_workbook(path: Path, shown: str, sink: Sink) -> WorkbookScan:
    """Check a workbook's zip against the bounds before openpyxl reads it: the parts' unpacked sizes
    (which also bound what can be unpacked: zipfile stops at the declared size), the number of sheets,
    and in each sheet's XML (streamed) the row numbers and the cells of each row.  A zip that cannot be
    read is left for openpyxl to describe."""
    import zipfile  # (only workbooks need it: some 5 ms to import)

    found = WorkbookScan()
    try:
        archive = zipfile.ZipFile(path)
    except Exception:  # not a zip, or a damaged one: openpyxl says what is wrong with it
        return found
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_XLSX_ENTRIES:
            too_large(sink, shown, f"the workbook holds {_n(len(entries))} files, more than {_n(MAX_XLSX_ENTRIES)}")
            return WorkbookScan(False)
        sheets = [e for e in entries if _SHEET_PART.fullmatch(e.filename)]
        if len(sheets) > MAX_XLSX_SHEETS:
            too_large(sink, shown, f"the workbook has {_n(len(sheets))} sheets, more than {_n(MAX_XLSX_SHEETS)}")
            return WorkbookScan(False)
        for e in entries:
            limit = MAX_XLSX_SHEET_BYTES if e in sheets else MAX_XLSX_PART_BYTES
            if e.file_size > limit:
                too_large(sink, shown, f"`{e.filename}` unpacks to {_n(e.file_size)} bytes, more than {_n(limit)}",
                          help="a workbook that size is not an export: is it a zip bomb?")
                return WorkbookScan(False)
        for e in sheets:
            try:
                verdict = _scan_sheet(archive, e)
            except Exception:  # a damaged zip (zlib.error, BadZipFile, NotImplementedError…): openpyxl says what
                continue
            if verdict is True:
                found.formulas.add(e.filename)
            elif verdict:
                too_large(sink, shown, f"sheet `{e.filename}`: {verdict}",
                          help="a sheet that size is not an export: save the data range again, or as CSV")
                return WorkbookScan(False)
    return found


def _scan_sheet(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> str | bool:
    """What is out of bounds in one sheet (a message), else whether it holds a formula.  Per piece of a
    megabyte, in C: split at the row tags; the row that runs across pieces has its cells counted, the others
    only when they have room for more than MAX_COLUMNS; row numbers are the largest `r` (or the count of
    rows without one)."""
    formulas = False
    row = 0  # the number of the last row seen
    open_cells = 0  # cells of the row that runs on from the last piece
    total = 0  # the sheet's cells
    carry = b""
    with archive.open(entry) as f:
        while True:
            block = f.read(_BLOCK)
            data = carry + block
            # cut before the last `<`, so that no tag is split between two pieces
            cut = data.rfind(b"<") if block else -1
            cut = len(data) if cut < 0 else cut
            piece, carry = data[:cut], data[cut:]
            if len(carry) > _BLOCK:  # a single tag of a megabyte: no sheet has one
                return "a tag longer than a megabyte"
            rows = _ROW_START.split(piece)
            open_cells += len(_CELL.findall(rows[0]))  # the open row goes on (or ends) in this piece
            if len(rows) > 1:  # rows began here: the last one is the new open row
                full = [open_cells] + [len(_CELL.findall(r)) for r in rows[1:-1] if len(r) > _MIN_CELL * MAX_COLUMNS]
                open_cells = len(_CELL.findall(rows[-1]))
            else:
                full = []
            if max(full, default=0) > MAX_COLUMNS or open_cells > MAX_COLUMNS:
                return f"a row has more than {_n(MAX_COLUMNS)} cells"
            numbers = _ROW_NUMBER.findall(piece)
            started = len(rows) - 1
            largest = max(map(_row_number, numbers), default=0)
            row = max(row, largest) if len(numbers) == started else max(row + started, largest + started - len(numbers))
            if row > MAX_XLSX_ROW:
                return f"row {_n(row)} is beyond Excel's last row, {_n(MAX_XLSX_ROW)}"
            total += len(_CELL.findall(piece))
            if total > MAX_XLSX_CELLS:
                return f"more than {_n(MAX_XLSX_CELLS)} cells"
            formulas = formulas or _FORMULA.search(piece) is not None
            if not block:
                return formulas


def _row_number(text: bytes) -> int:
    if text.isdigit():
        return int(text) if len(text) < 20 else MAX_XLSX_ROW + 1
    try:
        return int(float(text)) if text.strip() else 0
    except (ValueError, OverflowError):
        return 0  # openpyxl refuses it itself
