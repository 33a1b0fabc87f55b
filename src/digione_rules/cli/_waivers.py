"""The `--waivers` option of `check`: find the waivers file, load it, apply it, tell what did not apply.

The option keeps its value in the click context (`expose_value=False`), so hooking waivers into a
command is two lines that leave its signature alone: `@waivers_option` and `apply_waivers_option(…)`.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import click

from ._common import ExitCode, SafePath, print_diagnostics

_KEY = "digione_rules.waivers"


def waivers_option(f):
    return click.option(
        "--waivers", type=SafePath(path_type=Path), default=None, metavar="FILE", expose_value=False,
        callback=lambda ctx, param, value: ctx.meta.__setitem__(_KEY, value),
        help="Accepted deviations to mark as waived (default: waivers.yaml in the rule book's folder, if present).",
    )(f)


def apply_waivers_option(report, book, facts):
    """The report with the waivers applied; exit 2 when the waivers file cannot be used."""
    given = click.get_current_context().meta.get(_KEY)
    beside = Path(book.root) / "waivers.yaml"
    path = given or (beside if beside.is_file() else None)
    if path is None:
        return report  # no waivers: nothing to import (the waivers module brings in pydantic and YAML)
    from ..diagnostics import Sink
    from ..waivers import apply_waivers, load_waivers

    # a file named on the command line is shown as named; the one beside the rule book as the book's
    # own files are (`rules/waivers.yaml`)
    shown = str(path) if given else str(path.relative_to(Path(book.root).parent))
    sink = Sink()
    waivers = load_waivers(path, shown, sink)
    sources = {shown: path.read_text(encoding="utf-8-sig", errors="replace")} if path.is_file() else None
    if waivers is None:
        print_diagnostics(sink.items, sources)
        raise SystemExit(ExitCode.ERROR)
    report, diagnostics = apply_waivers(report, waivers, book, facts, _dt.date.fromisoformat(report.as_of))
    if diagnostics:
        print_diagnostics(diagnostics, sources)
    return report
