"""What every lint rule is given: the checked rule book and the day parameters are taken in force."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from ..check.model import CheckedBook
from ..source import Span


@dataclass
class LintContext:
    book: CheckedBook
    as_of: _dt.date
    consistency: dict[str, str] = field(default_factory=dict)  # check id → holds | known | fails | error

    def declarations(self, kind):
        for module in self.book.modules:
            for item in module.items:
                if isinstance(item, kind):
                    yield item

    def name_span(self, decl) -> Span:
        """The span of a declaration's name on its first line (the declaration's own span if not found)."""
        name = getattr(decl, "id", None) or getattr(decl, "name", "")
        span = decl.span
        lines = self.book.sources.get(span.path, "").split("\n")
        if not name or not 0 < span.line <= len(lines):
            return span
        col = lines[span.line - 1].find(name, span.column)
        if col < 0:
            return span
        return Span(span.path, span.line, col + 1, span.line, col + 1 + len(name))
