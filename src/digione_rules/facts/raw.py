"""What every reader gives: a `RawTable` — the header, and the rows in batches with the line each began on.

Batches keep memory flat: a million-row export is read, converted and let go of a batch at a time, so
the raw cells of the whole file are never held at once.  A `Locator` turns (line, cell index) into a
position for messages: a character column for CSV, a cell reference for XLSX.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Iterator, Sequence

from ..source import Span

DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".json", ".jsonl", ".ndjson", ".xlsx", ".yaml", ".yml")
BATCH = 2_000  # rows: a batch's cells stay in the processor's cache while they are converted

class Columns:
    """A batch given column by column (a plain CSV file's rows): `cells[j]` holds cell j of every row;
    indexing gives a row, as a list of rows does."""

    __slots__ = ("cells",)

    def __init__(self, cells: list[list[Any]]):
        self.cells = cells

    def __len__(self) -> int:
        return len(self.cells[0]) if self.cells else 0

    def __getitem__(self, i: int) -> list[Any]:
        return [c[i] for c in self.cells]

    def rows(self) -> list[list[Any]]:
        return [list(r) for r in zip(*self.cells)]


class Written:
    """A number of a YAML document as it is written (`2.0`, `1.10`, `2024`): a text column reads its text,
    any other column its number (YAML reads `version: 2.0` as the number 2.0, whose text would be `2`).
    Equal to another only when written alike, so that a column's cache keeps `2.0` and `2` apart."""

    __slots__ = ("text", "number")

    def __init__(self, text: str, number: Any):
        self.text, self.number = text, number

    def __eq__(self, other: object) -> bool:
        return other.__class__ is Written and other.text == self.text  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(("Written", self.text))

    def __repr__(self) -> str:
        return f"Written({self.text!r})"

    def value(self) -> Any:
        """The number, a float as the decimal its text writes (`0.30000000000000004` is that, not 0.3)."""
        if self.number.__class__ is float:
            try:
                exact = Decimal(self.text)
            except InvalidOperation:  # (sexagesimal `1:30.5`, `.inf`)
                return self.number
            if exact.is_finite():
                return exact
        return self.number


Batch = tuple[Sequence[int], "list[Sequence[Any]] | Columns"]  # the line of each row, the rows' cells


def span(file: str, line: int = 1, column: int = 1, end_column: int | None = None) -> Span:
    return Span(file, line, column, line, end_column if end_column is not None else column + 1)


class Locator:
    """Where cell `index` of the row that begins on `line` is, for messages: here, column = index + 1
    (index -1 is the row as a whole)."""

    def spans(self, file: str, points: Iterable[tuple[int, int]]) -> dict[tuple[int, int], Span]:
        return {(line, index): span(file, line, max(index + 1, 1)) for line, index in points}

    def where(self, line: int, index: int) -> str:
        """A note naming the place in terms the file's own program uses (an XLSX sheet and cell)."""
        return ""


@dataclass
class RawTable:
    """A table as read.  Readers of files give `batches`; code with rows in memory (the rule book's
    examples, tests) may give `rows`, (line, cells) pairs, instead."""

    table: str
    file: str  # as the user named it
    header: list[Any]
    rows: Iterable[tuple[int, Sequence[Any]]] = ()
    header_line: int = 1
    sheet: str | None = None
    sha256: str = ""
    locator: Locator = field(default_factory=Locator)
    ends_with_newline: bool = True  # a CSV whose last row has no line break may have been cut short
    # rows the reader could not read: (line, message, help, code, cell index (-1: the row as a whole), found,
    # expected)
    problems: list[tuple] = field(default_factory=list)
    batches: Iterable[Batch] | None = None
    typed: bool = True  # cells may be numbers, dates, booleans (False: CSV, text only)

    def __post_init__(self) -> None:
        if self.batches is None:
            self.batches = batched(self.rows)

    def close(self) -> None:
        """Let go of the file a reader still holds open (when the rows will not be read)."""
        close = getattr(self.batches, "close", None)
        if close is not None:
            close()


def batched(rows: Iterable[tuple[int, Sequence[Any]]], size: int = BATCH) -> Iterator[Batch]:
    """Batches from (line, cells) pairs."""
    lines: list[int] = []
    cells: list[Sequence[Any]] = []
    for line, row in rows:
        lines.append(line)
        cells.append(row)
        if len(cells) >= size:
            yield lines, cells
            lines, cells = [], []
    if cells:
        yield lines, cells
