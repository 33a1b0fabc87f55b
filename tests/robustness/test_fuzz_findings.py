"""What the fuzzers found (fuzz/README.md), each kept as the smallest input that showed it."""

from __future__ import annotations

from digione_rules import literals as L
from digione_rules.fmt import format_text

from .conftest import PAYMENTS, cli, write


def test_a_date_before_year_1000_reads_back():
    """`1.1.0001` is written `1.1.0001`, not `1.1.1`, which is no date (hypothesis, literals target)."""
    day = L.read_date("1.1.0001")
    assert L.format_date(day) == "1.1.0001"
    assert L.read_date(L.format_date(day)) == day


def test_the_formatter_keeps_a_date_before_year_1000():
    """fmt writes a date literal of year 1 so that it parses back as the same date."""
    text = 'parameter first: date = 1.1.0001\n    source d\n'
    formatted = format_text(text)
    assert formatted.ok, [d.concise() for d in formatted.diagnostics]
    assert "1.1.0001" in formatted.text


def test_a_waivers_file_holding_a_nul_byte(tmp_path):
    """A NUL byte in a waivers file is R507 (PyYAML's reader raised before the loader's guard)."""
    facts = write(tmp_path / "facts", {"payments.csv": PAYMENTS + "P1;1.1.2025;grant;Espoo;Tiera;5\n"})
    write(tmp_path, {"w.yaml": b"\x00"})
    ran = cli("check", facts, "--waivers", tmp_path / "w.yaml", "--as-of", "2025-06-30")
    assert ran.code == 2 and "R507" in ran.err and "internal error" not in ran.err

