"""L307 unused-variable: a `let` whose value nothing reads.

## What it checks
Every `let NAME = …` in a rule is read later in the rule: by a condition, an `expected`/`actual`, an
obligation clause or a message's `{NAME}`.

## Why it matters
A computed value that no requirement reads is usually a requirement that was forgotten, or a rename
half done: the rule then checks less than it seems to.

## Example
```
let eligible = sum(costs.amount where project = pr and eligible)
let limit = bf_grant_share * 2 570 000 €
require received <= limit
```

## Instead
```
let eligible = sum(costs.amount where project = pr and eligible)
let limit = bf_grant_share * eligible
require received <= limit
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ... import ast
from ...diagnostics import Diagnostic, Severity
from ..context import LintContext
from ..walk import rule_names, statements

CODES = ("L307",)


def check(ctx: LintContext) -> Iterator[Diagnostic]:
    book = ctx.book
    for info in book.rules.values():
        read = {n.name for n in rule_names(book, info.decl)
                if (b := book.bindings.get(id(n))) is not None and b.kind == "local"}
        for stmt in statements(info.decl.body):
            if isinstance(stmt, ast.Let) and stmt.name not in read:
                yield Diagnostic("L307", f"`{stmt.name}` is bound and never read", stmt.span, Severity.WARNING,
                                 help="use it in a requirement or a message, or remove the `let`")
