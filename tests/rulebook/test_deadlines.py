"""A deadline met by a condition (`met when`) shows its due date as expected and when it happened as
actual (spec/cli.md: dates ISO), `missing` when it did not happen by the as-of date, and counts the days
late to when it happened."""

from __future__ import annotations

from .helpers import check, results


def _finding(capsys, folder, rule: str, as_of: str, *extra: str) -> dict:
    _, report = check(capsys, folder, as_of, "--rule", rule, *extra)
    [finding] = results(report)[rule]["findings"]
    return finding


def test_a_late_review_shows_its_date_and_the_days_late(capsys, tmp_path):
    (tmp_path / "events.csv").write_text("id,date,type,body,subject\n"
                                         "C1,2024-05-01,decision,steering_group,checkpoint_review\n", encoding="utf-8")
    f = _finding(capsys, tmp_path, "checkpoint-deadline", "2024-06-01", "--explain")
    assert (f["expected"], f["actual"]) == ("2024-04-30", "2024-05-01")
    assert [e["id"] for e in f["evidence"]] == ["C1"]  # the late review is what the finding rests on
    assert f["computation"]["values"]["days_late"] == "1"


def test_minutes_not_yet_delivered_are_missing_and_late_to_the_as_of_date(capsys, tmp_path):
    (tmp_path / "meetings.csv").write_text("id,body,date,minutes_sent\nOR1,steering_group,2024-03-05,2024-03-20\n",
                                           encoding="utf-8")
    f = _finding(capsys, tmp_path, "sg-minutes-1-week", "2024-03-13", "--explain")
    assert (f["expected"], f["actual"]) == ("2024-03-12", "missing")
    assert "20.3.2024" not in f["message"]  # delivered after the as-of date: not yet known
    assert f["computation"]["values"]["days_late"] == "1"


def test_an_invoice_still_unpaid_is_late_to_the_as_of_date(capsys):
    from .helpers import FIXTURES

    f = _finding(capsys, FIXTURES / "violations" / "invoice-paid", "invoice-paid", "2025-12-31", "--explain")
    assert f["computation"]["values"]["due"] == "14.8.2025"
    assert f["computation"]["values"]["days_late"] == "139"  # (it said 0)
