"""A rule some of whose tables were not given (facts.md: every table is optional).

It runs with those tables read as empty, and what it finds counts only where it did not rest on them: a
termination notice in `events` breaks the commitment whether or not the payments were given, but an
invoice is not unpaid because no ledger was given.  A rule with nothing left to say is `not_applicable`,
with the reason, as one none of whose tables were given.
"""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pytest

from .helpers import CASES, FIXTURES, ROOT, case_id, check, results

EVENTS = "id,date,type,body,subject,party,project,version,installment,amount,outcome,ref,effective\n"
PAYMENTS = "id,date,kind,payer,payee,amount,project,installment,invoice\n"
INVOICES = "id,date,kind,issuer,recipient,amount,installment,due\n"


def _facts(folder: Path, **tables: str) -> Path:
    """A facts folder of these tables (the checks run once per folder and date: a new folder each time)."""
    folder.mkdir(exist_ok=True)
    for name, text in tables.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def _rule(capsys, folder: Path, rule: str, as_of: str) -> tuple[int, dict]:
    code, report = check(capsys, folder, as_of, "--rule", rule)
    return code, results(report)[rule]


def test_a_year_without_a_fee_in_a_ledger_alone_breaks_the_commitment(capsys, tmp_path):
    """commitment-2029 judges a ledger given without the events as one in which no pioneer left."""
    ledger = PAYMENTS + "".join(f"P{k},2024-02-09,service_fee,{p},Tiera,100.00,,2024,\n"
                                for k, p in enumerate(["Oulu", "Tampere", "Turku", "Vantaa", "Lahti", "Jyväskylä"]))
    code, result = _rule(capsys, _facts(tmp_path / "a", payments=ledger), "commitment-2029", "2025-01-01")
    assert (code, result["status"]) == (1, "violated")
    assert [f["subject"] for f in result["findings"]] == [{"party": "Espoo", "year": 2024}]


def test_a_termination_notice_breaks_the_commitment_without_a_ledger(capsys, tmp_path):
    folder = _facts(tmp_path / "a", events=EVENTS + "T1,2024-11-01,termination_notice,,,Espoo,,,,,,,2026-12-31\n")
    code, result = _rule(capsys, folder, "commitment-2029", "2025-01-01")
    assert (code, result["status"]) == (1, "violated")
    assert [f["subject"] for f in result["findings"]] == [{"party": "Espoo", "event": "T1"}]
    assert result["reason"] == ("judged on the facts given only: no facts given for `payments`, which this rule "
                                "reads")


def test_what_rests_on_a_table_not_given_is_not_reported(capsys, tmp_path):
    """The years without a maintenance fee need the payments; with only events, nothing is left."""
    folder = _facts(tmp_path / "a", events=EVENTS + "C1,2024-04-23,decision,steering_group,checkpoint_review,,,,,,,,\n")
    code, result = _rule(capsys, folder, "commitment-2029", "2026-01-01")
    assert (code, result["status"], result["findings"]) == (0, "not_applicable", [])
    assert result["reason"] == "no facts given for `payments`, which this rule reads"


def test_a_branch_decided_by_a_table_not_given_rests_on_it(capsys, tmp_path):
    """A requirement on the payments given, inside an `if` that asked the invoices (not given): what it
    finds rests on the invoices too, and is not reported."""
    book = tmp_path / "book"
    book.mkdir()
    (book / "main.rules").write_text("""\
document d "D"

facts payments
    dated by date
    id: text required unique
    date: date required
    amount: money required
    invoice: text

facts invoices
    dated by date
    id: text required unique
    date: date required

rule unbilled-small "a payment that names no invoice given is small"
    severity error
    source d
    for each payment p in payments:
        if none(invoices where id = p.invoice):
            require p.amount < 100 €
""", encoding="utf-8")
    folder = _facts(tmp_path / "a", payments="id,date,amount,invoice\nP1,2024-02-09,500.00,L1\n")
    code, report = check(capsys, folder, "2026-01-01", "--rules", str(book))
    assert (code, results(report)["unbilled-small"]["status"]) == (0, "not_applicable")
    folder = _facts(tmp_path / "b", payments="id,date,amount,invoice\nP1,2024-02-09,500.00,L1\n",
                    invoices="id,date\nL2,2024-02-01\n")
    code, report = check(capsys, folder, "2026-01-01", "--rules", str(book))
    assert (code, results(report)["unbilled-small"]["status"]) == (1, "violated")


def test_an_invoice_is_not_unpaid_when_no_ledger_was_given(capsys, tmp_path):
    invoices = INVOICES + "I1,2024-01-01,service_fee,Tiera,Espoo,1000.00,,2024-01-31\n"
    code, result = _rule(capsys, _facts(tmp_path / "a", invoices=invoices), "invoice-paid", "2024-03-01")
    assert (code, result["status"], result["findings"]) == (0, "not_applicable", [])
    # a ledger given with no rows is a ledger in which nothing was paid
    folder = _facts(tmp_path / "b", invoices=invoices, payments=PAYMENTS)
    code, result = _rule(capsys, folder, "invoice-paid", "2024-03-01")
    assert (code, result["status"]) == (1, "violated")


def test_no_release_is_not_known_without_the_events(capsys, tmp_path):
    folder = _facts(tmp_path / "a", invoices=INVOICES + "I1,2024-05-02,additional_funding,Tiera,Espoo,1499756.00,2024,\n")
    code, result = _rule(capsys, folder, "additional-funding-release", "2024-12-31")
    assert (code, result["status"]) == (0, "not_applicable")


def test_fees_in_a_ledger_alone_are_checked_against_what_it_shows(capsys, tmp_path):
    """A fee for a period before 1.1.2024 is out of the amendment's period whatever the other tables say;
    one after the 2.0 handover is known only with the events."""
    ledger = PAYMENTS + ("P1,2023-12-20,base_maintenance_fee,Espoo,Tiera,26000.00,,2023-Q4,\n"
                         "P2,2025-01-20,base_maintenance_fee,Espoo,Tiera,26000.00,,2025-Q1,\n")
    code, result = _rule(capsys, _facts(tmp_path / "a", payments=ledger), "maintenance-period", "2025-12-31")
    assert (code, result["status"]) == (1, "violated")
    assert [f["subject"] for f in result["findings"]] == [{"payment": "P1"}]
    folder = _facts(tmp_path / "b", payments=ledger, events=EVENTS + "H1,2024-10-14,handover,,,Tiera,,2.0,,,,,\n")
    code, result = _rule(capsys, folder, "maintenance-period", "2025-12-31")
    assert [f["subject"] for f in result["findings"]] == [{"payment": "P1"}, {"payment": "P2"}]


def test_the_annual_meeting_is_not_judged_without_the_meetings(capsys, tmp_path):
    folder = _facts(tmp_path / "a", events=EVENTS + "H1,2024-10-14,handover,,,Tiera,,2.0,,,,,\n")
    code, result = _rule(capsys, folder, "annual-meeting-january", "2026-06-30")
    assert (code, result["status"], result["findings"]) == (0, "not_applicable", [])


@functools.cache
def _reads() -> dict[str, list[str]]:
    from digione_rules.book import load_rule_book
    from digione_rules.check import check_book
    from digione_rules.diagnostics import Sink

    sink = Sink()
    book = check_book(load_rule_book(ROOT / "rules", sink), sink)
    return {rule: sorted(info.reads - info.optional) for rule, info in book.rules.items()}


# (a rule reading one table is simply not applicable without it)
VIOLATIONS = [c for c in CASES if c["kind"] == "violations" and len(_reads()[c["rule"]]) > 1]


@pytest.mark.parametrize("case", VIOLATIONS, ids=case_id)
def test_a_table_left_out_never_adds_a_finding(capsys, tmp_path, case):
    """Whatever the rule finds with one of its tables left out, it finds with every table given: what it
    keeps does not rest on the table left out (448 such runs over every fixture and table held, measured
    once; here the case's own rule and the tables it reads, but those it names `optional`, which it judges
    without: maintenance-period judges a fee on its payment when its invoice is not given)."""
    def found(folder: Path) -> set:
        _, report = check(capsys, folder, case["as_of"], "--rule", case["rule"])
        return {(f["severity"], str(sorted(f["subject"].items())), f["message"])
                for f in results(report)[case["rule"]]["findings"]}

    full = found(FIXTURES / "violations" / case["id"])
    for table in _reads()[case["rule"]]:
        folder = tmp_path / table
        shutil.copytree(FIXTURES / "violations" / case["id"], folder)
        (folder / f"{table}.csv").unlink(missing_ok=True)
        assert found(folder) <= full, table
