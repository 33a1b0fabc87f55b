"""Reading a rule book: the entry file and everything it includes, never a file outside the book.

A rule book is a folder (its entry file is `main.rules`) or one file (the folder it lies in is the book).
`include "x.rules"` names a file relative to the including file; it must resolve, after following
links, to a file inside the book's folder, so a rule file can read nothing else on the machine.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import ast
from .diagnostics import Sink
from .source import Source, Span
from .syntax.parsed import MAX_FILE_BYTES, Parsed

ENTRY = "main.rules"
MAX_FILES = 500


@dataclass
class LoadedBook:
    root: Path
    entry: Path
    parsed: list[Parsed]
    sources: dict[str, str]  # display path → text
    within: dict[str, str] = field(default_factory=dict)  # display path → path within the book (`payments.rules`)

    @property
    def digest(self) -> str:
        """sha256 over each file's path within the book and its text: the same book digests alike wherever
        it is and whatever its folder is called."""
        h = hashlib.sha256()
        for path in sorted(self.sources, key=lambda shown: self.within.get(shown, shown)):
            h.update(self.within.get(path, path).encode() + b"\0" + self.sources[path].encode() + b"\0")
        return "sha256:" + h.hexdigest()


def packaged_rule_book() -> Path:
    """The rule book shipped with the package (the repository's `rules/` in a checkout)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parent.parent / "rules"):
        if (candidate / ENTRY).is_file():
            return candidate
    return here / "rules"


def _display(path: Path, root: Path) -> str:
    """Paths as users see them: relative to the book's parent folder, `rules/payments.rules`."""
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _line_column(data: bytes, at: int) -> tuple[int, int]:
    """The line and column (in characters) of byte `at`."""
    start = data.rfind(b"\n", 0, at) + 1
    return data.count(b"\n", 0, at) + 1, len(data[start:at].decode("utf-8", "replace")) + 1


def load_rule_book(location: Path, sink: Sink) -> LoadedBook | None:
    location = Path(location)
    if location.is_dir():
        root, entry = location, location / ENTRY
    else:
        root, entry = location.parent, location
    if not entry.is_file():
        sink.error("C602", f"no rule book at `{entry}`",
                   help=f"give --rules a folder with a `{ENTRY}` or a `.rules` file")
        return None
    real_root = root.resolve()
    book = LoadedBook(root, entry, [], {})
    queue: list[tuple[Path, Span | None]] = [(entry, None)]
    seen: set[Path] = set()
    while queue:
        path, included_at = queue.pop(0)
        real = path.resolve()
        if real in seen:
            continue
        seen.add(real)
        if len(seen) > MAX_FILES:
            sink.error("T211", f"the rule book includes more than {MAX_FILES} files", included_at)
            break
        shown = _display(path, root)
        try:
            size = path.stat().st_size
            if size > 4 * MAX_FILE_BYTES:  # more characters than allowed whatever they are: refused unread
                sink.error("S110", f"rule file is {size} bytes long, more than the {MAX_FILE_BYTES} characters "
                           "allowed", Span(shown, 1, 1, 1, 1))
                continue
            data = path.read_bytes()
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            line, column = _line_column(data, e.start)
            sink.error("S108", f"`{shown}` is not UTF-8 text: byte {e.start} cannot be decoded",
                       Span(shown, line, column, line, column))
            continue
        except OSError as e:
            sink.error("T211", f"cannot read `{shown}`: {e.strerror}", included_at)
            continue
        text = text.replace("\r\n", "\n")
        book.sources[shown] = text
        book.within[shown] = real.relative_to(real_root).as_posix() if real.is_relative_to(real_root) else shown
        parsed = _parse_cached(shown, text, sink)
        if parsed is None:
            continue
        book.parsed.append(parsed)
        for item in parsed.module.items:
            if isinstance(item, ast.Include):
                target = _include_target(path, item, real_root, sink, shown)
                if target is not None:
                    queue.append((target, item.span))
    _check_cycles(book, sink)
    return book


def _parse_cached(shown: str, text: str, sink: Sink) -> Parsed | None:
    from .syntax import cache

    hit = cache.load(shown, text)
    if hit is not None:
        return Parsed(*hit)
    from .syntax.parser import parse_module  # (the parser is loaded only when the cache misses)

    before = len(sink.items)
    parsed = parse_module(Source(shown, text), sink)
    if parsed is not None and len(sink.items) == before:
        cache.store(shown, text, parsed.module, parsed.comments)
    return parsed


def _include_target(path: Path, inc: ast.Include, real_root: Path, sink: Sink, shown: str) -> Path | None:
    raw = inc.path
    if "\x00" in raw:
        sink.error("T211", "include path holds a NUL byte", inc.span, help="name a `.rules` file of the rule book")
        return None
    if os.path.isabs(raw) or raw.startswith(("~", "\\")) or (len(raw) > 1 and raw[1] == ":"):
        sink.error("T210", f"include `{raw}` is an absolute path", inc.span,
                   help="include files by a path relative to the including file, inside the rule book")
        return None
    target = path.parent / raw
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError, ValueError):
        sink.error("T211", f"include `{raw}` cannot be resolved", inc.span)
        return None
    if not resolved.is_relative_to(real_root):
        sink.error("T210", f"include `{raw}` points outside the rule book", inc.span,
                   help="a rule file can only include files inside the rule book's folder")
        return None
    if not resolved.is_file():
        sink.error("T211", f"included file `{raw}` does not exist", inc.span)
        return None
    return target


def _check_cycles(book: LoadedBook, sink: Sink) -> None:
    """Report include cycles (they are harmless to loading, which reads each file once, but confusing)."""
    graph: dict[str, list[tuple[str, ast.Include]]] = {}
    for parsed in book.parsed:
        base = Path(parsed.module.path).parent
        graph[parsed.module.path] = [
            (os.path.normpath(str(base / i.path)), i) for i in parsed.module.items if isinstance(i, ast.Include)
        ]
    state: dict[str, int] = {}

    def visit(node: str) -> None:
        state[node] = 1
        for target, inc in graph.get(node, []):
            if state.get(target) == 1:
                sink.error("T212", f"include `{inc.path}` makes a cycle", inc.span,
                           help="each file should be included once, from the file above it")
            elif state.get(target) is None and target in graph:
                visit(target)
        state[node] = 2

    for node in sorted(graph):
        if state.get(node) is None:
            visit(node)
