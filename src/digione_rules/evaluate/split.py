"""`split_total`: the total that amounts are shares of, as the contract splits a sum among the pioneers.

A fee period's invoices are each pioneer's share of one total, rounded half up to whole euros: `a =
round(s × T)`.  The facts do not record T (the steering group sets it), and the invoices' sum will not
do: one invoice 2 € off moves the sum by 2 €, and then that invoice is within a euro of its share of it
and the others are not.  So the total is the one the most amounts are exactly the rounded share of.
Each amount `a` with share `s` is the rounded share of the totals [(a − ½) / s, (a + ½) / s); among the
totals inside the most of these intervals, the one nearest the sum of the amounts there in proportion
to their shares (`Σa / Σs`, which is the total itself when the split is exact), written in cents; between
stretches equally agreed with, the one nearest all the amounts' proportional sum, then the lower.  The
comparison that follows (an invoice within 1 € of its share) is the rule's.  Exact throughout (fractions),
linear in the amounts after sorting.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import ceil, floor
from typing import Iterable

_HALF = Fraction(1, 2)
_CENT = Fraction(1, 100)


def split_total(parts: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    """The total of which the (amount, share) `parts` are the rounded shares; None without a part with a
    positive share."""
    rows = [(Fraction(a), Fraction(s)) for a, s in parts if a is not None and s is not None and s > 0]
    if not rows:
        return None
    overall = sum(a for a, _ in rows) / sum(s for _, s in rows)
    ends: dict[Fraction, list] = {}  # where intervals open (+1) and close (-1): count, amounts, shares
    for a, s in rows:
        for x, sign in (((a - _HALF) / s, 1), ((a + _HALF) / s, -1)):
            step = ends.setdefault(x, [0, Fraction(0), Fraction(0)])
            step[0] += sign
            step[1] += sign * a
            step[2] += sign * s
    best, candidates = 0, [overall]
    count, amounts, shares = 0, Fraction(0), Fraction(0)
    edges = sorted(ends)
    for low, high in zip(edges, edges[1:]):
        step = ends[low]
        count, amounts, shares = count + step[0], amounts + step[1], shares + step[2]
        if count > best:
            best, candidates = count, []
        if count == best and count:
            candidates.append(_within(amounts / shares, low, high))
    return _written(min(candidates, key=lambda t: (abs(t - overall), t)))


def _within(estimate: Fraction, low: Fraction, high: Fraction) -> Fraction:
    """The total of the stretch [low, high) nearest the estimate: a whole cent where one lies within."""
    first, last = ceil(low / _CENT), ceil(high / _CENT) - 1  # the cents within, as counts of cents
    if first <= last:
        return min(max(floor(estimate / _CENT + _HALF), first), last) * _CENT
    return (low + high) / 2


def _written(total: Fraction) -> Decimal:
    cents = total / _CENT
    if cents.denominator == 1:
        return Decimal(cents.numerator).scaleb(-2)
    return Decimal(total.numerator) / Decimal(total.denominator)  # (between two cents: to 28 digits)
