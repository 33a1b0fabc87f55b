"""End-to-end smoke tests through the command line."""

from __future__ import annotations

import json

from digione_rules.cli import main


def test_version(capsys):
    """`--version` prints the tool's name and version."""
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("digione-rules 0.1.0")


def test_check_reports_grant_over_half(tmp_path, capsys):
    """A grant above half of the eligible costs is a violation with the limit as expected value."""
    (tmp_path / "payments.csv").write_text(
        "id;date;kind;payer;payee;amount;project\nP1;1.3.2025;grant;Business Finland;Vantaa;1 300 000,00 €;DigiOne2\n",
        encoding="utf-8",
    )
    (tmp_path / "costs.csv").write_text(
        "id,date,project,amount,category,eligible\nC1,2025-02-01,DigiOne2,2500000.00,development,yes\n",
        encoding="utf-8",
    )
    code = main(["check", str(tmp_path), "--format", "json", "--as-of", "2025-06-30", "--rule", "bf-grant-50pct"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    (result,) = report["results"]
    assert result["status"] == "violated"
    (finding,) = result["findings"]
    assert finding["subject"] == {"project": "DigiOne2"}
    assert (finding["expected"], finding["actual"]) == ("1250000.00", "1300000.00")
