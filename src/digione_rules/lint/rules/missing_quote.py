"""L303 missing-quote: a rule without the source text it rests on.

## What it checks
Every `rule` has a `quote`: the words of the contract (or the law) that the rule encodes.

## Why it matters
The rule book is literate: a reader checks the code against the clause beside it.  Without the quote
an auditor has to find the clause in the source document to know whether the rule says what it says.

## Example
```
rule warranty-ceiling "Pioneers' warranty charges stay within 2 000 000 €"
    severity error
    source muutossopimus § 6.8
    require …
```

## Instead
```
rule warranty-ceiling "Pioneers' warranty charges stay within 2 000 000 €"
    severity error
    source muutossopimus § 6.8
    quote "Edelläkävijäkunnat ovat … vastuussa … enintään kahden miljoonan euron määrään saakka."
    require …
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Diagnostic, Severity
from ..context import LintContext

CODES = ("L303",)


def check(ctx: LintContext) -> Iterator[Diagnostic]:
    for info in ctx.book.rules.values():
        if info.decl.meta.quote is None:
            yield Diagnostic("L303", f"rule `{info.id}` has no quote", info.decl.id_span, Severity.WARNING,
                             help="add `quote \"…\"` with the words of the clause it encodes")
