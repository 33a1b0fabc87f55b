"""Helpers for the robustness tests: load facts from files written here, run the command line in-process."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path

import pytest

from digione_rules.diagnostics import Sink
from digione_rules.facts.load import load_facts


@dataclass
class Loaded:
    facts: object
    sink: Sink

    @property
    def codes(self) -> list[str]:
        return [d.code for d in self.sink.sorted()]

    @property
    def text(self) -> str:
        return "\n".join(d.concise() + (f" | help: {d.help}" if d.help else "") +
                         "".join(f" | note: {n}" for n in d.notes) for d in self.sink.sorted())


@pytest.fixture
def load(book, tmp_path):
    """Write `files` (name → text or bytes) into a facts folder and load it; mappings beside it."""

    def run(files: dict[str, str | bytes], mappings: dict[str, str | bytes] | None = None,
            keep_going: bool = False, paths: list[str] | None = None) -> Loaded:
        folder = tmp_path / "facts"
        folder.mkdir(exist_ok=True)
        for name, content in files.items():
            (folder / name).write_bytes(content.encode() if isinstance(content, str) else content)
        mapping_paths = []
        for name, content in (mappings or {}).items():
            (tmp_path / name).write_bytes(content.encode() if isinstance(content, str) else content)
            mapping_paths.append(tmp_path / name)
        sink = Sink(cap=1000)
        targets = [folder / p for p in paths] if paths else [folder]
        return Loaded(load_facts(targets, book, sink, mapping_paths, keep_going), sink)

    return run


@dataclass
class Ran:
    code: int
    out: str
    err: str


def cli(*args: str) -> Ran:
    """`digione-rules ARGS` in this process: exit code, stdout, stderr."""
    from digione_rules.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return Ran(code, out.getvalue(), err.getvalue())


PAYMENTS = "id;date;kind;payer;payee;amount\n"


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return folder
