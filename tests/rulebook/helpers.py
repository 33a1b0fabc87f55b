"""What the rule-book tests share: the fixtures' build script, running the checker, reading its JSON."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from digione_rules.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
CLEAN_AS_OF = "2025-12-31"


def _load_build():
    spec = importlib.util.spec_from_file_location("fixtures_build", FIXTURES / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rule_ids() -> list[str]:
    from digione_rules.book import load_rule_book
    from digione_rules.check import check_book
    from digione_rules.diagnostics import Sink

    sink = Sink()
    loaded = load_rule_book(ROOT / "rules", sink)
    return sorted(check_book(loaded, sink).rules) if loaded is not None and not sink.has_errors else []


build = _load_build()
CASES = build.cases()
RULE_IDS = _rule_ids()


def case_id(case: dict) -> str:
    return f"{case['kind']}/{case['id']}"


_RUNS: dict[tuple, tuple[int, dict]] = {}


def check(capsys, facts: Path, as_of: str, *extra: str) -> tuple[int, dict]:
    """`digione-rules check FACTS --format json --as-of D …`: the exit code and the JSON report.

    Each distinct command runs once per session; the tests of a fixture share its report.
    """
    args = ("check", str(facts), "--format", "json", "--as-of", as_of, *extra)
    if args not in _RUNS:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        assert code in (0, 1), captured.err
        _RUNS[args] = (code, json.loads(captured.out))
    code, report = _RUNS[args]
    return code, json.loads(json.dumps(report))


def results(report: dict) -> dict[str, dict]:
    return {r["rule"]: r for r in report["results"]}


def finding_key(f: dict) -> tuple:
    """A finding as a case writes it: severity, subject (values as text), expected, actual."""
    subject = tuple(sorted((k, str(v)) for k, v in f["subject"].items()))
    return (f.get("severity", "error"), subject, f.get("expected"), f.get("actual"))


def without_files(report: dict) -> dict:
    """The report less what names the input files (their paths, sheets and bytes)."""
    out = json.loads(json.dumps(report))
    out.pop("inputs", None)
    for r in out["results"]:
        for item in [*r["findings"], *r.get("pending", [])]:
            for ev in item["evidence"]:
                ev.pop("file", None)
                ev.pop("sheet", None)
    return out
