"""The command line: one click group, one module per command, imported only when the command runs.

Exit codes are data (click's UsageError and the `ExitCode` values): 0 every rule holds, 1 a violation
(or, with --strict, a warning) or a failing test, 2 the run could not judge.  Results go to stdout,
diagnostics to stderr.
"""

from __future__ import annotations

import gc
import importlib
import importlib.util

import click

from .. import __version__

COMMANDS = {
    "check": "digione_rules.cli.check:check",
    "lint": "digione_rules.cli.lint:lint",
    "fmt": "digione_rules.cli.fmt:fmt",
    "test": "digione_rules.cli.test:test",
    "explain": "digione_rules.cli.explain:explain",
    "coverage": "digione_rules.cli.coverage:coverage",
    "params": "digione_rules.cli.params:params",
}

SHORT_HELP = {
    "check": "Check facts against the rule book and report every violation.",
    "lint": "Parse and check the rule book; show the notes on the sources' own inconsistencies.",
    "fmt": "Rewrite rule files in the one canonical layout.",
    "test": "Run the examples written in the rule book.",
    "explain": "Print a rule: its title, source, quote, parameters in force and logic.",
    "coverage": "Which clauses have rules, which rules have examples, which the facts exercised.",
    "params": "List the parameters in force on a date, or what an amendment changed.",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return [c for c in COMMANDS if _available(c)]

    def get_command(self, ctx: click.Context, name: str):
        target = COMMANDS.get(name)
        if target is None or not _available(name):
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, SHORT_HELP[name]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _available(name: str) -> bool:
    module = COMMANDS[name].split(":")[0]
    return importlib.util.find_spec(module) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="digione-rules", message="%(prog)s %(version)s")
def cli() -> None:
    """Check DigiOne's money and governance records against the cooperation agreement.

    \b
    Example:
      digione-rules check fixtures/clean --as-of 2025-12-31
    """


def _utf8_streams() -> None:
    """Standard output and error in UTF-8 whatever the locale or PYTHONIOENCODING says, so a report is
    the same bytes everywhere and a character the console's code page lacks (`€` in latin-1, an emoji in
    a note) is never an error; what UTF-8 cannot hold (a file name's undecodable bytes) is written out."""
    import sys

    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8", errors="backslashreplace")
            except (ValueError, OSError):  # a stream already written to in another encoding: leave it
                pass


def main(argv: list[str] | None = None) -> int:
    _utf8_streams()
    try:
        return _main(argv)
    finally:
        if argv is not None:  # in-process (tests, tools): the collector gets back what a command froze
            gc.unfreeze()


def _main(argv: list[str] | None) -> int:
    try:
        cli.main(args=argv, prog_name="digione-rules", standalone_mode=False)
    except click.exceptions.Exit as e:
        return e.exit_code
    except click.UsageError as e:
        e.show()
        return 2
    except click.ClickException as e:
        e.show()
        return 2
    except click.Abort:
        click.echo("aborted", err=True)
        return 2
    except SystemExit as e:  # commands exit with their code
        return int(e.code or 0)
    except BrokenPipeError:
        return 0
    except Exception as e:  # a bug: say so plainly, exit 2, never show users a traceback
        import os
        import traceback

        if os.environ.get("DIGIONE_DEBUG"):
            traceback.print_exc()
        where = traceback.extract_tb(e.__traceback__)[-1]
        click.echo(f"internal error: {type(e).__name__}: {e} (at {os.path.basename(where.filename)}:{where.lineno}); "
                   "please report it; set DIGIONE_DEBUG=1 for the traceback", err=True)
        return 2
    return 0
