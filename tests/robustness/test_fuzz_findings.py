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


def test_working_days_up_to_the_calendars_end_are_refused_not_counted(tmp_path):
    """`working_days_between(start, as_of)` with `--as-of 9999-12-31` took 28 s per run (atheris, pipeline
    target: 2.9 million days stepped one by one); it is R501 at once, naming the span."""
    import json

    book = write(tmp_path / "book", {"main.rules": (
        'document d "D"\n\nfacts t\n    source d\n    id: text required unique\n\n'
        'parameter start: date = 1.1.2024\n    source d\n\n'
        'rule r-1 "Counts working days"\n    severity error\n    source d\n    quote "q"\n'
        '    let n = working_days_between(start, as_of)\n    require n > 0\n')})
    folder = write(tmp_path / "facts", {"t.csv": "id\nA\n"})
    ran = cli("check", folder, "--rules", book, "--as-of", "9999-12-31", "--format", "json")
    assert ran.code == 2 and "internal error" not in ran.err
    result = json.loads(ran.out)["results"][0]
    assert result["status"] == "not_applicable"
    assert "over more than 200 years" in result["reason"]


def test_a_rule_failing_on_several_rows_reports_the_same_error_whatever_their_order(tmp_path):
    """Two rows failing with different errors give the same reason in either order (hypothesis, pipeline
    target: the first row of the file decided which error was reported)."""
    import json

    book = write(tmp_path / "book", {"main.rules": (
        'document d "D"\n\nfacts t\n    source d\n    id: text required unique\n    n: integer required\n\n'
        'rule r-1 "Fails on every row"\n    severity error\n    source d\n    quote "q"\n'
        '    for each invoice x in t:\n        require date(2 * x.n, x.n, 1) > 1.1.2020\n')})
    reasons = []
    for rows in ("A;0\nB;13\n", "B;13\nA;0\n"):
        folder = write(tmp_path / "facts", {"t.csv": "id;n\n" + rows})
        ran = cli("check", folder, "--rules", book, "--as-of", "2025-06-30", "--format", "json")
        assert ran.code == 2
        reasons.append((json.loads(ran.out)["results"][0]["reason"], ran.err))
    assert reasons[0] == reasons[1]
    assert "year 0 is out of range" in reasons[0][0]


def test_a_superscript_digit_is_not_an_amount():
    """`²` is a digit to `str.isdigit` but not to `int()`: an amount of it is a LiteralError (hypothesis,
    literals target: it was a ValueError)."""
    import pytest

    for text in ("²", "1²", "12³,5"):
        with pytest.raises(L.LiteralError):
            L.money_cents(text)
