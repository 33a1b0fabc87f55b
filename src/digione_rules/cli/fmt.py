"""`digione-rules fmt`: rewrite rule files in the one canonical layout, or say which would change."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import click

from ..diagnostics import Diagnostic, Sink, visible
from ..source import Span
from ._common import ExitCode, SafePath, print_diagnostics


@click.command(epilog="""\b
Examples:
  digione-rules fmt                      # rewrite the packaged rule book in place
  digione-rules fmt rules/ --check       # exit 1 and list the files that would change
  digione-rules fmt rules/payments.rules --diff""")
@click.argument("paths", nargs=-1, type=SafePath(path_type=Path))
@click.option("--check", is_flag=True, help="Write nothing; list the files that would change and exit 1 if any.")
@click.option("--diff", "show_diff", is_flag=True, help="Write nothing; print a unified diff of the changes.")
def fmt(paths, check, show_diff):
    """Rewrite rule files (PATHS: files or folders; default: the rule book) in the canonical layout.

    Comments are kept. The result is parsed again and compared with the original before anything is
    written: a file that does not parse, or whose meaning would change, is left as it is (exit 2).
    """
    from ..book import packaged_rule_book
    from ..fmt import format_text

    sink = Sink()
    files = _rule_files(list(paths) or [packaged_rule_book()], sink)
    sources: dict[str, str] = {}
    changed: list[str] = []
    for path in files:
        shown = str(path)
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as e:
            sink.error("S108", f"`{shown}` is not UTF-8 text: byte {e.start} cannot be decoded", Span(shown, 1, 1, 1, 1))
            continue
        except OSError as e:
            sink.error("C602", f"cannot read `{shown}`: {e.strerror}")
            continue
        sources[shown] = text
        result = format_text(text, shown)
        if not result.ok:
            sink.extend(result.diagnostics)
            continue
        if result.text == text:
            continue
        changed.append(shown)
        if show_diff:
            sys.stdout.writelines(difflib.unified_diff(
                text.splitlines(keepends=True), result.text.splitlines(keepends=True), shown, shown + " (formatted)"))
        elif check:
            click.echo(visible(shown))
        else:
            path.write_text(result.text, encoding="utf-8")
            click.echo(f"formatted {visible(shown)}", err=True)
    if sink.items:
        print_diagnostics(sink.items, sources, sink.dropped)
    if sink.has_errors:
        raise SystemExit(ExitCode.ERROR)
    if check and changed:
        click.echo(f"{len(changed)} file{'s' if len(changed) != 1 else ''} would be reformatted", err=True)
        raise SystemExit(ExitCode.FINDINGS)
    raise SystemExit(ExitCode.OK)


def _rule_files(paths: list[Path], sink: Sink) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(p.rglob("*.rules")))
        elif p.is_file():
            files.append(p)
        else:
            sink.add(Diagnostic("C602", f"no rule file or folder at `{p}`"))
    return files
