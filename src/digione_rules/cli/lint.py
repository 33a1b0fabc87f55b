"""`digione-rules lint`: parse and check the rule book, run the lint rules and the consistency checks."""

from __future__ import annotations

import sys

import click

from ._common import ExitCode, parse_book, parse_date, rules_option, today


@click.command(epilog="""\b
Examples:
  digione-rules lint
  digione-rules lint --rules rules/ --strict
  digione-rules lint --as-of 2024-06-30      # the parameters in force then""")
@rules_option
@click.option("--as-of", "as_of", callback=parse_date, default=None, metavar="DATE",
              help="Evaluate consistency checks with the parameters in force on DATE (default: today).")
@click.option("--strict", is_flag=True, help="Exit 1 when there are warnings.")
def lint(rules_path, as_of, strict):
    """Check the rule book: names, types, units, citations and ids, then the lint rules (L3xx).

    The contract's own arithmetic (the rule book's `consistency` checks) is evaluated, and each result is
    shown: a note when it holds or is a known inconsistency, a warning when it fails unexplained.
    Exit 0 with no errors (warnings and notes allowed), 1 with --strict and warnings, 2 on errors.
    """
    from ..check import check_book
    from ..diagnostics import Severity, Sink, render
    from ..lint import lint_book

    sink = Sink()
    book = check_book(parse_book(rules_path, sink), sink)
    ctx = None
    if not sink.has_errors:
        ctx = lint_book(book, sink, as_of or today())
    color = sys.stdout.isatty()
    for d in sink.sorted():
        click.echo(render(d, book.sources, color=color))
        click.echo("")
    counts = {s: sum(1 for d in sink.items if d.severity is s) for s in Severity}
    click.echo(_summary(book, ctx, counts, sink.dropped))
    if counts[Severity.ERROR]:
        raise SystemExit(ExitCode.ERROR)
    if strict and counts[Severity.WARNING]:
        raise SystemExit(ExitCode.FINDINGS)
    raise SystemExit(ExitCode.OK)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _summary(book, ctx, counts, dropped: int) -> str:
    from ..diagnostics import Severity

    files = _plural(len(book.sources), "file")
    head = f"linted {files}: {_plural(len(book.rules), 'rule')}, {_plural(len(book.params), 'parameter')}, " \
           f"{_plural(len(book.tables), 'table')}"
    if ctx is not None:
        outcomes = list(ctx.consistency.values())
        labels = {"holds": ("holds", "hold"), "known": ("known", "known"), "fails": ("fails", "fail"),
                  "error": ("cannot be evaluated", "cannot be evaluated")}
        parts = [f"{n} {one if n == 1 else many}" for k, (one, many) in labels.items() if (n := outcomes.count(k))]
        head += f", {_plural(len(outcomes), 'consistency check')}" + (f" ({', '.join(parts)})" if parts else "")
    tail = f"{_plural(counts[Severity.ERROR], 'error')}, {_plural(counts[Severity.WARNING], 'warning')}, " \
           f"{_plural(counts[Severity.NOTE], 'note')}"
    more = f" (and {dropped} more not shown)" if dropped else ""
    return f"{head}; {tail}{more}"
