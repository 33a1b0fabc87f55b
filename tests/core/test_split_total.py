"""`split_total` (evaluate/split.py): the total a period's invoices are the pioneers' shares of."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digione_rules.evaluate.split import split_total

SHARES = [Decimal(s) for s in ("0.25", "0.17", "0.14", "0.11", "0.18", "0.07", "0.08")]
ONE = Decimal(1)


def _part(share: Decimal, total: Decimal) -> Decimal:
    return (share * total).quantize(ONE, rounding=ROUND_HALF_UP)


def _agrees(amount: Decimal, share: Decimal, total: Decimal) -> bool:
    return abs(amount - _part(share, total)) <= ONE


totals = st.integers(min_value=1_000, max_value=100_000_000).map(lambda c: Decimal(c).scaleb(-2))


@given(totals, st.permutations(range(7)))
def test_a_split_by_the_shares_gives_back_its_total(total, order):
    parts = [(_part(SHARES[k], total), SHARES[k]) for k in order]
    found = split_total(parts)
    assert all(_agrees(a, s, found) for a, s in parts)
    assert found == split_total(sorted(parts))  # the order of the invoices does not matter


@given(st.integers(min_value=100_000, max_value=100_000_000).map(lambda c: Decimal(c).scaleb(-2)),
       st.integers(min_value=0, max_value=6), st.integers(min_value=300, max_value=10_000_000),
       st.sampled_from([-1, 1]))
def test_one_invoice_off_by_more_than_a_euro_is_the_one_that_disagrees(total, wrong, cents, sign):
    """Off by 3 € or by a hundred thousand: the total is one the six others agree on, and only the one off
    differs from its share of it by more than a euro.  (By less, how much it is off depends on where in
    the stretch of totals the six agree on the total lies: the whole-euro shares of seven pioneers pin it
    to within some euros; the cases of 2 € off a split of 104 000 € are below.)"""
    parts = [(_part(s, total), s) for s in SHARES]
    a, s = parts[wrong]
    off = Decimal(cents).scaleb(-2)
    if sign < 0 and off >= a:
        return
    parts[wrong] = (a + sign * off, s)
    found = split_total(parts)
    assert [k for k, (a, s) in enumerate(parts) if not _agrees(a, s, found)] == [wrong]


@given(totals, st.sets(st.integers(min_value=0, max_value=6), min_size=1))
def test_pioneers_not_billed_yet_leave_the_others_agreeing(total, billed):
    parts = [(_part(SHARES[k], total), SHARES[k]) for k in sorted(billed)]
    found = split_total(parts)
    assert all(_agrees(a, s, found) for a, s in parts)


@pytest.mark.parametrize("wrong", range(7))
@pytest.mark.parametrize("off", [*range(-15, -1), *range(2, 16)])
def test_one_invoice_a_few_euros_off_a_split_of_104_000(wrong, off):
    """The reviewer's scan: each pioneer's 2024-Q1 base fee billed 2 to 15 € off, the others exact: that
    invoice is the one finding, and its share of the total found is what it should have been billed."""
    right = [26_000, 17_680, 14_560, 11_440, 18_720, 7_280, 8_320]
    parts = [(Decimal(a + (off if k == wrong else 0)), s) for k, (a, s) in enumerate(zip(right, SHARES))]
    found = split_total(parts)
    assert [k for k, (a, s) in enumerate(parts) if not _agrees(a, s, found)] == [wrong]
    assert _part(SHARES[wrong], found) == right[wrong]


def test_one_invoice_two_euros_over_is_off_the_total_the_others_agree_on():
    """Espoo billed 26 002 € where the six others split 104 000 € exactly: the total is 104 000 €, not the
    104 002 € their sum suggests, of which Espoo's 26 002 € would be within a euro of its share."""
    amounts = [26_002, 17_680, 14_560, 11_440, 18_720, 7_280, 8_320]
    assert split_total([(Decimal(a), s) for a, s in zip(amounts, SHARES)]) == Decimal("104000.00")


def test_invoices_a_little_off_either_way_are_both_off_their_sum():
    """Espoo billed 2 € more and Oulu 2 € less than their shares of 104 000 €: the sum holds, and both
    differ from their shares of it by more than the 1 € of rounding."""
    amounts = [26_002, 17_678, 14_560, 11_440, 18_720, 7_280, 8_320]
    found = split_total([(Decimal(a), s) for a, s in zip(amounts, SHARES)])
    assert found == Decimal("104000.00")


def test_nothing_to_split():
    assert split_total([]) is None
    assert split_total([(Decimal(100), None), (None, SHARES[0]), (Decimal(5), Decimal(0))]) is None
