"""SARIF and GitHub place a finding at the row it is about: the evidence row its subject names, though
other rows (the invoices it was summed with) come before it in the file."""

from __future__ import annotations

import json
import re
from pathlib import Path

from digione_rules.cli import main

CASE = Path(__file__).resolve().parents[2] / "fixtures" / "violations" / "maintenance-split"


def _run(capsys, fmt: str) -> str:
    capsys.readouterr()
    assert main(["check", str(CASE), "--as-of", "2025-12-31", "--format", fmt, "--rule", "maintenance-split"]) == 1
    return capsys.readouterr().out


def _lines() -> dict[str, int]:
    text = (CASE / "invoices.csv").read_text(encoding="utf-8").splitlines()
    return {row.split(",")[0]: n for n, row in enumerate(text, 1)}


def test_sarif_and_github_place_a_finding_at_its_subjects_row(capsys):
    lines = _lines()
    results = json.loads(_run(capsys, "sarif"))["runs"][0]["results"]
    placed = {r["properties"]["subject"]["invoice"]: r["locations"][0]["physicalLocation"]["region"]["startLine"]
              for r in results if r.get("kind", "fail") == "fail"}
    assert len(placed) == 2 and placed == {inv: lines[inv] for inv in placed}
    annotations = re.findall(r"^::error file=[^,]*,line=(\d+),.*?::invoice (L-[\d-]+) bills", _run(capsys, "github"), re.M)
    assert len(annotations) == 2 and all(int(line) == lines[inv] for line, inv in annotations)
