"""Waivers: accepted deviations reported as waived until they expire, never hidden."""

from __future__ import annotations

import datetime as _dt
import json
import shutil

from digione_rules.report.model import Finding, Pending, Report, RuleResult, summarize
from digione_rules.waivers import Waiver, apply_waivers, same_subject

from .conftest import DATA

CHECK = ("check", "{data}/facts", "--rules", "{data}/book", "--format", "json")


def _write(tmp_path, text: str) -> str:
    path = tmp_path / "waivers.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _results(run, *args):
    result = run(*CHECK, *args)
    return result, json.loads(result.out)


def test_waived_until_expiry_then_violated(run):
    """A finding waived until 30.6.2025 is waived as of that day and violated the day after."""
    args = ("--rule", "grant-cap", "--waivers", "{data}/waivers/grant.yaml")
    before, report = _results(run, *args, "--as-of", "2025-06-30")
    (result,) = report["results"]
    assert before.code == 0
    assert result["status"] == "passed"
    assert result["findings"][0]["waived"] == {
        "justification": "the financier accepted the advance; the cap is restored in July",
        "decision": "E1", "expires": "2025-06-30", "file": str(DATA / "waivers/grant.yaml"), "line": 3}
    assert report["summary"]["waived"] == 1 and report["summary"]["violations"] == 0

    after, report = _results(run, *args, "--as-of", "2025-07-01")
    (result,) = report["results"]
    assert after.code == 1
    assert result["status"] == "violated"
    assert "waived" not in result["findings"][0]
    assert "warning[R505 waiver-expired]" in after.err
    assert report["notes"] == [f"{DATA / 'waivers/grant.yaml'}:3: waiver for `grant-cap` [project DigiOne] "
                               "expired on 30.6.2025: it no longer applies"]


def test_dangling_waivers_are_reported_and_not_applied(run, tmp_path):
    """A waiver for an unknown rule or an unknown decision does not apply and is reported."""
    path = _write(tmp_path, """\
waivers:
  - rule: grant-cpa
    justification: a typo in the rule id
    decision: E1
    expires: 2030-01-01
  - rule: grant-cap
    subject: {project: DigiOne}
    justification: a decision that is not among the events
    decision: E9
    expires: 2030-01-01
""")
    result, report = _results(run, "--as-of", "2025-06-30", "--waivers", path)
    assert result.code == 1
    assert result.err.count("R506 waiver-dangling") == 2
    assert "did you mean `grant-cap`?" in result.err
    assert report["summary"].get("waived", 0) == 0
    assert len(report["notes"]) == 2


def test_a_waiver_naming_an_event_that_is_not_a_decision_does_not_apply(run, tmp_path):
    """The decision that accepted a deviation is an event of type `decision`: a report is not one."""
    path = _write(tmp_path, """\
waivers:
  - rule: grant-cap
    subject: {project: DigiOne}
    justification: a progress report, not a decision
    decision: E2
    expires: 2030-01-01
""")
    result, report = _results(run, "--as-of", "2025-06-30", "--waivers", path)
    assert result.code == 1
    assert "names `E2`, which is a report, not a decision: it does not apply" in result.err
    assert report["summary"].get("waived", 0) == 0


def test_waiver_before_its_decision_does_not_apply_yet(run, tmp_path):
    """A waiver whose decision is dated after the as-of date does not apply yet, and says so."""
    path = _write(tmp_path, """\
waivers:
  - rule: grant-cap
    subject: {project: DigiOne}
    justification: accepted in May
    decision: E1
    expires: 2030-01-01
""")
    result, report = _results(run, "--as-of", "2025-04-30", "--rule", "grant-cap", "--waivers", path)
    assert result.code == 1
    assert report["notes"] == [f"{path}:2: waiver for `grant-cap` [project DigiOne] does not apply yet: "
                               "decision `E1` is dated 1.5.2025"]


def test_stale_waiver_is_noted(run, tmp_path):
    """A waiver that matches no finding of a judged rule is noted as removable."""
    path = _write(tmp_path, """\
waivers:
  - rule: invoice-paid
    subject: {invoice: I9}
    justification: paid since
    decision: E1
    expires: 2030-01-01
""")
    _result, report = _results(run, "--as-of", "2025-06-30", "--waivers", path)
    assert report["notes"] == [f"{path}:2: waiver for `invoice-paid` [invoice I9] matched no finding: "
                               "it can be removed"]


def test_bad_waivers_file(run, tmp_path):
    """A waivers file with a bad date or a missing field exits 2, each problem at its line."""
    path = _write(tmp_path, """\
waivers:
  - rule: grant-cap
    subject: {project: DigiOne}
    justification: ""
    decision: E1
    expires: 31.13.2025
""")
    result = run(*CHECK, "--as-of", "2025-06-30", "--waivers", path)
    assert result.code == 2
    assert result.out == ""
    assert f"--> {path}:6:5" in result.err
    assert "`expires`: found `31.13.2025`, expected a date that exists in the calendar" in result.err
    assert f"--> {path}:4:5" in result.err


def test_unreadable_yaml(run, tmp_path):
    """A waivers file that is not YAML exits 2 with R507."""
    result = run(*CHECK, "--waivers", _write(tmp_path, "waivers: [\n"))
    assert result.code == 2
    assert "R507 bad-waiver" in result.err


def test_default_waivers_file_beside_the_rule_book(run, tmp_path):
    """`waivers.yaml` in the rule book's folder applies without `--waivers`, shown as a book file."""
    book = tmp_path / "book"
    shutil.copytree(DATA / "book", book)
    shutil.copy(DATA / "waivers" / "grant.yaml", book / "waivers.yaml")
    result = run("check", "{data}/facts", "--rules", str(book), "--format", "json", "--as-of", "2025-06-30",
                 "--rule", "grant-cap")
    report = json.loads(result.out)
    assert result.code == 0
    assert report["results"][0]["findings"][0]["waived"]["file"] == "book/waivers.yaml"


def _report(result: RuleResult) -> Report:
    return Report("", "2025-06-30", "", "", summarize([result]), (result,))


def _waiver(rule="r", subject=None, expires=_dt.date(2030, 1, 1)) -> Waiver:
    return Waiver(rule, subject or {"invoice": "I1"}, "why", "E1", expires, "waivers.yaml", 2)


def test_waived_rule_with_pending_obligations_is_pending(book):
    """A rule whose only error finding is waived and which has a pending obligation is pending."""
    finding = Finding("error", "short", {"invoice": "I1"}, "500.00", "200.00")
    pending = Pending("not yet due", {"invoice": "I2"}, "2025-07-01")
    result = RuleResult("bf-grant-cap", "t", "s", "error", "violated", (finding,), (pending,), subjects=2)
    waived, diagnostics = apply_waivers(_report(result), [_waiver("bf-grant-cap")], book, None,
                                        _dt.date(2025, 6, 30))
    assert diagnostics == []
    assert waived.results[0].status == "pending"
    assert waived.summary.waived == 1 and waived.summary.violated == 0


def test_only_some_findings_waived_stays_violated(book):
    """A rule keeps `violated` while one of its error findings is not waived."""
    findings = (Finding("error", "a", {"invoice": "I1"}, None, None), Finding("error", "b", {"invoice": "I2"}, None, None))
    result = RuleResult("bf-grant-cap", "t", "s", "error", "violated", findings, subjects=2)
    waived, _ = apply_waivers(_report(result), [_waiver("bf-grant-cap")], book, None, _dt.date(2025, 6, 30))
    assert waived.results[0].status == "violated"
    assert [f.waived is not None for f in waived.results[0].findings] == [True, False]


def test_subject_matches_exactly_and_parties_by_alias(book):
    """A waiver's subject has the finding's keys, with parties named by any alias or business id."""
    assert same_subject({"party": "Vantaan kaupunki"}, {"party": "Vantaa"}, book)
    assert same_subject({"party": "0124610-9", "installment": 2024}, {"party": "Vantaa", "installment": "2024"}, book)
    assert not same_subject({"party": "Vantaa"}, {"party": "Vantaa", "installment": "2024"}, book)
    assert not same_subject({"party": "Espoo"}, {"party": "Vantaa"}, book)
