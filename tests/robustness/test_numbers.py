"""Numbers beyond the tool's bounds (literals.MAX_DIGITS) are errors with a diagnostic, in rule files and in
facts of every format, never a crash, a hang or a value no report can write."""

from __future__ import annotations

import pytest

from digione_rules import literals as L
from digione_rules.diagnostics import Sink
from digione_rules.source import Source
from digione_rules.syntax.parser import parse_module

from .conftest import PAYMENTS

ROW = '{"id": "P1", "date": "2025-01-01", "kind": "grant", "payer": "Espoo", "payee": "Tiera", "amount": %s}'


@pytest.mark.parametrize("text", ["7773887788773777388773888888", "1" * 16, "1" * 5000, "1 000 000 000 000 000"],
                         ids=["28 digits", "16 digits", "5000 digits", "grouped"])
def test_money_beyond_the_bound_is_a_literal_error(text):
    """An amount of 10¹⁵ € or more is a LiteralError saying the bound (it was a crash in format_money)."""
    with pytest.raises(L.LiteralError) as e:
        L.money_cents(text)
    assert e.value.expected == L.MONEY_TOO_LARGE


def test_the_largest_amount_reads_back():
    """The largest amount within the bound reads, formats and reads back exactly."""
    cents = L.money_cents("999 999 999 999 999,99")
    assert L.money_cents(L.format_money(L.cents_to_euros(cents))) == cents


@pytest.mark.parametrize("reader, text", [(L.read_int, "9" * 16), (L.read_decimal, "1." + "1" * 13),
                                          (L.read_percent, "1" * 16 + " %"), (L.read_duration, "9" * 16 + " days"),
                                          (L.read_money_token, "1000000000000000 €"),
                                          (L.read_money_token, "999999999999 M€")],
                         ids=["int", "decimal", "percent", "duration", "money literal", "M€"])
def test_every_reader_bounds_its_numbers(reader, text):
    """Each literal reader refuses a number beyond the bound with a LiteralError."""
    with pytest.raises(L.LiteralError):
        reader(text)


@pytest.mark.parametrize("literal", ["999999999999999999999999999999 €", "99999999999999999999", "1.0000000000001",
                                     "99999999999999999 %", "99999999999999999 days"])
def test_rule_literal_beyond_the_bound_is_s106(literal):
    """A rule literal beyond the bound is S106 (a money literal was an internal error in the parser)."""
    sink = Sink()
    parse_module(Source("n.rules", f"parameter x: money = {literal}\n    source d\n"), sink)
    assert [d.code for d in sink.items] == ["S106"], [d.concise() for d in sink.items]


@pytest.mark.parametrize("number, expected", [
    ("1" * 5000, "F401"),  # more digits than Python converts: the document cannot be read
    ("1" * 1_000_000, "F401"),
    ("0." + "1" * 1_000_000, "F405"),  # a million decimals: not an amount of cents
    ("1e999999999", "F405"),  # was decimal.Overflow
    ("1e990000", "F405"),  # was a 990 000-digit integer the digest could not write
    ("1" * 4000, "F405"),
    ("1e15", "F405"),
], ids=["5000 digits", "a million digits", "a million decimals", "1e999999999", "1e990000", "4000 digits",
        "1e15"])
def test_json_amount_beyond_the_bound(load, number, expected):
    """A JSON amount beyond the bound is an error of the file or the cell, never a crash."""
    loaded = load({"payments.json": "[" + ROW % number + "]"})
    assert loaded.facts is None
    assert expected in loaded.codes, loaded.text


def test_jsonl_number_too_long_is_a_row_error(load):
    """A JSON Lines row with a 5000-digit number is a bad row of its own (F412)."""
    loaded = load({"payments.jsonl": ROW % ("1" * 5000) + "\n"})
    assert loaded.codes == ["F412"], loaded.text
    assert "a number cannot be read" in loaded.text


@pytest.mark.parametrize("value", ["1e999999999", "1" * 4000, "1e15"])
def test_integer_column_beyond_the_bound_does_not_hang(load, value):
    """`1e999999999` in an integer column is a bad cell, not an `int()` that never ends."""
    loaded = load({"meetings.json": '[{"id": "M1", "body": "steering_group", "date": "2025-01-01", "members": %s}]'
                   % value})
    assert loaded.codes == ["F405"], loaded.text


def test_csv_amount_of_many_digits_is_a_bad_value(load):
    """A 5000-digit amount in a CSV cell is F405 with the bound as what was expected."""
    loaded = load({"payments.csv": PAYMENTS + "P1;1.1.2025;grant;Espoo;Tiera;" + "1" * 5000 + "\n"})
    assert loaded.codes == ["F405"]
    assert L.MONEY_TOO_LARGE in loaded.text
