"""`digione-rules params`: the values in force on a date, and what an amendment changed."""

from __future__ import annotations

import json


def test_params_listing(golden):
    """The parameters in force are listed with value, since when and source."""
    assert golden("params-2025", "params", "--rules", "{data}/book", "--as-of", "2025-06-30").code == 0


def test_params_before_amendment(run):
    """Before the amendment the earlier values are in force."""
    out = run("params", "--rules", "{data}/book", "--as-of", "1.12.2023").out
    assert "commitment_end      31.12.2028" in out
    assert "refund_backstop     1.1.2026" in out


def test_params_diff(golden):
    """`--diff` lists the parameters an amendment changed between two dates and the day they changed."""
    assert golden("params-diff", "params", "--rules", "{data}/book", "--diff", "1.12.2023", "2024-01-01").code == 0


def test_params_diff_none(run):
    """Two dates with no amendment between them change nothing."""
    out = run("params", "--rules", "{data}/book", "--diff", "2024-01-01", "2025-01-01").out
    assert out == "Parameters changed between 1.1.2024 and 1.1.2025: none\n"


def test_params_diff_json(run):
    """The JSON diff gives plain values and the day of the change."""
    data = json.loads(run("params", "--rules", "{data}/book", "--diff", "2023-12-01", "2024-01-01",
                          "--format", "json").out)
    assert data["changes"][0] == {"name": "commitment_end", "before": "2028-12-31", "after": "2029-12-31",
                                  "changed_on": "2023-12-11", "source": "Sopimus 2023 § 7"}


def test_params_json(run):
    """The JSON listing gives each parameter's type, plain value, since and history."""
    data = json.loads(run("params", "--rules", "{data}/book", "--as-of", "2025-06-30", "--format", "json").out)
    by_name = {p["name"]: p for p in data["parameters"]}
    assert by_name["grant_max"] == {"name": "grant_max", "type": "money", "value": "1000.00", "since": None,
                                    "source": "Sopimus 2023 § 2"}
    assert by_name["refund_backstop"]["since"] == "2023-12-11"
    assert by_name["refund_backstop"]["history"] == ["1.1.2026", "31.12.2026 from 11.12.2023 (`amendment_in_force`)"]


def test_params_bad_date(run):
    """A date that cannot be read is a usage error (exit 2)."""
    assert run("params", "--rules", "{data}/book", "--diff", "1.12.2023", "2024-01-0").code == 2
