"""A file's share of a load, kept apart: the tables reading and building it gave, and what was said.

When two processes load a run's files (parallel.py), each file is read and built as the sequential load
does, but into a sink and a `Problems` of its own; the loader then adds the files' shares to its own in
the order the files are listed, the order one process would have added them in.  So the sink's cap
keeps the same diagnostics, the warnings come in the same order and bad rows are counted per file alike.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from ..check.model import CheckedBook
from ..diagnostics import Diagnostic, Severity, Sink
from .build import build
from .checks import drop_duplicates
from .mapping import Mapping
from .problems import Problems
from .readers import Listed, Read, read_file
from .table import FactTable


@dataclass
class Part:
    said_reading: list[Diagnostic]
    read: Read  # the tables as read, until they are built
    names: list[tuple[str, str]]  # each table read and its file: a table given twice is F414
    tables: list[FactTable | None] = field(default_factory=list)  # each built, None after its errors
    said_building: list[Diagnostic] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)

    @property
    def unreadable(self) -> bool:
        """Whether reading the file was an error: then the load is left to one process (parallel.py)."""
        return any(d.severity is Severity.ERROR for d in self.said_reading)


def _sink() -> Sink:
    """A file's own sink, with no cap: the load's sink applies its cap when the part is added to it."""
    return Sink(cap=sys.maxsize)


def read_part(listed: Listed, book: CheckedBook, mappings: list[Mapping]) -> Part:
    sink = _sink()
    read = read_file(listed.path, book, sink, mappings, listed.explicit)
    return Part(sink.items, read, [(raw.table, raw.file) for raw, _ in read])


def build_part(part: Part, book: CheckedBook) -> None:
    sink = _sink()
    for raw, shape in part.read:
        table = build(raw, book, shape, part.problems, sink)
        part.tables.append(None if table is None else drop_duplicates(table, part.problems))
    part.said_building = sink.items
    part.read = []
