"""L302 shadowed-name: inside `where`, a column hides a rule variable of the same name.

## What it checks
In `payments where project = project`, both `project`s are the column `payments.project`: inside a
`where` (and the condition of `all`/`any`), a bare name is a column of the rows being filtered.  The rule
warns when such a name is also a variable (`let` or `for each`) in scope.

## Why it matters
The condition compares the column with itself and is always true; the writer meant the variable.
The rule book reads like the contract, so a reader makes the same mistake.

## Example
```
for each project project in ["DigiOne2"]:
    let grant = sum(payments.amount where project = project)
```

## Instead
```
for each project pr in ["DigiOne2"]:
    let grant = sum(payments.amount where project = pr)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ... import ast
from ...diagnostics import Diagnostic, Severity
from ..context import LintContext
from ..walk import own_expressions, scoped_statements, subexpressions

CODES = ("L302",)


def check(ctx: LintContext) -> Iterator[Diagnostic]:
    book = ctx.book
    for info in book.rules.values():
        for stmt, in_scope in scoped_statements(info.decl.body):
            reported: set[str] = set()  # once per statement and name: `payer = payer` is one mistake
            for e in own_expressions(book, stmt):
                for sub in subexpressions(e):
                    if not isinstance(sub, ast.Name) or sub.name not in in_scope or sub.name in reported:
                        continue
                    binding = book.bindings.get(id(sub))
                    if binding is not None and binding.kind == "column":
                        reported.add(sub.name)
                        yield Diagnostic(
                            "L302", f"`{sub.name}` here is the column `{binding.owner}.{sub.name}`, not the variable "
                            f"`{sub.name}`", sub.span, Severity.WARNING,
                            help="rename the variable so the condition says what it means")
