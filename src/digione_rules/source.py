"""Source texts and spans: where a piece of the rule book or of a facts file came from.

A `Span` is a path plus 1-based start and end positions (end exclusive, as Lark counts them).  Spans never
take part in equality: two AST nodes written in different places but meaning the same thing are equal.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"

    @property
    def sort_key(self) -> tuple[str, int, int]:
        return (self.path, self.line, self.column)

    def to(self, other: Span) -> Span:
        """The span from the start of this one to the end of `other`."""
        return Span(self.path, self.line, self.column, other.end_line, other.end_column)


# A node made by the compiler rather than written by anyone (Catala's Pos.void).
NO_SPAN = Span("<builtin>", 0, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class Source:
    """A text that was read, with the name users know it by."""

    path: str
    text: str

    def line_text(self, line: int) -> str:
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""
