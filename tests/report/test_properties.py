"""Properties over the sample facts: row order does not matter, and the as-of date decides what is
pending, met or violated, and which value of an amended parameter is in force."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from digione_rules.report import render

from .helpers import DATA, result, run

TABLES = {name: list(csv.reader(io.StringIO((DATA / "facts" / f"{name}.csv").read_text(encoding="utf-8"),
                                            newline="")))
          for name in ("invoices", "meetings", "payments")}


def _write(folder: Path, orders: dict[str, list[int]]) -> dict[tuple[str, str], int]:
    """Write each table with its rows in the given order; return the line each row id starts on."""
    (folder / "facts").mkdir(parents=True, exist_ok=True)
    lines: dict[tuple[str, str], int] = {}
    for name, rows in TABLES.items():
        header, body = rows[0], rows[1:]
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(header)
        line = 2
        for i in orders[name]:
            writer.writerow(body[i])
            lines[name, body[i][0]] = line
            line += sum(cell.count("\n") for cell in body[i]) + 1
        (folder / "facts" / f"{name}.csv").write_text(buf.getvalue(), encoding="utf-8")
    return lines


def _normalized(report, lines: dict[tuple[str, str], int]) -> str:
    """The JSON report with each evidence row named by its line in the unshuffled files, and without
    the files' own hashes (their bytes differ when their rows do)."""
    doc = json.loads(render(report, "json"))
    for r in doc["results"]:
        for item in r["findings"] + r.get("pending", []):
            for e in item["evidence"]:
                e["line"] = lines[e["table"], e["id"]]
            item["evidence"].sort(key=lambda e: (e["table"], e["file"], e["line"], e["id"]))
    for i in doc["inputs"]:
        i["sha256"] = ""
    return json.dumps(doc, indent=2, ensure_ascii=False)


ORDERS = st.fixed_dictionaries({name: st.permutations(range(len(rows) - 1)) for name, rows in TABLES.items()})


@settings(max_examples=40, deadline=None)
@given(orders=ORDERS, as_of=st.sampled_from(["2025-02-01", "2025-03-10", "2025-06-30", "2025-12-31"]))
def test_shuffling_rows_leaves_the_report_unchanged(orders, as_of):
    """Shuffling the rows of every input file gives the same JSON report, row for row."""
    with tempfile.TemporaryDirectory() as tmp:
        straight = Path(tmp) / "straight"
        shuffled = Path(tmp) / "shuffled"
        base = _write(straight, {n: list(range(len(r) - 1)) for n, r in TABLES.items()})
        _write(shuffled, orders)
        a = run("facts", as_of, cwd=straight)
        b = run("facts", as_of, cwd=shuffled)
        assert a.facts_digest == b.facts_digest
        assert _normalized(a, base) == _normalized(b, base)
        if all(o == sorted(o) for o in orders.values()):
            assert render(a, "json") == render(b, "json")


def _sample_with(tmp_path: Path, **extra_rows: str) -> Path:
    """A copy of the sample facts with rows added to some tables."""
    folder = tmp_path / "facts"
    shutil.copytree(DATA / "facts", folder)
    for table, rows in extra_rows.items():
        with (folder / f"{table}.csv").open("a", encoding="utf-8") as f:
            f.write(rows)
    return folder


def _state(report, rule: str, invoice: str) -> str:
    r = result(report, rule)
    if any(f.subject.get("invoice") == invoice and f.severity == "error" for f in r.findings):
        return "violated"
    if any(p.subject.get("invoice") == invoice for p in r.pending):
        return "pending"
    (record,) = [o for o in r.obligations if o.subject.get("invoice") == invoice]
    return record.state


def test_unpaid_invoice_is_pending_then_violated():
    """An invoice short of payment is pending until its due date and violated after it."""
    states = [_state(run("facts", day), "invoice-paid", "INV-4|b") for day in
              ("2025-06-20", "2025-07-19", "2025-07-20", "2025-07-21")]
    assert states == ["pending", "pending", "pending", "violated"]


def test_paid_invoice_is_pending_then_met(tmp_path):
    """A payment dated after the as-of date is not yet known; once it is, the invoice is met."""
    _sample_with(tmp_path, payments="P-7,2025-07-10,invoice_payment,Vantaa,Tiera,1000.50,INV-4|b,rest\n")
    states = [_state(run("facts", day, cwd=tmp_path), "invoice-paid", "INV-4|b") for day in
              ("2025-06-30", "2025-07-09", "2025-07-10", "2025-12-31")]
    assert states == ["pending", "pending", "met", "met"]


def test_minutes_pending_then_late():
    """Minutes not sent are pending until two weeks after the meeting, then a warning."""
    before = result(run("facts", "2025-07-09"), "minutes-sent")
    after = result(run("facts", "2025-07-10"), "minutes-sent")
    assert before.status == "pending" and [p.due for p in before.pending] == ["2025-07-09"]
    assert after.status == "passed" and [f.severity for f in after.findings] == ["warning"]


def test_amended_parameter_changes_on_its_date(tmp_path):
    """`grant_max` is 1 000 000 € until 31.12.2024 and 1 200 000 € from 1.1.2025."""
    folder = tmp_path / "facts"
    folder.mkdir()
    (folder / "payments.csv").write_text(
        "id,date,kind,payer,payee,amount\nG-1,2024-06-01,grant,BF,Vantaa,1100000.00\n", encoding="utf-8")
    old = result(run("facts", "2024-12-31", cwd=tmp_path, rules=["grant-cap"]), "grant-cap")
    new = result(run("facts", "2025-01-01", cwd=tmp_path, rules=["grant-cap"]), "grant-cap")
    assert old.status == "violated"
    (finding,) = old.findings
    assert (finding.expected, finding.actual) == ("1000000.00", "1100000.00")
    assert new.status == "passed" and not new.findings


def test_horizon_lists_only_what_falls_due_within_it():
    """The upcoming list holds the pending obligations due within the horizon, soonest first."""
    assert [u.due for u in run("facts", "2025-06-30").upcoming] == ["2025-07-09", "2025-07-20"]
    assert [u.due for u in run("facts", "2025-06-30", horizon=10).upcoming] == ["2025-07-09"]
    assert [u.due for u in run("facts", "2025-06-30", horizon=0).upcoming] == []
