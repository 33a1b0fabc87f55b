"""Facts built in memory for the core tests: rows as an export's cells, read by the loader's converters."""

from __future__ import annotations

from digione_rules.diagnostics import Sink
from digione_rules.facts.load import RawTable, build_table
from digione_rules.facts.table import FactSet


def facts_of(book, **tables) -> FactSet:
    """A fact set of `name=(header, rows)` tables, each row on the line after its predecessor."""
    sink = Sink()
    built = {}
    for name, (header, rows) in tables.items():
        raw = RawTable(name, f"{name}.csv", header, [(n + 2, r) for n, r in enumerate(rows)])
        built[name] = build_table(raw, book, sink)
    assert not sink.has_errors, [d.concise() for d in sink.items]
    return FactSet(built, "")
