"""L308 no-example: a rule that no example in the rule book exercises (a note).

## What it checks
Every rule is named by at least one `example` (in its `rules` line or an `expect`), so
`digione-rules test` runs it on small facts with a known answer.

## Why it matters
An example is the rule's own test and its best documentation: a reader sees which facts make it pass,
fail or wait.  Without one, a change to the rule, or to a parameter it reads, can go unnoticed.

## Example
```
rule bf-grant-cap "Business Finland's grant to DigiOne2 is at most 1 287 000 €"
    …
```
and no `example` mentions `bf-grant-cap`.

## Instead
```
example grant-over-cap "a grant above the cap"
    rules bf-grant-cap
    as of 30.6.2025
    facts payments
        | id | date     | kind  | payer            | payee  | amount      | project  |
        | P1 | 1.3.2025 | grant | Business Finland | Vantaa | 1 300 000 € | DigiOne2 |
    expect bf-grant-cap violated
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ...diagnostics import Diagnostic, Severity
from ..context import LintContext

CODES = ("L308",)


def check(ctx: LintContext) -> Iterator[Diagnostic]:
    covered: set[str] = set()
    for ex in ctx.book.examples:
        covered |= set(ex.rules) | {x.rule for x in ex.expects}
    for info in ctx.book.rules.values():
        if info.id not in covered:
            yield Diagnostic("L308", f"rule `{info.id}` has no example", info.decl.id_span, Severity.NOTE,
                             help=f"add an `example` with `rules {info.id}` and the result it should give")
