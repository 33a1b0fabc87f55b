"""L304 contract-inconsistency, L305 known-inconsistency, L309 consistency-holds: the contract's own
arithmetic, checked.

## What it checks
Evaluates every `consistency` block: each `expect` is a constant expression over parameters and tables
(a table's rows add up to its stated total, shares add up to 100 %).  A check that holds gives a note
(L309), so an auditor sees that it was checked.  A check that fails and says why with `known "…"` gives
a note (L305) with the explanation; one that fails without `known` is a warning (L304).  A block with
`known` and no `expect` is an inconsistency in words that no figure can check (a provision the sources
lack): always a note (L305).

## Why it matters
The sources disagree with themselves in places (the § 6.3 table sums to 11 823 621 €, the text says
11 823 622 €).  The rule book must say which figure it uses and why; a figure mistyped when the
contract is amended must not go unnoticed.

## Example
```
consistency funding-2024-cells "§ 6.3: the 2024 cells add up to the 2024 total"
    source muutossopimus § 6.3
    expect sum(additional_funding.value where installment = "2024") = 5 999 025 €
```

## Instead
When the sources really disagree, say so and how the rule book treats it:
```
    known "The cells sum to 5 999 026 €: they were rounded from share × each year's total."
```
otherwise correct the figure that was mistyped.
"""

from __future__ import annotations

from collections.abc import Iterator

from ... import ast
from ...diagnostics import Diagnostic, Severity
from ...syntax.printer import expr_text
from ..context import LintContext

CODES = ("L304", "L305", "L309")


def check(ctx: LintContext) -> Iterator[Diagnostic]:
    from ...evaluate.context import RunContext
    from ...evaluate.values import EvalError, human
    from ...facts.table import FactSet

    run = RunContext(ctx.book, FactSet({}, ""), ctx.as_of)
    for decl in ctx.book.consistency:
        failed: list[str] = []
        broken = False
        for expr in decl.expects:
            try:
                if run.constant(expr) is True:
                    continue
                failed.append(f"`{expr_text(expr)}` does not hold{_sides(run, expr, human)}")
            except (EvalError, ArithmeticError) as e:
                code = getattr(e, "code", "R501")
                yield Diagnostic(code, f"consistency check `{decl.id}` cannot be evaluated: {_message(e)}",
                                 expr.span, Severity.ERROR)
                broken = True
        if broken:
            ctx.consistency[decl.id] = "error"
        elif not decl.expects and decl.known is not None:  # in words only: no figure to check it by
            ctx.consistency[decl.id] = "known"
            yield Diagnostic("L305", f"known inconsistency `{decl.id}`: {decl.title}", ctx.name_span(decl), Severity.NOTE,
                             notes=(decl.known.replace("\n\n", " "),))
        elif not failed:
            ctx.consistency[decl.id] = "holds"
            notes = ("the `known` explanation no longer applies: remove it",) if decl.known else ()
            yield Diagnostic("L309", f"consistency check `{decl.id}` holds: {decl.title}", ctx.name_span(decl), Severity.NOTE,
                             notes=notes)
        elif decl.known is not None:
            ctx.consistency[decl.id] = "known"
            yield Diagnostic("L305", f"known inconsistency `{decl.id}`: {decl.title}", ctx.name_span(decl), Severity.NOTE,
                             notes=(*failed, decl.known.replace("\n\n", " ")))
        else:
            ctx.consistency[decl.id] = "fails"
            yield Diagnostic("L304", f"consistency check `{decl.id}` fails: {decl.title}", ctx.name_span(decl),
                             Severity.WARNING, notes=tuple(failed),
                             help="correct the figure, or say with `known \"…\"` why the sources disagree")


def _sides(run, expr, human) -> str:
    """For a comparison, what each side came to: `: 5 999 026,00 € against 5 999 025,00 €`."""
    if not isinstance(expr, ast.Compare):
        return ""
    try:
        left, right = run.constant(expr.left), run.constant(expr.right)
    except Exception:  # noqa: BLE001 - the comparison itself was evaluated; this is only detail
        return ""
    t = run.book.type_of(expr.left)
    return f": the left side is {human(left, t)}, the right side {human(right, t)}"


def _message(e: Exception) -> str:
    return getattr(e, "message", None) or str(e) or type(e).__name__
