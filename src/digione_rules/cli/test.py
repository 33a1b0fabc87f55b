"""`digione-rules test`: run the examples written in the rule book, print them pretty or as JUnit XML.

Exit 0 when every example passes, 1 when one fails, 2 when the rule book or an example cannot be
loaded (the others still run and are reported).
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import click

from ._common import ExitCode, SafePath, load_book, print_diagnostics, rules_option, to_stdout, write_output

FORMATS = ("pretty", "junit")


@click.command(epilog="""\b
Examples:
  digione-rules test
  digione-rules test --rules my-rules/ --example grant-over-half
  digione-rules test --format junit --output examples.xml""")
@rules_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="pretty", show_default=True,
              help="Output format.")
@click.option("--example", "example_ids", multiple=True, metavar="ID", help="Run only these examples (repeatable).")
@click.option("--strict", is_flag=True, help="Fail an example on an unexpected warning too, not only on an error.")
@click.option("--output", "-o", type=SafePath(path_type=Path), default=None, help="Write the results to a file.")
def test(rules_path, fmt, example_ids, strict, output):
    """Run the examples of the rule book: facts in, expected results out."""
    from ..testing import run_examples

    book = load_book(rules_path)
    known = {e.id for e in book.examples}
    unknown = [e for e in example_ids if e not in known]
    if unknown:
        from ..check.expressions import did_you_mean
        from ..diagnostics import Diagnostic

        print_diagnostics([Diagnostic("C604", f"no example `{e}` in the rule book", help=did_you_mean(e, known))
                           for e in unknown])
        raise SystemExit(ExitCode.ERROR)
    results = run_examples(book, list(example_ids) or None, strict)
    if not results:
        click.echo("no examples in the rule book", err=True)
        raise SystemExit(ExitCode.OK)
    color = to_stdout(output) and sys.stdout.isatty()
    text = render_junit(results) if fmt == "junit" else render_pretty(results, color)
    write_output(text, output)
    print_diagnostics([d for r in results for d in r.diagnostics], book.sources)
    outcomes = {r.outcome for r in results}
    raise SystemExit(ExitCode.ERROR if "error" in outcomes else ExitCode.FINDINGS if "fail" in outcomes
                     else ExitCode.OK)


# ---------------------------------------------------------------------------------------------- pretty

_MARK = {"pass": ("PASS", "green"), "fail": ("FAIL", "red"), "error": ("ERROR", "red")}


def render_pretty(results, color: bool = False) -> str:
    lines = []
    for r in results:
        word, colour = _MARK[r.outcome]
        head = f"{word:<5} {r.example.id}: {r.example.title}"
        lines.append(click.style(head, fg=colour, bold=True) if color and r.outcome != "pass" else head)
        if r.outcome == "fail":
            lines.extend("  " + line for line in failure_text(r).splitlines())
        elif r.outcome == "error":
            lines.append(f"  --> {r.example.span}: could not run (see the diagnostics)")
    counts = {o: sum(1 for r in results if r.outcome == o) for o in ("pass", "fail", "error")}
    summary = f"{len(results)} example{'s' if len(results) != 1 else ''}: {counts['pass']} passed"
    if counts["fail"]:
        summary += f", {counts['fail']} failed"
    if counts["error"]:
        summary += f", {counts['error']} could not run"
    lines.extend(["", summary])
    return "\n".join(lines) + "\n"


def failure_text(r) -> str:
    """What went wrong in one example: each failure with the line as written, and expected vs reported."""
    from tabulate import tabulate

    from ..literals import format_date

    given = "" if r.example.as_of else " (the latest date in its facts: give `as of` to choose)"
    out = [f"--> {r.example.span}, as of {format_date(r.as_of)}{given}"]
    for f in r.failures:
        out.append(f"{f.rule}: {f.what}" if f.rule else f.what)
        if f.written:
            out.append(f"   {f.span.line} | {f.written}")
        out.extend(f"  reported: {line}" for line in f.reported)
        if f.fields:
            rows = [[("≠ " if same is False else "  ") + name, want, got] for name, want, got, same in f.fields]
            table = tabulate(rows, headers=["", "expected", "reported"], tablefmt="plain", disable_numparse=True)
            out.extend("    " + line for line in table.splitlines())
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------- junit


def render_junit(results) -> str:
    """One testsuite per rule file, one testcase per example (ruff's render/junit.rs); no timings."""
    suites: dict[str, list] = {}
    for r in results:
        suites.setdefault(r.example.span.path, []).append(r)
    root = ET.Element("testsuites", name="digione-rules test", tests=str(len(results)),
                      failures=str(sum(r.outcome == "fail" for r in results)),
                      errors=str(sum(r.outcome == "error" for r in results)))
    for path, items in suites.items():
        suite = ET.SubElement(root, "testsuite", name=path, tests=str(len(items)),
                              failures=str(sum(r.outcome == "fail" for r in items)),
                              errors=str(sum(r.outcome == "error" for r in items)))
        for r in items:
            case = ET.SubElement(suite, "testcase", name=r.example.id, classname=path, file=path,
                                 line=str(r.example.span.line))
            if r.outcome == "fail":
                node = ET.SubElement(case, "failure", message=r.failures[0].what)
                node.text = failure_text(r)
            elif r.outcome == "error":
                node = ET.SubElement(case, "error", message=r.diagnostics[0].message)
                node.text = "\n".join(d.concise() for d in r.diagnostics)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
