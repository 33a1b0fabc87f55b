"""Every violating and boundary fixture gives exactly the findings its overlay says, through the CLI."""

from __future__ import annotations

import pytest

from .helpers import CASES, CLEAN_AS_OF, FIXTURES, build, case_id, check, finding_key, results


def _folder(case: dict):
    return FIXTURES / case["kind"] / case["id"]


def _params(cases: list[dict], test: str) -> list:
    """The cases as parameters; a case that shows a known defect of its rule is a strict xfail (only for
    the findings test when the case says `xfail_only: findings`)."""
    def marks(c: dict) -> list:
        if not c.get("xfail") or c.get("xfail_only", test) != test:
            return []
        return [pytest.mark.xfail(reason=" ".join(c["xfail"].split()), strict=True)]

    return [pytest.param(c, id=case_id(c), marks=marks(c)) for c in cases]


@pytest.mark.parametrize("case", _params(CASES, "findings"))
def test_case_findings(capsys, case):
    """The case's rule has the expected status and exactly the expected findings."""
    code, report = check(capsys, _folder(case), case["as_of"])
    result = results(report)[case["rule"]]
    expect = case["expect"]
    assert result["status"] == expect["status"], result
    assert sorted(map(finding_key, result["findings"])) == sorted(map(finding_key, expect.get("findings") or []))


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_case_touches_no_other_rule(capsys, case):
    """Every other rule passes or is pending, without findings, and none is not applicable."""
    code, report = check(capsys, _folder(case), case["as_of"])
    others = {rule: (r["status"], r["findings"]) for rule, r in results(report).items()
              if rule != case["rule"] and (r["status"] not in ("passed", "pending") or r["findings"])}
    assert others == {}


@pytest.mark.parametrize("case", _params(CASES, "exit codes"))
def test_case_exit_codes(capsys, case):
    """The run exits 1 only for a violation, and with --strict also for a warning."""
    code, _ = check(capsys, _folder(case), case["as_of"])
    strict, _ = check(capsys, _folder(case), case["as_of"], "--strict")
    assert (code, strict) == (build.exit_code(case), build.strict_exit_code(case))


AS_OF_CHECKS = [pytest.param(case, extra, id=f"{case_id(case)}@{extra['as_of']}",
                             marks=[pytest.mark.xfail(reason=" ".join(extra["xfail"].split()), strict=True)]
                             if extra.get("xfail") else [])
                for case in CASES for extra in case.get("as_of_checks") or []]


@pytest.mark.parametrize("case, extra", AS_OF_CHECKS)
def test_case_as_of(capsys, case, extra):
    """Judged on another day, the rule alone has the status (and findings) the case gives for that day."""
    _, report = check(capsys, _folder(case), extra["as_of"], "--rule", case["rule"])
    result = results(report)[case["rule"]]
    assert result["status"] == extra["status"], result
    if "findings" in extra:
        assert sorted(map(finding_key, result["findings"])) == sorted(map(finding_key, extra["findings"]))


@pytest.mark.parametrize("rule", ["weighted-vote-outcome", "tiera-recusal", "corrective-plan-unanimous"])
def test_a_finding_about_a_vote_names_the_votes_it_rests_on(capsys, rule):
    """spec/cli.md: evidence names the rows the finding rests on, here the `votes` rows as well as the
    decision (a `where` asking for values taken from other rows makes those rows evidence too)."""
    _, report = check(capsys, FIXTURES / "violations" / rule, CLEAN_AS_OF)
    findings = results(report)[rule]["findings"]
    assert findings
    for f in findings:
        assert {"events", "votes"} <= {e["table"] for e in f["evidence"]}, f


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_evidence_names_only_rows_of_the_facts(capsys, case):
    """spec/cli.md: evidence names the rows a finding rests on "with file and line as the user gave them":
    rows of the facts files, never rows of the rule book's own tables (the shares, the seats)."""
    _, report = check(capsys, _folder(case), case["as_of"])
    for result in report["results"]:
        for finding in result["findings"]:
            for e in finding["evidence"]:
                assert not e["file"].endswith(".rules"), (result["rule"], e)
                assert e["file"].startswith(str(_folder(case))), (result["rule"], e)
