"""The formatter: a rule file in, the same file in the one canonical layout out, comments kept.

    text ──syntax.parse_module──▶ Module + comments ──layout──▶ Lines ──lines.place_comments──▶ text

Before anything is handed back, the output is parsed again and compared with the input: the modules
must be equal (spans do not take part in equality) and every comment must still be there.  When they
are not, the formatter refuses (C605) rather than change what the rules mean.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..diagnostics import Diagnostic, Sink
from ..source import Source, Span
from ..syntax.parser import Parsed, parse_module
from .layout import Layout
from .lines import SourceLines, place_comments, render

__all__ = ["Formatted", "format_text", "format_parsed", "print_module"]


@dataclass(frozen=True, slots=True)
class Formatted:
    text: str | None  # None when the file could not be formatted
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def ok(self) -> bool:
        return self.text is not None


def format_parsed(parsed: Parsed, text: str) -> str:
    """The canonical text of a parsed module (no safety check: see `format_text`)."""
    src = SourceLines(text)
    lines = Layout(src).module(parsed.module)
    tail = place_comments(lines, parsed.comments, src)
    return render(lines, tail, src)


def format_text(text: str, path: str = "<text>") -> Formatted:
    """Format one rule file; refuses (with diagnostics) when it does not parse or the result would differ."""
    text = text.replace("\r\n", "\n")
    sink = Sink()
    parsed = parse_module(Source(path, text), sink)
    if parsed is None or sink.has_errors:
        return Formatted(None, tuple(sink.items))
    out = format_parsed(parsed, text)
    problem, where = _compare(parsed, out, path)
    if problem:
        return Formatted(None, (Diagnostic("C605", f"formatting would change {problem}: the file is left as it is",
                                           where if where is not None else Span(path, 1, 1, 1, 1),
                                           help="this is a bug in the formatter; please report it with the file"),))
    return Formatted(out)


def _compare(before: Parsed, out: str, path: str) -> tuple[str, Span | None]:
    """What differs between the module and the re-parsed output, or '', and where in the original."""
    sink = Sink()
    after = parse_module(Source(path, out), sink)
    if after is None or sink.has_errors:
        where = sink.items[0].span if sink.items and sink.items[0].span else None
        return f"the syntax (the output does not parse{f' at {where.line}:{where.column}' if where else ''})", None
    if after.module != before.module:
        old, new = before.module.items, after.module.items
        for a, b in zip(old, new):
            if a != b:
                return f"the meaning of {_describe(a)}", _head(a.span)
        extra = old[len(new):]
        return "the number of declarations", _head(extra[0].span) if extra else None
    if Counter(c.text for c in before.comments) != Counter(c.text for c in after.comments):
        kept = Counter(c.text for c in after.comments)
        for c in before.comments:
            if kept[c.text] <= 0:  # the first comment the output lost
                return "the comments", Span(path, c.line, c.column, c.line, c.column + len(c.text))
            kept[c.text] -= 1
        return "the comments", None
    return "", None


def _head(span: Span) -> Span | None:
    """The first line of a declaration's span (a caret under the whole declaration says nothing more)."""
    if span is None or span.line <= 0:
        return None
    return Span(span.path, span.line, span.column, span.line, span.column + 1)


def _describe(decl) -> str:
    kind = type(decl).__name__.lower()
    name = getattr(decl, "id", None) or getattr(decl, "name", None) or getattr(decl, "path", "")
    return f"{kind} `{name}`"


def print_module(module) -> str:
    """The canonical text of a module that was not read from a file (no comments, no source lines)."""
    src = SourceLines("")
    return render(Layout(src).module(module), [], src)
