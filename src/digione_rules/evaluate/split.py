"""`split_total`: the total that amounts are shares of, as the contract splits a sum among the pioneers.

A fee period's invoices are each pioneer's share of one total, rounded half up to whole euros.  An amount
`a` with share `s` agrees with a total `T` when `round(s × T)` is within the tolerance of `a`.  The total
is the invoices' sum, in proportion to the shares billed (`Σa / Σs`: the sum itself once every pioneer is
billed, and the same total while some are not billed yet), when at least half of the amounts agree with
it.  When fewer do, one amount far off has pulled the sum with it (27 000 € billed where 26 000 € was
Espoo's share would make every other invoice differ from its share of the sum), and the total is the
one the most amounts agree with: each amount agrees with an interval of totals, and among the totals
inside the most intervals, the nearest to the proportional sum of the amounts agreeing there, then of all
the amounts, then the lower.  Exact throughout (fractions); the total is written in cents where a cent
lies among the candidates.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import ceil, floor
from typing import Iterable

_HALF = Fraction(1, 2)
_CENT = Fraction(1, 100)


def split_total(parts: Iterable[tuple[Decimal, Decimal]], tolerance: Decimal) -> Decimal | None:
    """The total of which the (amount, share) `parts` are the rounded shares; None without a part with a
    positive share."""
    tol = Fraction(tolerance)
    rows = [(Fraction(a), Fraction(s)) for a, s in parts if a is not None and s is not None and s > 0]
    if not rows:
        return None
    overall = sum(a for a, _ in rows) / sum(s for _, s in rows)
    proportional = _cents(overall)
    if 2 * sum(abs(a - floor(s * proportional + _HALF)) <= tol for a, s in rows) >= len(rows):
        return _written(proportional)
    return _written(_most_agreed(rows, tol, overall))


def _most_agreed(rows: list[tuple[Fraction, Fraction]], tol: Fraction, overall: Fraction) -> Fraction:
    """The total the most amounts agree with: one pass over the ends of the intervals of totals each
    agrees with, in order, keeping how many are open and their amounts' and shares' sums (linear in the
    amounts after sorting)."""
    ends: dict[Fraction, list] = {}  # where intervals open (+1) and close (-1): count, amount, share
    for a, s in rows:
        lo, hi = ceil(a - tol), floor(a + tol)  # the whole euros within the tolerance of the amount
        if lo <= hi:  # it agrees with the totals [low, high)
            for x, sign in (((lo - _HALF) / s, 1), ((hi + _HALF) / s, -1)):
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
    return min(candidates, key=lambda t: (abs(t - overall), t))


def _within(estimate: Fraction, low: Fraction, high: Fraction) -> Fraction:
    """The total of the stretch [low, high) nearest the estimate: a whole cent where one lies within."""
    first, last = ceil(low / _CENT), ceil(high / _CENT) - 1  # the cents within, as counts of cents
    if first <= last:
        return min(max(floor(estimate / _CENT + _HALF), first), last) * _CENT
    return (low + high) / 2


def _cents(x: Fraction) -> Fraction:
    return floor(x / _CENT + _HALF) * _CENT


def _written(total: Fraction) -> Decimal:
    cents = total / _CENT
    if cents.denominator == 1:
        return Decimal(cents.numerator).scaleb(-2)
    return Decimal(total.numerator) / Decimal(total.denominator)  # (between two cents: to 28 digits)
