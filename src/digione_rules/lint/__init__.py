"""Lint: a checked rule book in, notes and warnings (L3xx) out.

Each lint rule is a module in `rules/` with a docstring under four headings (What it checks, Why it
matters, Example, Instead) and a `check(ctx)` that yields diagnostics.  `lint_book` runs them in order;
the consistency checks evaluate the contract's own arithmetic over the parameters in force on `as_of`.
"""

from __future__ import annotations

import datetime as _dt

from ..check.model import CheckedBook
from ..diagnostics import Sink
from .context import LintContext
from .rules import ALL

__all__ = ["LintContext", "lint_book", "RULES"]

RULES = ALL


def lint_book(book: CheckedBook, sink: Sink, as_of: _dt.date) -> LintContext:
    """Run every lint rule over `book`; diagnostics go to `sink`.  Returns the context (with the outcome
    of each consistency check) for the summary."""
    ctx = LintContext(book, as_of)
    for rule in RULES:
        sink.extend(rule.check(ctx))
    return ctx
