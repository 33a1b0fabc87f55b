"""L306 interpretation: a point the contract leaves open, decided by the rule book (a note).

## What it checks
Lists every declaration with an `interpretation`: a payment term the contract does not name, a date it
does not give, a tolerance its rounded tables need.  This is a note, not a fault.

## Why it matters
An auditor must see where the rule book went beyond the contract's words, and why, in one place, so the
decisions can be reviewed (and changed in one place) when the contract is amended.

## Example
```
parameter payment_term: duration = 30 days
    source korkolaki § 4
    interpretation "The amendment names no payment term; the Interest Act's 30 days applies."
```

## Instead
Nothing to change: keep the interpretation written out.  Remove it only when an amendment settles the
point, and cite the amendment instead.
"""

from __future__ import annotations

from collections.abc import Iterator

from ... import ast
from ...diagnostics import Diagnostic, Severity
from ..context import LintContext

CODES = ("L306",)

_KIND = {ast.Parameter: "parameter", ast.Table: "table", ast.Facts: "fact table", ast.Rule: "rule",
         ast.Consistency: "consistency check"}


def check(ctx: LintContext) -> Iterator[Diagnostic]:
    for module in ctx.book.modules:
        for item in module.items:
            meta = getattr(item, "meta", None)
            if meta is None or meta.interpretation is None:
                continue
            name = getattr(item, "id", None) or item.name
            yield Diagnostic("L306", f"{_KIND[type(item)]} `{name}` rests on an interpretation", ctx.name_span(item),
                             Severity.NOTE, notes=(meta.interpretation.replace("\n\n", " "),))
