"""The output side of `digione-rules check`: formats, --output, --explain, --strict, exit codes, streams."""

from __future__ import annotations

import contextlib
import json
import shutil

import pytest

from digione_rules.cli import main

from .helpers import DATA


def _check(*args: str, cwd=DATA) -> int:
    with contextlib.chdir(cwd):
        return main(["check", "--rules", str(DATA / "rules"), "--as-of", "2025-06-30", *args])


def test_results_to_stdout_and_nothing_to_stderr(capsys):
    """The report goes to stdout; a clean run writes nothing to stderr."""
    assert _check("facts", "--format", "json") == 1
    out, err = capsys.readouterr()
    assert json.loads(out)["summary"]["violated"] == 2 and err == ""


def test_unknown_format_is_a_usage_error(capsys):
    """An unknown --format exits 2 and names the choices on stderr."""
    assert _check("facts", "--format", "yaml") == 2
    out, err = capsys.readouterr()
    assert out == "" and "'yaml' is not one of" in err and "markdown" in err


def test_format_is_case_insensitive(capsys):
    """`--format JSON` is the JSON report."""
    assert _check("facts", "--format", "JSON") == 1
    assert json.loads(capsys.readouterr().out)["as_of"] == "2025-06-30"


def test_output_writes_the_file_and_not_stdout(tmp_path, capsys):
    """--output writes the report to the file; stdout stays empty."""
    target = tmp_path / "report.md"
    assert _check("facts", "--format", "markdown", "--output", str(target)) == 1
    assert capsys.readouterr().out == ""
    assert target.read_text(encoding="utf-8").startswith("# DigiOne compliance report as of 30.6.2025")


def test_unwritable_output_exits_2_without_traceback(tmp_path, capsys):
    """A report that cannot be written is exit 2 with one line on stderr, not a traceback."""
    assert _check("facts", "--output", str(tmp_path / "missing" / "r.txt")) == 2
    err = capsys.readouterr().err
    assert err.startswith("error[C601 bad-usage]: cannot write the report to") and "Traceback" not in err


def test_output_dash_is_stdout(capsys):
    """`--output -` is standard output, as for most tools: no file named `-` is written."""
    assert _check("facts", "--format", "json", "--output", "-") == 1
    assert json.loads(capsys.readouterr().out)["as_of"] == "2025-06-30"
    assert not (DATA / "-").exists()


@pytest.mark.parametrize("where", ["missing/t.xml", "."])
def test_unwritable_test_results_exit_2_without_traceback(tmp_path, capsys, where):
    """`test --output` to a folder that does not exist, or to a folder, is C601 like `check --output`."""
    assert main(["test", "--output", str(tmp_path / where)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error[C601 bad-usage]: cannot write the report to") and "internal error" not in err


def test_explain_adds_computation_to_json_only_when_asked(capsys):
    """--explain adds `computation` to each finding; without it the JSON has no such key."""
    _check("facts", "--format", "json")
    plain = capsys.readouterr().out
    _check("facts", "--format", "json", "--explain")
    explained = json.loads(capsys.readouterr().out)
    assert "computation" not in plain
    finding = explained["results"][2]["findings"][1]
    assert finding["computation"]["condition"] == "paid >= owed within 1,00 €"
    assert finding["computation"]["values"]["shortfall"] == "1 000,00 €"


@pytest.fixture()
def warnings_only(tmp_path):
    """The clean facts with one invoice paid late: a warning and nothing else."""
    folder = tmp_path / "facts"
    shutil.copytree(DATA / "clean", folder)
    payments = folder / "payments.csv"
    payments.write_text(payments.read_text(encoding="utf-8").replace("P-2,2025-03-01", "P-2,2025-03-20"),
                        encoding="utf-8")
    return tmp_path


def test_warnings_pass_unless_strict(warnings_only, capsys):
    """Warnings exit 0, and 1 with --strict."""
    assert _check("facts", cwd=warnings_only) == 0
    assert "1 warning" in capsys.readouterr().out
    assert _check("facts", "--strict", cwd=warnings_only) == 1


def test_no_findings_exits_0(capsys):
    """Facts that break no rule exit 0."""
    assert _check("clean", "--format", "junit") == 0
    assert 'failures="0"' in capsys.readouterr().out


def test_no_colour_when_not_a_terminal(capsys):
    """The text report has no ANSI codes when stdout is not a terminal."""
    _check("facts")
    assert "\x1b[" not in capsys.readouterr().out


def test_help_shows_formats_and_explain():
    """`check --help` lists the formats and the --explain flag."""
    from click.testing import CliRunner

    from digione_rules.cli import cli

    out = CliRunner().invoke(cli, ["check", "--help"]).output
    assert "text|json|junit|sarif|github|markdown" in out and "--explain" in out and "--horizon" in out
