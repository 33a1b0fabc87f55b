"""Helpers for the facts tests: write files into a facts folder, load them, show what the loader said."""

from __future__ import annotations

from pathlib import Path

import pytest

from digione_rules.diagnostics import Sink
from digione_rules.facts.load import load_facts


class Loaded:
    def __init__(self, facts, sink: Sink):
        self.facts = facts
        self.sink = sink

    @property
    def lines(self) -> list[str]:
        """Each diagnostic as one line: code, place, message, then help and notes."""
        out = []
        for d in self.sink.sorted():
            text = f"{d.code} {d.span}: {d.message}"
            if d.help:
                text += f" | help: {d.help}"
            for note in d.notes:
                text += f" | note: {note}"
            out.append(text)
        return out

    def column(self, table: str, name: str) -> list:
        return list(self.facts.tables[table].columns[name])


@pytest.fixture
def load(book, tmp_path, monkeypatch):
    """Write `files` (name → text or bytes) under facts/, then load them as the command line would."""
    monkeypatch.chdir(tmp_path)

    def run(files: dict[str, str | bytes], *, paths: list[str] | None = None, mappings: dict[str, str] | None = None,
            keep_going: bool = False) -> Loaded:
        folder = Path("facts")
        folder.mkdir(exist_ok=True)
        for name, content in files.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            (folder / name).write_bytes(data)
        mapping_paths = []
        for name, text in (mappings or {}).items():
            Path(name).write_text(text, encoding="utf-8")
            mapping_paths.append(Path(name))
        sink = Sink(cap=1000)
        targets = [folder / p for p in paths] if paths else [folder]
        facts = load_facts(targets, book, sink, mapping_paths, keep_going)
        return Loaded(facts, sink)

    return run
