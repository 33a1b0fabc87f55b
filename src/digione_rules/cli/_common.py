"""What the commands share: loading the rule book and facts, dates, printing diagnostics, exit codes."""

from __future__ import annotations

import contextlib
import datetime as _dt
import enum
import gc
import sys
from pathlib import Path

import click

from ..diagnostics import Diagnostic, Severity, Sink, render, visible


class ExitCode(enum.IntEnum):
    OK = 0
    FINDINGS = 1
    ERROR = 2


class ReportFormat(str, enum.Enum):
    TEXT = "text"
    JSON = "json"
    JUNIT = "junit"
    SARIF = "sarif"
    GITHUB = "github"
    MARKDOWN = "markdown"


class SafePath(click.Path):
    """click.Path that refuses a path with a NUL byte as bad usage (the operating system would raise
    ValueError on it, an internal error); `click.Path` options all go through it."""

    def convert(self, value, param, ctx):
        if "\x00" in (value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)):
            self.fail("a path cannot hold a NUL byte (\\x00)", param, ctx)
        return super().convert(value, param, ctx)


def rules_option(f):
    return click.option(
        "--rules", "rules_path", type=SafePath(path_type=Path), default=None,
        help="The rule book: a folder with main.rules, or a .rules file (default: the packaged rule book).",
    )(f)


def parse_date(ctx, param, value):
    if value is None:
        return None
    from ..literals import LiteralError, read_date

    try:
        return read_date(value)
    except LiteralError as e:
        raise click.BadParameter(f"found {value!r}, expected {e.expected}") from None


def print_diagnostics(diagnostics: list[Diagnostic], sources: dict[str, str] | None = None,
                      dropped: int = 0) -> None:
    color = sys.stderr.isatty()
    for d in sorted(diagnostics, key=lambda d: d.sort_key):
        click.echo(render(d, sources, color=color), err=True)
        click.echo("", err=True)
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = sum(1 for d in diagnostics if d.severity is Severity.WARNING)
    if errors or warnings:
        parts = []
        if errors:
            parts.append(f"{errors} error{'s' if errors != 1 else ''}")
        if warnings:
            parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
        more = f" (and {dropped} more not shown)" if dropped else ""
        click.echo(", ".join(parts) + more, err=True)


def parse_book(rules_path: Path | None, sink: Sink):
    """The rule book's files parsed (not yet checked), or exit 2 with their diagnostics."""
    from ..book import load_rule_book, packaged_rule_book

    if rules_path is None:
        _note_local_rule_book(packaged_rule_book())
    loaded = load_rule_book(rules_path or packaged_rule_book(), sink)
    if loaded is None or sink.has_errors:
        print_diagnostics(sink.items, loaded.sources if loaded else None, sink.dropped)
        raise SystemExit(ExitCode.ERROR)
    return loaded


def _note_local_rule_book(packaged: Path) -> None:
    """A `rules/` folder here that is not the packaged rule book and differs from it: a contract manager
    editing the repository's rule book after `pip install .` would otherwise be checking the installed copy
    without knowing it.  A note on standard error, nothing more."""
    local = Path("rules")
    try:
        if not (local / "main.rules").is_file() or local.resolve() == packaged.resolve():
            return
        if _rule_texts(local) == _rule_texts(packaged):
            return
    except OSError:
        return
    click.echo("note: this command reads the rule book installed with the package, and ./rules differs from "
               "it: give --rules rules to use ./rules (or install with `pip install -e .`)", err=True)


def _rule_texts(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.rules"))}


def load_book(rules_path: Path | None, show_warnings: bool = False):
    """The checked rule book, or exit 2 with its diagnostics."""
    from ..check import check_book

    sink = Sink()
    book = check_book(parse_book(rules_path, sink), sink)
    if sink.has_errors:
        print_diagnostics(sink.items, book.sources, sink.dropped)
        raise SystemExit(ExitCode.ERROR)
    if show_warnings:
        print_diagnostics(sink.items, book.sources)
    return book


@contextlib.contextmanager
def long_lived():
    """Loading facts and evaluating rules pause the cyclic garbage collector (they make millions of objects
    and no cycles worth finding); what they made lives until the command ends.  Around both, the collector
    stays paused, and what they made is then frozen (`gc.freeze`) before it resumes: else its first pass
    would scan every column of a million rows, a tenth of a second or more, to free nothing.  `main`
    unfreezes it when called in-process."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def load_facts_or_exit(paths: list[Path], book, mappings: tuple[Path, ...] = (), keep_going: bool = False):
    from ..facts.load import load_facts

    sink = Sink(cap=1000)  # the loader shows at most 100 row errors per file, and counts the rest
    facts = load_facts(paths, book, sink, mappings, keep_going)
    if facts is None:
        print_diagnostics(sink.items, None, sink.dropped)
        raise SystemExit(ExitCode.ERROR)
    if sink.items:
        print_diagnostics(sink.items)
    return facts


def today() -> _dt.date:
    return _dt.date.today()


def to_stdout(output: Path | None) -> bool:
    """Whether `--output` means standard output: not given, or `-`."""
    return output is None or str(output) == "-"


def write_output(text: str, output: Path | None) -> None:
    """The report to stdout (`to_stdout`) or FILE, in UTF-8 (undecodable bytes of file names written out);
    a FILE that cannot be written is bad usage (C601, exit 2)."""
    if to_stdout(output):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        output.write_bytes(text.encode("utf-8", "backslashreplace"))
    except OSError as e:
        click.echo(f"error[C601 bad-usage]: cannot write the report to `{visible(str(output))}`: {e.strerror or e}",
                   err=True)
        raise SystemExit(ExitCode.ERROR) from None
