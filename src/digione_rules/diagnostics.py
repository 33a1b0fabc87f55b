"""One diagnostic model for every phase: syntax, types, lint, facts, evaluation (ruff's Diagnostic).

Phases collect diagnostics into a `Sink` instead of raising; the command line sorts them by location and
renders them.  Message wording follows Cedar's guide: lowercase, no final period, user names in
backticks, context chained with colons, guidance in `help`, never in the message.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

from .codes import CODES
from .source import Span


class Severity(enum.IntEnum):
    NOTE = 0
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Label:
    span: Span
    text: str = ""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    message: str
    span: Span | None = None
    severity: Severity = Severity.ERROR
    label: str = ""
    secondary: tuple[Label, ...] = ()
    help: str = ""
    notes: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return CODES[self.code].slug

    @property
    def sort_key(self) -> tuple:
        where = self.span.sort_key if self.span else ("", 0, 0)
        return (where, self.code, self.message)

    def concise(self) -> str:
        where = f"{visible(str(self.span))}: " if self.span else ""
        return f"{where}{self.severity}[{self.code} {self.slug}]: {visible(self.message)}"


class TooManyDiagnostics(Exception):
    """Raised by a `Sink` when its cap is reached; the phase stops and reports what it has."""


@dataclass
class Sink:
    """Collects diagnostics for one run, with a cap on how many errors are kept."""

    cap: int = 200
    items: list[Diagnostic] = field(default_factory=list)
    dropped: int = 0

    def add(self, diagnostic: Diagnostic) -> None:
        if len(self.items) >= self.cap:
            self.dropped += 1
            return
        self.items.append(diagnostic)

    def error(self, code: str, message: str, span: Span | None = None, **kw) -> None:
        self.add(Diagnostic(code, message, span, Severity.ERROR, **kw))

    def warning(self, code: str, message: str, span: Span | None = None, **kw) -> None:
        self.add(Diagnostic(code, message, span, Severity.WARNING, **kw))

    def note(self, code: str, message: str, span: Span | None = None, **kw) -> None:
        self.add(Diagnostic(code, message, span, Severity.NOTE, **kw))

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.items)

    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: d.sort_key)

    def extend(self, diagnostics) -> None:
        for d in diagnostics:
            self.add(d)


class DiagnosticError(Exception):
    """Carries diagnostics out of a phase that cannot go on (the command line exits 2)."""

    def __init__(self, diagnostics: list[Diagnostic], dropped: int = 0):
        super().__init__(diagnostics[0].concise() if diagnostics else "error")
        self.diagnostics = diagnostics
        self.dropped = dropped


EXCERPT_WIDTH = 120

# Characters that must not reach a terminal as they are: C0 and C1 controls (ESC starts ANSI and OSC
# sequences that recolour, retitle or rewrite a terminal), line and paragraph separators, and the
# bidirectional controls that make text read in another order than it is (CVE-2021-42574).
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """Untrusted text (a cell, a file name) written out: `a\\nb`, `\\x1b[31m`, `\\u202e`."""
    return CONTROL.sub(escaped, text) if CONTROL.search(text) else text


def visible_lines(text: str) -> str:
    """As `visible`, keeping line breaks: for whole pages (`explain`, `params`) that quote rule files."""
    return "\n".join(map(visible, text.split("\n"))) if CONTROL.search(text) else text


def escaped(m: re.Match) -> str:
    ch = m.group()
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def _pictured(text: str) -> str:
    """A source line with each control shown by one character, so carets stay under their columns."""
    return CONTROL.sub(lambda m: chr(0x2400 + ord(m.group())) if ord(m.group()) < 0x20 else
                       "\u2421" if m.group() == "\x7f" else "\ufffd", text)


def render(diagnostic: Diagnostic, sources: dict[str, str] | None = None, color: bool = False) -> str:
    """The full form: header, location, the source line with a caret under the span, help and notes.
    Every piece is made visible first: messages quote cells and file names, which may hold anything."""
    sev = str(diagnostic.severity)
    head = f"{sev}[{diagnostic.code} {diagnostic.slug}]: {visible(diagnostic.message)}"
    if color:
        import click

        head = click.style(head, fg={"error": "red", "warning": "yellow", "note": "cyan"}[sev], bold=True)
    out = [head]
    span = diagnostic.span
    if span is not None and span.line > 0:
        out.append(f"  --> {visible(str(span))}")
        text = (sources or {}).get(span.path)
        if text is not None:
            out.extend(_excerpt(text, span, diagnostic.label, diagnostic.secondary))
    for lbl in diagnostic.secondary:
        if span is None or lbl.span.path != span.path or text is None:
            out.append(f"   = {visible(str(lbl.span))}: {visible(lbl.text)}")
    if diagnostic.help:
        out.append(f"   = help: {visible(diagnostic.help)}")
    for note in diagnostic.notes:
        out.append(f"   = note: {visible(note)}")
    return "\n".join(out)


def _excerpt(text: str, span: Span, label: str, secondary: tuple[Label, ...]) -> list[str]:
    lines = text.splitlines()
    if span.line > len(lines):
        return []
    marks = [(span, "^", label)] + [(s.span, "-", s.text) for s in secondary if s.span.path == span.path]
    shown = sorted({s.line for s, _, _ in marks if 0 < s.line <= len(lines)})
    width = len(str(shown[-1]))
    out = [f"{' ' * width} |"]
    for line_no in shown:
        src = _pictured(lines[line_no - 1].expandtabs(4))
        here = [m for m in marks if m[0].line == line_no]
        # a long line is shown as a window around its first mark, so an excerpt stays readable
        offset = 0
        if len(src) > EXCERPT_WIDTH:
            offset = max(0, min(here[0][0].column - 1 - EXCERPT_WIDTH // 3, len(src) - EXCERPT_WIDTH))
            tail = "…" if offset + EXCERPT_WIDTH < len(src) else ""
            src = ("…" if offset else "") + src[offset : offset + EXCERPT_WIDTH] + tail
            offset -= 1 if offset else 0
        out.append(f"{line_no:>{width}} | {src}")
        for s, ch, text_ in here:
            start = max(s.column - 1 - offset, 0)
            end = s.end_column - 1 - offset if s.end_line == s.line else len(src)
            n = max(min(end, len(src)) - start, 1)
            out.append(f"{' ' * width} | {' ' * start}{ch * n}{(' ' + visible(text_)) if text_ else ''}")
    return out
