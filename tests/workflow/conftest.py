"""Helpers for the workflow commands' tests: run the command line, compare with golden files.

A golden file (`goldens/NAME.out`) starts with the command, then what it printed on stdout, and ends with
the exit code (Catala's `tests/*/bad/*.catala_en` layout).  `DIGIONE_UPDATE_GOLDENS=1 python -m pytest
tests/workflow` rewrites them; review the diff before committing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from digione_rules.cli import main

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
GOLDENS = HERE / "goldens"


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def run(capsys):
    """Run `digione-rules ARGS…` in-process; `{data}` in an argument is this folder's `data/`."""

    def runner(*args: str) -> Run:
        argv = [a.replace("{data}", str(DATA)) for a in args]
        capsys.readouterr()
        code = main(argv)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return runner


@pytest.fixture
def golden(run):
    """Run a command and compare its stdout and exit code with `goldens/NAME.out`."""

    def check(name: str, *args: str) -> Run:
        result = run(*args)
        text = f"$ digione-rules {' '.join(args)}\n{result.out}[exit {result.code}]\n"
        path = GOLDENS / f"{name}.out"
        if os.environ.get("DIGIONE_UPDATE_GOLDENS") == "1":
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"no golden {path.name}: run with DIGIONE_UPDATE_GOLDENS=1 and review it"
        assert text == path.read_text(encoding="utf-8"), f"{path.name} differs (stderr: {result.err})"
        return result

    return check
