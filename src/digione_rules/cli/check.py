"""`digione-rules check`: evaluate the rule book over facts and print the report."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .. import __version__
from ..diagnostics import visible
from ._common import ExitCode, ReportFormat, SafePath, load_book, load_facts_or_exit, long_lived, parse_date, \
    print_diagnostics, rules_option, to_stdout, today, write_output
from ._waivers import apply_waivers_option, waivers_option


@click.command(epilog="""\b
Examples:
  digione-rules check fixtures/clean
  digione-rules check payments.csv invoices.csv --as-of 2025-06-30 --format json
  digione-rules check exports/ --rule invoice-paid --rule bf-grant-50pct --strict
  digione-rules check ostolaskut_2024.csv --mapping vantaa_ostolaskut.toml --keep-going""")
@click.argument("facts", nargs=-1, type=SafePath(path_type=Path))
@rules_option
@click.option("--as-of", "as_of", callback=parse_date, default=None, metavar="DATE",
              help="The day the world is judged on (default: today). Facts dated later are left out.")
@click.option("--format", "fmt", type=click.Choice([f.value for f in ReportFormat], case_sensitive=False),
              default=ReportFormat.TEXT.value, show_default=True, help="Report format.")
@click.option("--output", "-o", type=SafePath(path_type=Path, dir_okay=False), default=None,
              help="Write the report to FILE instead of standard output.")
@click.option("--explain", is_flag=True,
              help="After each finding, show the computation: the condition and the values it was judged on.")
@click.option("--rule", "rule_ids", multiple=True, metavar="ID", help="Check only these rules (repeatable).")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--mapping", "mappings", multiple=True, type=SafePath(path_type=Path), metavar="FILE",
              help="A mapping file (TOML or YAML) for exports not in the canonical shape (repeatable).")
@click.option("--keep-going", is_flag=True,
              help="Leave out rows that cannot be read and report them as findings of `facts-readable` (exit 1).")
@click.option("--horizon", type=click.IntRange(0, 3650), default=30, show_default=True,
              help="List obligations falling due within this many days.")
@waivers_option
def check(facts, rules_path, as_of, fmt, output, explain, rule_ids, strict, mappings, keep_going, horizon):
    """Check FACTS (a facts folder or files) against the rule book and report every violation."""
    book = load_book(rules_path)
    unknown = [r for r in rule_ids if r not in book.rules]
    if unknown:
        from ..check.expressions import did_you_mean

        for r in unknown:
            hint = did_you_mean(r, book.rules)
            click.echo(f"error[C603 unknown-rule]: no rule `{visible(r)}` in the rule book" + (f"; {hint}" if hint else ""),
                       err=True)
        raise SystemExit(ExitCode.ERROR)
    if not facts:
        click.echo("error[C601 bad-usage]: no facts given: name a facts folder or files", err=True)
        raise SystemExit(ExitCode.ERROR)
    from ..evaluate import evaluate
    from ..facts.problems import with_unreadable_rows

    with long_lived():
        fact_set = load_facts_or_exit(list(facts), book, mappings, keep_going)
        report, errors = evaluate(book, fact_set, as_of or today(), list(rule_ids) or None, horizon, __version__)
    report = with_unreadable_rows(report, fact_set.unreadable)
    report = apply_waivers_option(report, book, fact_set)
    _emit(report, ReportFormat(fmt.lower()), output, explain, strict)
    if errors:
        print_diagnostics(errors, book.sources)
        raise SystemExit(ExitCode.ERROR)
    code = report.exit_code_strict if strict else report.exit_code
    raise SystemExit(code)


def _emit(report, fmt: ReportFormat, output: Path | None, explain: bool, strict: bool) -> None:
    """Render the report and write it: to stdout (in colour on a terminal, unless NO_COLOR) or to FILE."""
    from ..report import render

    color = to_stdout(output) and fmt is ReportFormat.TEXT and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    write_output(render(report, fmt.value, color=color, explain=explain, strict=strict), output)
