"""What the reporter tests share: the test rule book, running a check, goldens, and a report with
every oddity (rows without a line, a sheet, a waiver, omitted evidence, notes) built by hand."""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
from pathlib import Path

from digione_rules.book import load_rule_book
from digione_rules.check import check_book
from digione_rules.diagnostics import Sink
from digione_rules.evaluate import evaluate
from digione_rules.facts.load import load_facts
from digione_rules.report.model import (Evidence, Finding, InputFile, ObligationRecord, Pending, Report, RuleResult,
                                        Waived, summarize)

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
GOLDENS = HERE / "goldens"
ROOT = HERE.parent.parent
SUFFIXES = {"text": ".txt", "json": ".json", "junit": ".junit.xml", "sarif": ".sarif", "github": ".github.txt",
            "markdown": ".md"}


@functools.lru_cache(maxsize=None)
def reporter_book():
    sink = Sink()
    checked = check_book(load_rule_book(DATA / "rules", sink), sink)
    assert not sink.has_errors, [d.concise() for d in sink.items]
    return checked


def run(facts: Path | str, as_of: str, horizon: int = 30, rules: list[str] | None = None,
        cwd: Path = DATA) -> Report:
    """Check `facts` (relative to `cwd`, so evidence names stable paths) against the test rule book."""
    book = reporter_book()
    with contextlib.chdir(cwd):
        sink = Sink()
        fact_set = load_facts([Path(facts)], book, sink)
        assert fact_set is not None, [d.concise() for d in sink.items]
        report, errors = evaluate(book, fact_set, _dt.date.fromisoformat(as_of), rules, horizon, "0.1.0")
    assert not errors, [d.concise() for d in errors]
    return report


def check_golden(request, name: str, text: str) -> None:
    """Compare `text` with goldens/NAME, or rewrite it with `pytest --update-goldens`."""
    path = GOLDENS / name
    if request.config.getoption("--update-goldens"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        return
    assert path.exists(), f"no golden {path.name}: run `python -m pytest tests/report --update-goldens`"
    assert text == path.read_bytes().decode("utf-8"), f"{path.name} differs (update with --update-goldens)"


def result(report: Report, rule: str) -> RuleResult:
    (found,) = [r for r in report.results if r.rule == rule]
    return found


DIGEST = "sha256:" + "0" * 64


def odd_report() -> Report:
    """Evidence without a line and from a worksheet, a waived finding, omitted evidence, a rule-wide
    finding (empty subject), an undated pending obligation and a note."""
    no_line = Evidence("payments", "exports/ledger.json", None, "P|1")
    sheet = Evidence("invoices", "exports/Laskut 2025.xlsx", 7, "INV-9", sheet="2025")
    findings = (
        Finding("error", "total over the cap", {}, "2000000.00", "2100000.00", (no_line,), evidence_omitted=3,
                condition="total <= cap", values=(("total", "2 100 000,00 €"), ("cap", "2 000 000,00 €"))),
        Finding("warning", "invoice INV-9 paid late by 3 days", {"party": "Oulu", "invoice": "INV-9"}, None, None,
                (sheet,), waived=Waived("agreed delay", "OR 12.3.2025 § 4", "2025-12-31", "waivers.yaml", 3)),
    )
    pending = (Pending("report for 2025: no due date yet", {"year": 2025}, None),)
    results = [
        RuleResult("cap-rule", "Charges within the cap", "Doc § 1", "error", "violated", findings, pending,
                   subjects=2, obligations=(ObligationRecord({"party": "Oulu", "invoice": "INV-9"}, "10.00", "10.00",
                                                             "2025-03-01", "late"),)),
        RuleResult("empty-rule", "Nothing to see", "Doc § 2", "info", "passed", subjects=0),
    ]
    return Report("0.1.0", "2025-06-30", DIGEST, DIGEST, summarize(results), tuple(results),
                  upcoming=(), horizon_days=30,
                  inputs=(InputFile("payments", "exports/ledger.json", 1, ""),),
                  notes=("facts dated after 2025-06-30 were left out",))

