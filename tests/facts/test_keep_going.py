"""Bad rows on the command line: exit 2 with every error, or with --keep-going findings of `facts-readable`."""

from __future__ import annotations

import json

import pytest

from digione_rules.cli import main

HEAD = "id;date;kind;payer;payee;amount;project\n"
GRANT = "P1;1.3.2025;grant;Business Finland;Vantaa;1 300 000,00 €;DigiOne2\n"
COSTS = "id,date,project,amount,category,eligible\nC1,2025-02-01,DigiOne2,2500000.00,development,yes\n"


def _check(tmp_path, capsys, files: dict[str, str], *args: str):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    code = main(["check", str(tmp_path), "--format", "json", "--as-of", "2025-06-30", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out else None), err


def _result(report, rule: str) -> dict:
    return next(r for r in report["results"] if r["rule"] == rule)


def test_bad_row_stops_the_run_without_a_report(tmp_path, capsys):
    """A bad row is an error: exit 2, the error on stderr, no report on stdout."""
    bad = "P2;31.2.2025;grant;BF;Oulu;5;DigiOne\n"
    code, report, err = _check(tmp_path, capsys, {"payments.csv": HEAD + GRANT + bad})
    assert (code, report) == (2, None)
    assert "payments.csv:3:4" in err and "payments.date: found `31.2.2025`" in err


def test_keep_going_reports_each_bad_row_as_a_finding(tmp_path, capsys):
    """With --keep-going the bad rows are left out, each is a finding of `facts-readable`, and the run exits 1."""
    files = {"payments.csv": HEAD + GRANT + "P2;31.2.2025;grant;BF;Oulu;5;DigiOne\n"
                             "P3;1.3.2025;grnt;Espo;Oulu;5;DigiOne\n",
             "costs.csv": COSTS}
    code, report, _ = _check(tmp_path, capsys, files, "--keep-going")
    assert code == 1
    readable = _result(report, "facts-readable")
    assert readable["title"] == "Every row of the facts could be read"
    assert (readable["source"], readable["severity"], readable["status"]) == ("spec/facts.md", "error", "violated")
    first, second = readable["findings"]
    assert first["message"] == "payments.date: found `31.2.2025`, expected a date that exists in the calendar"
    assert (first["expected"], first["actual"]) == ("a date that exists in the calendar", "31.2.2025")
    assert first["evidence"] == [{"table": "payments", "file": str(tmp_path / "payments.csv"), "line": 3, "id": "P2"}]
    assert second["message"].startswith("payments.kind: found `grnt`, expected one of")
    assert "; payments.payer: found `Espo`" in second["message"]
    assert second["actual"] == "grnt; Espo"  # two things are wrong with the row: each is said, as strings
    assert second["expected"].startswith("one of `joining_fee`") and "; a party of the contract" in second["expected"]
    assert _result(report, "bf-grant-50pct")["status"] == "violated"  # the good rows are still judged
    assert report["summary"]["violated"] >= 2
    assert [r["rule"] for r in report["results"]] == sorted(r["rule"] for r in report["results"])


def test_keep_going_leaves_out_rows_that_name_an_unreadable_row(tmp_path, capsys):
    """A payment naming an invoice whose row could not be read is left out too, and says why."""
    files = {"invoices.csv": "id;date;kind;issuer;recipient;amount\nI1;2.13.2025;service_fee;Tiera;Oulu;100\n",
             "payments.csv": "id;date;kind;payer;payee;amount;invoice\nP1;1.3.2025;service_fee;Oulu;Tiera;100;I1\n"}
    code, report, _ = _check(tmp_path, capsys, files, "--keep-going")
    findings = _result(report, "facts-readable")["findings"]
    assert code == 1
    assert [f["evidence"][0]["table"] for f in findings] == ["invoices", "payments"]
    assert findings[1]["message"] == "payments.invoice: found `I1`, expected an id in `invoices`"


def test_keep_going_with_every_row_bad_judges_nothing_as_passed(tmp_path, capsys):
    """When no row of a table could be read, its rules are not_applicable and the run still fails."""
    code, report, err = _check(tmp_path, capsys, {"payments.csv": HEAD + "P1;x;grant;BF;Oulu;5;DigiOne\n"},
                               "--keep-going")
    assert code == 1
    statuses = {r["rule"]: r["status"] for r in report["results"]}
    assert statuses["facts-readable"] == "violated"
    assert "passed" not in {s for rule, s in statuses.items() if rule != "facts-readable"}
    assert "F411" not in err  # the table had rows; none could be read


def test_keep_going_does_not_pass_over_a_file_it_cannot_read(tmp_path, capsys):
    """--keep-going is about rows: a file whose delimiter cannot be told still stops the run."""
    code, report, err = _check(tmp_path, capsys, {"payments.csv": "id;amount,note\nP1;12,50\n"}, "--keep-going")
    assert (code, report) == (2, None)
    assert "F402" in err


def test_header_only_file_is_a_warning_and_its_rules_not_applicable(tmp_path, capsys):
    """A file with a header and no rows warns (F411), and the rules reading it are not_applicable, never passed."""
    code, report, err = _check(tmp_path, capsys, {"payments.csv": HEAD, "costs.csv": COSTS})
    assert code == 0
    assert "warning[F411 empty-table]: payments: the file has a header and no rows" in err
    grant = _result(report, "bf-grant-50pct")
    assert (grant["status"], grant["reason"]) == ("not_applicable", "`payments` has no rows: nothing to judge")


@pytest.mark.parametrize("bad", [150])
def test_row_errors_are_capped_per_file_with_a_count(tmp_path, capsys, bad):
    """At most 100 row errors of a file are shown, with a count of the rest."""
    rows = "".join(f"P{i};1.13.2025;grant;BF;Oulu;5;DigiOne\n" for i in range(bad))
    code, _, err = _check(tmp_path, capsys, {"payments.csv": HEAD + rows})
    assert code == 2
    assert err.count("error[F405") == 100
    assert f"`{tmp_path / 'payments.csv'}`: {bad - 100} more row errors not shown" in err
    assert f"100 errors (and {bad - 100} more not shown)" in err


def test_keep_going_a_row_left_out_for_a_missing_value_leaves_its_references_dangling(tmp_path, capsys):
    """A decision left out for an empty `body` (required for decisions) makes its votes dangle, said as a
    vote naming an unreadable event is (F408, with where the event is); the empty cell's `actual` is
    `missing`, a string, never null."""
    files = {"events.csv": "id,date,type,body,subject\nE1,2024-03-05,decision,,budget_change\n",
             "votes.csv": "decision,voter,vote\nE1,Espoo,for\n"}
    code, report, _ = _check(tmp_path, capsys, files, "--keep-going")
    body, vote = _result(report, "facts-readable")["findings"]
    assert code == 1
    assert (body["message"], body["expected"], body["actual"]) == (
        "events.body: found an empty cell, expected a value when `type in [decision, procurement, report]`",
        "a value when `type in [decision, procurement, report]`", "missing")
    assert vote["message"] == "votes.decision: found `E1`, expected an id in `events`"
    assert (vote["expected"], vote["actual"]) == ("an id in `events`", "E1")
    assert report["inputs"] and all(i["rows"] == 0 for i in report["inputs"])


def test_keep_going_rows_that_cannot_be_split_say_what_was_found(tmp_path, capsys):
    """A row that is not CSV, or a JSON Lines line that is not a row object, has an expected and an actual."""
    files = {"payments.jsonl": '{"id": "P1", "date": "2025-03-01", "kind": "grant", "payer": "BF", "payee": "Oulu", '
                               '"amount": 5}\n[1, 2]\n{"id": \n'}
    code, report, _ = _check(tmp_path, capsys, files, "--keep-going")
    found = [(f["expected"], f["actual"]) for f in _result(report, "facts-readable")["findings"]]
    assert found == [("a row object", "a list"), ("a row object", "a line that is not JSON")]
