"""`digione-rules explain ID`: a rule as an auditor reads it, with the figures in force on a date.

Its title, severity, citations, the Finnish quote, any interpretation; the parameters and tables it
uses with the values in force on the as-of date (and since when, for amended ones); the fact tables it
reads; the examples that exercise it; and its logic as the rule file writes it (the source is literate
and canonical, so it is printed rather than paraphrased), with the comment lines just above it.
"""

from __future__ import annotations

import datetime as _dt
import textwrap

import click

from ..diagnostics import visible_lines
from ._common import ExitCode, load_book, parse_date, print_diagnostics, rules_option, today

WIDTH = 100


@click.command(epilog="""\b
Examples:
  digione-rules explain bf-grant-50pct
  digione-rules explain commitment-2029 --as-of 2023-06-30""")
@click.argument("rule_id", metavar="ID")
@rules_option
@click.option("--as-of", "as_of", callback=parse_date, default=None, metavar="DATE",
              help="Show the parameters in force on this day (default: today).")
def explain(rule_id, rules_path, as_of):
    """Print rule ID: its title, source, quote, parameters in force and logic."""
    book = load_book(rules_path)
    info = book.rules.get(rule_id)
    if info is None:
        from ..check.expressions import did_you_mean
        from ..diagnostics import Diagnostic

        hint = did_you_mean(rule_id, book.rules) or "`digione-rules coverage` lists the rules"
        print_diagnostics([Diagnostic("C603", f"no rule `{rule_id}` in the rule book", help=hint)])
        raise SystemExit(ExitCode.ERROR)
    click.echo(visible_lines(render(book, info, as_of or today())), nl=False)
    raise SystemExit(ExitCode.OK)


def render(book, info, day: _dt.date) -> str:
    from ..literals import format_date

    decl = info.decl
    out = [f"{decl.id}: {decl.title}", ""]
    out += _field("severity", info.severity)
    for citation in decl.meta.sources:
        out += _field("source", citation.describe(book.documents))
    if decl.meta.quote:
        out += _field("quote", f"“{decl.meta.quote}”")
    if decl.meta.interpretation:
        out += _field("interpretation", decl.meta.interpretation)
    if info.reads:
        out += _field("reads facts", ", ".join(sorted(info.reads)))
    examples = [e.id for e in book.examples if decl.id in e.rules or any(x.rule == decl.id for x in e.expects)]
    out += _field("examples", ", ".join(examples) if examples else "none")
    params = sorted(n for n in info.params if n in book.params)
    tables = sorted(n for n in info.params if n in book.tables)
    if params:
        out += ["", f"Parameters in force on {format_date(day)}", ""]
        out += _params(book, params, day)
    for name in tables:
        out += ["", *_table(book, book.tables[name])]
    span = decl.span
    out += ["", f"Rule ({span.path}:{span.line})", ""]
    out += _source(book.sources.get(span.path, ""), span)
    return "\n".join(out) + "\n"


def _field(name: str, text: str) -> list[str]:
    lines = textwrap.wrap(text, WIDTH - 18, break_on_hyphens=False) or [""]
    return [f"  {name:<15} {lines[0]}"] + [f"  {'':<15} {line}" for line in lines[1:]]


def _params(book, names: list[str], day: _dt.date) -> list[str]:
    from tabulate import tabulate

    from .params import in_force

    rows, notes = [], []
    for name in names:
        p = in_force(book, name, day)
        rows.append([name, p.value, p.since_text, p.source])
        if len(p.history) > 1:
            notes.append(f"{name} history: " + ", then ".join(p.history))
        if p.interpretation:
            notes.append(f"{name}: interpretation: {p.interpretation}")
    table = tabulate(rows, headers=["name", "value", "since", "source"], tablefmt="simple", disable_numparse=True)
    out = ["  " + line for line in table.splitlines()]
    if notes:
        out.append("")
    for note in notes:
        out += textwrap.wrap(note, WIDTH, initial_indent="  ", subsequent_indent="    ", break_on_hyphens=False)
    return out


def _table(book, info) -> list[str]:
    from tabulate import tabulate

    from ..evaluate.values import human

    keys = " and ".join(info.key_names)
    head = f"Table {info.name}: {info.value_type} by {keys} ({book.citation(info.decl.meta)})"
    cells = [(k, human(v, info.value_type)) for k, v, _span in info.rows]
    if len(info.key_names) == 2:
        columns = list(dict.fromkeys(str(k[1]) for k, _ in cells))
        by_row: dict[str, dict[str, str]] = {}
        for k, v in cells:
            by_row.setdefault(str(k[0]), {})[str(k[1])] = v
        rows = [[r, *(values.get(c, "") for c in columns)] for r, values in by_row.items()]
        headers = ["", *columns]
    else:
        rows = [[", ".join(str(x) for x in k), v] for k, v in cells]
        headers = [keys, "value"]
    table = tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True,
                     colalign=("left",) + ("right",) * (len(headers) - 1))
    return [head, ""] + ["  " + line for line in table.splitlines()]


def _source(text: str, span) -> list[str]:
    """The rule's lines, with the comment lines right above it and without the blank lines after it."""
    lines = text.splitlines()
    last = span.end_line - 1 if span.end_column == 1 else span.end_line  # end exclusive
    last = min(last, len(lines))
    while last > span.line and (not lines[last - 1].strip() or lines[last - 1].startswith("#")):
        last -= 1  # blank lines, and comments at the margin, which introduce what follows
    first = span.line
    while first > 1 and lines[first - 2].startswith("#"):
        first -= 1
    width = len(str(last))
    return [f"  {n:>{width}} | {lines[n - 1]}".rstrip() for n in range(first, last + 1)]
