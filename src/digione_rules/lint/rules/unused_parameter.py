"""L301 unused-parameter: a parameter or table that nothing reads.

## What it checks
Every `parameter` and `table` is read somewhere: by a rule, by another parameter's value or `from` date,
as the key list of a table, by a fact column's default or `required when`, or by a consistency check.

## Why it matters
A figure declared with its citation but read by no rule looks enforced and is not: a contract manager who
changes it after an amendment changes nothing.  Often a rule was meant to use it and uses a literal instead.

## Example
```
parameter bf_grant_max: money = 1 287 000 €
    source kh
rule bf-grant-cap "…"
    …
    require grant <= 1 287 000 €
```

## Instead
```
    require grant <= bf_grant_max
```
or remove the parameter if the contract no longer has the figure.
"""

from __future__ import annotations

from collections.abc import Iterator

from ... import ast
from ...diagnostics import Diagnostic, Severity
from ..context import LintContext
from ..walk import book_expressions, subexpressions

CODES = ("L301",)


def check(ctx: LintContext) -> Iterator[Diagnostic]:
    book = ctx.book
    used: set[str] = set()
    for info in book.rules.values():
        used |= info.params
    for e in book_expressions(book):
        for sub in subexpressions(e):
            if isinstance(sub, ast.Name):
                binding = book.bindings.get(id(sub))
                if binding is None or binding.kind in ("param", "table"):
                    used.add(sub.name)
    for table in book.tables.values():
        used |= {k.domain for k in table.decl.keys}
    for name, param in book.params.items():
        if name not in used:
            yield Diagnostic("L301", f"parameter `{name}` is not read by any rule", ctx.name_span(param.decl),
                             Severity.WARNING, help="use it where the rule book writes its value, or remove it")
    for name, table in book.tables.items():
        if name not in used:
            yield Diagnostic("L301", f"table `{name}` is not read by any rule", ctx.name_span(table.decl),
                             Severity.WARNING, help="use it where the rule book writes its values, or remove it")
