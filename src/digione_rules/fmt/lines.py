"""Output lines that remember which source lines they came from, and how comments find their place.

The layout (layout.py) turns declarations into `Line`s: one logical line each (a header, a clause, a
statement, a table row), possibly printed over several physical lines (a broken `where`, a long quote).
Each knows the range of source lines it was printed from.  A comment then goes back where it was:

- a comment written after code (`trailing`) goes after the line printed from that source line;
- a comment on a line of its own goes before the line printed from the next line of code below it,
  at that line's indentation, unless it is indented deeper than that line: then it closes the block
  above and stays after the line before, at its own depth (at most that line's);
- comments below the last line of code stay at the end of the file, at their own depth;
- comments inside a line of code written over several lines (a bracketed list, a `where ( … )` condition)
  stay with the line they follow or precede when the output also has that line (a broken `where`
  written in the canonical layout); otherwise they go above the printed line, in their order (a lone
  comment after code stays after it).  Their order never changes.

Blank lines are canonical (one between declarations, none inside them) except around comments, where a
blank line written in the source is kept, so a comment block stays apart from what it was apart from.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..source import Span
from ..syntax.parsed import Comment

INDENT = "    "


@dataclass
class Line:
    depth: int
    text: str  # continuation lines (after "\n") carry their own indentation, relative to `depth`
    first: int = 0  # the source lines it was printed from; 0 when unknown
    last: int = 0
    blank_before: bool = False
    trailing: str = ""  # a comment written after it
    leading: list[Line] | None = None  # comment lines before it
    after: list[Line] | None = None  # comment lines after it that close a block
    # comments kept inside a line printed over several lines: by the index of its physical line, the
    # comment lines before that physical line and the comment after it
    inner_leading: dict[int, list[str]] | None = None
    inner_trailing: dict[int, str] | None = None

    def physical(self) -> list[str]:
        pad = INDENT * self.depth
        out = []
        for i, part in enumerate(self.text.split("\n")):
            for text in (self.inner_leading or {}).get(i, ()):
                out.append(pad + part[: len(part) - len(part.lstrip())] + text)
            line = (pad + part) if part else ""
            if self.inner_trailing and i in self.inner_trailing:
                line += "  " + self.inner_trailing[i]
            out.append(line)
        if self.trailing:
            out[-1] += "  " + self.trailing
        return out


class SourceLines:
    """The source text by line number, for the facts spans do not carry."""

    def __init__(self, text: str):
        self.lines = text.split("\n")

    def get(self, n: int) -> str:
        return self.lines[n - 1] if 0 < n <= len(self.lines) else ""

    def blank(self, n: int) -> bool:
        return 0 < n <= len(self.lines) and not self.lines[n - 1].strip()

    def is_code(self, n: int) -> bool:
        s = self.get(n).strip()
        return bool(s) and not s.startswith("#")

    def next_code(self, n: int) -> int:
        """The first line of code after line `n`, or 0."""
        for m in range(n + 1, len(self.lines) + 1):
            if self.is_code(m):
                return m
        return 0

    def last_line(self, span: Span) -> int:
        """The last line a span covers: spans of clauses end at the start of the next line."""
        if span.end_line > span.line and not self.get(span.end_line)[: max(span.end_column - 1, 0)].strip():
            return span.end_line - 1
        return span.end_line

    def find(self, keyword: str, first: int, last: int, nth_from_end: bool = True) -> tuple[int, int]:
        """The lines of the clause starting with `keyword` between `first` and `last` (the last such
        clause: later clauses overwrite earlier ones in the AST); (0, 0) when there is none."""
        found = (0, 0)
        n = first
        while n <= last:
            s = self.get(n).lstrip()
            if s.startswith(keyword) and (len(s) == len(keyword) or not (s[len(keyword)].isalnum() or s[len(keyword)] == "_")):
                end = n
                if '"""' in s and s.count('"""') == 1:  # a long string: to its closing quotes
                    end = n + 1
                    while end <= last and '"""' not in self.get(end):
                        end += 1
                found = (n, min(end, last))
                if not nth_from_end:
                    return found
                n = found[1]
            n += 1
        return found


def place_comments(lines: list[Line], comments: tuple[Comment, ...], src: SourceLines) -> list[Line]:
    """Attach every comment to a line (see the module docstring); returns comment lines for the end."""
    tail: list[Line] = []
    groups = _inside(lines, comments, src)
    placed: set[int] = set()
    for c in comments:
        if id(c) in placed:
            continue
        group = groups.get(id(c))
        if group is not None:  # the first comment inside a line of code written over several lines
            host, members = group
            _place_inside(host, members, comments, src)
            placed.update(id(m) for m in members)
            continue
        if c.trailing:
            target = _narrowest(lines, c.line)
            if target is not None and not target.trailing:
                target.trailing = c.text
                continue
            if target is not None:  # a second comment for the same line goes above it
                _lead(target, c, src)
                continue
        depth = max(c.column - 1, 0) // 4
        anchor = src.next_code(c.line)
        target = next((ln for ln in lines if ln.first == anchor), None) if anchor else None
        if target is None and anchor:
            target = _narrowest(lines, anchor, first=True)
        index = lines.index(target) if target is not None else len(lines)
        # INVARIANT: a comment put after the line before stays deeper than `target`, so that formatting the
        # output again puts it in the same place
        if index > 0 and (target is None or min(depth, lines[index - 1].depth) > target.depth):
            before = lines[index - 1]
            comment = Line(min(depth, before.depth), c.text, c.line, c.line, blank_before=src.blank(c.line - 1))
            if target is None:
                tail.append(comment)
            else:
                before.after = (before.after or []) + [comment]
            continue
        if target is None:
            tail.append(Line(0, c.text, c.line, c.line, blank_before=src.blank(c.line - 1)))
            continue
        _lead(target, c, src)
    return tail


def _inside(lines: list[Line], comments: tuple[Comment, ...],
            src: SourceLines) -> dict[int, tuple[Line, list[Comment]]]:
    """The comments inside a line of code written over several source lines, grouped by that line: each
    group is keyed by its first comment.  A comment after the code on the line's first source line
    belongs to the group when there is one."""
    hosts: dict[int, tuple[Line, list[Comment]]] = {}
    for c in comments:
        host = _narrowest(lines, c.line)
        if host is None or host.first >= host.last:
            continue
        # a line's span may run on over the blank and comment lines after it: only its code counts
        code_last = max((n for n in range(host.first, host.last + 1) if src.is_code(n)), default=host.first)
        if code_last <= host.first or c.line > code_last or (c.line == host.first and not c.trailing):
            continue
        hosts.setdefault(id(host), (host, []))[1].append(c)
    groups: dict[int, tuple[Line, list[Comment]]] = {}
    for host, members in hosts.values():
        if len(members) == 1 and members[0].line == host.first and "\n" not in host.text:
            continue  # a lone comment after the code of a line printed as one: trailing, as on any line
        groups[id(members[0])] = (host, members)
    return groups


def _place_inside(host: Line, members: list[Comment], comments: tuple[Comment, ...], src: SourceLines) -> None:
    """Keep the comments inside `host` with the physical lines of the output they belong to, when every
    one of them finds its line in order; else put them above it (one comment after code: after it)."""
    physical = [" ".join(p.split()) for p in host.text.split("\n")]
    cut = {c.line: c.column for c in comments if c.trailing}

    def code(n: int) -> str:
        text = src.get(n)
        return " ".join(text[: cut[n] - 1].split()) if n in cut else " ".join(text.split())

    plan: list[tuple[str, int, Comment]] = []
    lead_from = trail_from = 0
    for c in members:
        anchor = c.line if c.trailing else src.next_code(c.line)
        start = trail_from if c.trailing else lead_from
        j = next((k for k in range(start, len(physical)) if anchor and physical[k] == code(anchor)), None)
        if j is None or len(physical) == 1:
            plan = []
            break
        plan.append(("trailing" if c.trailing else "leading", j, c))
        if c.trailing:
            lead_from = trail_from = j + 1
        else:
            lead_from = trail_from = j
    if plan:
        for kind, j, c in plan:
            if kind == "trailing":
                host.inner_trailing = {**(host.inner_trailing or {}), j: c.text}
            else:
                host.inner_leading = host.inner_leading or {}
                host.inner_leading.setdefault(j, []).append(c.text)
        return
    if len(members) == 1 and members[0].trailing and not host.trailing:
        host.trailing = members[0].text
        return
    if host.leading is None:
        host.leading = []
    for c in members:
        host.leading.append(Line(host.depth, c.text, c.line, c.line))


def _lead(target: Line, c: Comment, src: SourceLines) -> None:
    if target.leading is None:
        target.leading = []
    target.leading.append(Line(target.depth, c.text, c.line, c.line, blank_before=src.blank(c.line - 1)))


def _narrowest(lines: list[Line], n: int, first: bool = False) -> Line | None:
    best = None
    for ln in lines:
        if ln.first and ln.first <= n <= ln.last:
            if best is None or (ln.last - ln.first) < (best.last - best.first) or (
                not first and (ln.last - ln.first) == (best.last - best.first)
            ):
                best = ln
    return best


def render(lines: list[Line], tail: list[Line], src: SourceLines) -> str:
    out: list[str] = []

    def blank() -> None:
        if out and out[-1] != "":
            out.append("")

    for ln in lines:
        pending_blank = ln.blank_before
        if ln.leading:
            for i, c in enumerate(ln.leading):
                if c.blank_before or (i == 0 and pending_blank):
                    blank()
                out.extend(c.physical())
            # keep a blank line between a comment block and its line where the source had one
            pending_blank = src.blank(ln.leading[-1].first + 1)
        if pending_blank:
            blank()
        out.extend(ln.physical())
        for c in ln.after or ():
            if c.blank_before:
                blank()
            out.extend(c.physical())
    for c in tail:
        if c.blank_before:
            blank()
        out.extend(c.physical())
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n" if out else ""
