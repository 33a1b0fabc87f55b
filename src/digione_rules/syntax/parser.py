"""Run the generated LALR parser over a rule file and turn every failure into a syntax diagnostic.

After a syntax error the parser starts again at the next top-level declaration (a line at column 1
that begins with a declaration keyword), so one run reports one error per broken declaration rather
than stopping at the first.  Earlier text is blanked, not cut, so lines and columns stay true.
"""

from __future__ import annotations

import re

from .. import ast
from ..diagnostics import Sink
from ..source import Source, Span
from . import _generated as lark
from .build import Builder, BuildError
from .hints import hint_for, unclosed_bracket
from .indenter import IndentationError_, RuleIndenter
from .parsed import MAX_FILE_BYTES, Comment, Parsed

MAX_LINE_CHARS = 10_000
# How deep declarations, blocks and expressions may nest: the checker, formatter and evaluator walk the
# tree recursively, and Python's stack (1000 frames) must hold the deepest walk with room to spare.  The
# rule book's deepest expression is some 12 levels.
MAX_NESTING = 100

_DECL_START = re.compile(
    r"^(?:include|document|party|enum|parameter|table|facts|rule|consistency|example)\b", re.MULTILINE
)

_parser = None
_indenter: RuleIndenter | None = None


def _get_parser():
    global _parser, _indenter
    if _parser is None:
        _indenter = RuleIndenter()
        _parser = lark.Lark_StandAlone(postlex=_indenter)
    return _parser


def parse_module(source: Source, sink: Sink) -> Parsed | None:
    """Parse one rule file; syntax errors go to `sink`.  Returns None when nothing could be parsed."""
    text = source.text
    if len(text) > MAX_FILE_BYTES:
        sink.error("S110", f"rule file is {len(text)} characters long, more than the {MAX_FILE_BYTES} allowed",
                   Span(source.path, 1, 1, 1, 1))
        return None
    for number, line in enumerate(text.splitlines(), 1):
        if len(line) > MAX_LINE_CHARS:
            sink.error("S110", f"line is {len(line)} characters long, more than the {MAX_LINE_CHARS} allowed",
                       Span(source.path, number, 1, number, 2))
            return None
    if not text.endswith("\n"):
        text += "\n"
    items: list = []
    comments: list[Comment] = []
    start = 0
    while True:
        chunk = _blank_before(text, start)
        before = len(sink.items)
        result = _parse_text(chunk, source, sink)
        if result is not None:
            tree_items, chunk_comments = result
            items.extend(tree_items)
            comments.extend(chunk_comments)
            break
        failed_at = _error_offset(text, sink, before)
        _drop_repeats(sink, before)
        if failed_at > start and _DECL_START.match(text, failed_at):
            # the error surfaced at the keyword of the next declaration: the broken one is before it
            broken = _decl_containing(text, failed_at - 1, start)
            nxt = failed_at
        else:
            broken = _decl_containing(text, failed_at, start)
            nxt = _next_decl(text, failed_at + 1)
        if broken > start:  # keep the declarations that parsed before the broken one
            partial_sink = Sink()
            partial = _parse_text(_blank_before(text[:broken], start), source, partial_sink)
            if partial is not None:
                items.extend(partial[0])
                comments.extend(partial[1])
                sink.extend(partial_sink.items)  # their bad literals and messages
        if nxt is None or nxt <= start:
            break
        start = nxt
    comments.sort(key=lambda c: (c.line, c.column))
    return Parsed(ast.Module(source.path, tuple(items), Span(source.path, 1, 1, 1, 1)), tuple(comments))


def parse_expression(text: str, path: str = "<expression>") -> ast.Expr:
    """Parse a lone expression (used by tests and by `explain`); raises BuildError or lark errors."""
    tree = _get_parser().parse(text, start="expr")
    return Builder(path, Sink()).transform(tree)


def _parse_text(text: str, source: Source, sink: Sink):
    parser = _get_parser()
    try:
        tree = parser.parse(text, start="start")
    except IndentationError_ as e:
        tok = e.token
        code = "S105" if tok.type in ("RPAR", "RSQB", "LPAR", "LSQB") else "S104"
        line = tok.end_line if tok.type == "_NL" else tok.line
        # a line's indentation is wrong: the caret goes where its text starts
        col = len(tok.value.rsplit("\n", 1)[-1]) + 1 if tok.type == "_NL" else tok.column
        sink.error(code, e.message, Span(source.path, line, col, line, col + 1), help=e.help)
        return None
    except lark.UnexpectedInput as e:
        token = getattr(e, "token", None)
        if token is not None and token.type == "_INDENT":
            sink.add(_over_indented(token, source))
        else:
            sink.add(_describe(e, source, text))
        return None
    except RecursionError:
        sink.error("S109", "expression is nested too deeply to parse", Span(source.path, 1, 1, 1, 1),
                   help="split the expression with `let` bindings")
        return None
    builder = Builder(source.path, sink)
    try:
        try:
            items = builder.transform(tree)
        except lark.VisitError as e:  # the transformer wraps what a method raised: unwrap it
            raise e.orig_exc from None
    except BuildError as e:
        sink.add(e.diagnostic)
        return None
    except RecursionError:
        sink.error("S109", "expression is nested too deeply", _too_deep_in_tree(tree, source.path),
                   help="split the expression with `let` bindings")
        return None
    deep = _too_deep(items)
    if deep is not None:
        where = getattr(deep, "span", None)
        sink.error("S109", f"nested more than {MAX_NESTING} levels deep",
                   where if where is not None and where.line > 0 else Span(source.path, 1, 1, 1, 1),
                   help="split the expression with `let` bindings, or the block into rules")
        return None
    return items, tuple(_indenter.comments)


def _too_deep(items) -> object | None:
    """The first node nested deeper than MAX_NESTING (declarations, statements and expressions alike),
    found without recursion; None when the tree is within the bound."""
    stack = [(item, 1) for item in items]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            return node
        values = [getattr(node, name, None) for name in getattr(node, "__slots__", ())]
        while values:
            child = values.pop()
            if isinstance(child, tuple):
                values.extend(child)
            elif type(child).__module__ == ast.__name__ and hasattr(child, "__dataclass_fields__"):
                stack.append((child, depth + 1))
    return None


def _over_indented(token, source: Source):
    """A line indented deeper than its block, under a line that opens none (`severity error` and then
    `      source kh`): reported at that line, where its text starts.  The _INDENT token borrows the position
    of the newline before it; its value is the line's indentation."""
    from ..diagnostics import Diagnostic

    indent_text = str(token.value)
    line = token.end_line or token.line
    column = len(indent_text) + 1
    indent = indent_text.count(" ") + indent_text.count("\t") * RuleIndenter.tab_len
    levels = _indenter.indent_level if _indenter is not None else []
    above = levels[-2] if len(levels) >= 2 and levels[-1] == indent else None
    span = Span(source.path, line, column, line, column + 1)
    if above is None:
        return Diagnostic("S104", f"this line is indented by {indent} spaces, deeper than its block", span,
                          help="indent a line only under a line that opens a block")
    return Diagnostic("S104", f"this line is indented by {indent} spaces, deeper than the line above ({above})",
                      span, help=f"indent it by {above} spaces: the line above opens no block (an expression "
                      "goes on over lines only inside brackets)")


def _too_deep_in_tree(tree, path: str) -> Span:
    """Where the parse tree first (in reading order) goes deeper than MAX_NESTING, found without recursion:
    the place of the construct that made building the AST recurse too deeply; 1:1 when none is found."""
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, lark.Token):
            if depth > MAX_NESTING and node.line:
                return Span(path, node.line, node.column, node.line, node.column + 1)
            continue
        meta = getattr(node, "meta", None)
        if depth > MAX_NESTING and meta is not None and not getattr(meta, "empty", True):
            return Span(path, meta.line, meta.column, meta.line, meta.column + 1)
        stack.extend((child, depth + 1) for child in reversed(getattr(node, "children", ())))
    return Span(path, 1, 1, 1, 1)


def _describe(e: lark.UnexpectedInput, source: Source, text: str):
    from ..diagnostics import Diagnostic

    line, column = getattr(e, "line", 1) or 1, getattr(e, "column", 1) or 1
    if isinstance(e, lark.UnexpectedCharacters):
        ch = text[e.pos_in_stream] if e.pos_in_stream < len(text) else ""
        span = Span(source.path, line, column, line, column + 1)
        return Diagnostic("S102", f"unexpected character `{ch}`", span,
                          help=_expected_help(e.allowed) if e.allowed else "")
    token = getattr(e, "token", None)
    expected = getattr(e, "expected", None) or getattr(e, "accepts", None) or set()
    if token is not None and token.type != "$END" and ({"RPAR", "RSQB"} & set(expected)):
        opened = unclosed_bracket(text, getattr(token, "start_pos", None) or 0)
        if opened is not None:
            o_line, o_col, bracket = opened
            closing = ")" if bracket == "(" else "]"
            return Diagnostic("S105", f"`{bracket}` is never closed", Span(source.path, o_line, o_col, o_line, o_col + 1),
                              help=f"close it with `{closing}` before the line ends")
    named = hint_for(e, text)
    help_ = named.help if named else _expected_help(expected)
    message = named.message if named else None
    if token is None or token.type == "$END" or (token.type == "_DEDENT" and not token.value and token.line in (None, 1)):
        last = text.rstrip("\n").count("\n") + 1
        span = Span(source.path, last, 1, last, 2)
        return Diagnostic("S103", message or "the file ends before this declaration is complete", span, help=help_)
    if token.type in ("_NL", "_DEDENT", "_INDENT"):
        # report at the end of the line that was cut short, not at the start of the next one
        line = token.line
        column = token.column
        what = {"_NL": "end of line", "_INDENT": "an indented block", "_DEDENT": "end of block"}[token.type]
        span = Span(source.path, line, column, line, column + 1)
        return Diagnostic("S101", message or f"unexpected {what}", span, help=help_)
    span = Span(source.path, token.line, token.column, token.end_line or token.line,
                token.end_column or token.column + 1)
    return Diagnostic("S101", message or f"unexpected `{token.value}`", span, help=help_)


_FRIENDLY = {
    "NAME": "a name", "STRING": "a text in quotes", "LONG_STRING": "a text in triple quotes",
    "RULE_ID": "a rule id such as `invoice-paid`", "MONEY": "an amount such as `1 287 000 €`",
    "PERCENT": "a percentage", "DATE": "a date such as `31.12.2029`", "DURATION": "a duration such as `30 days`",
    "INT": "a number", "DECIMAL": "a number", "SECTION": "a section such as `§ 6.3`",
    "BUSINESS_ID": "a business id such as `0101263-6`", "TABLE_ROW": "a table row `| … |`",
    "SEVERITY": "`error`, `warning` or `info`", "STATUS": "`passed`, `violated`, `pending` or `not_applicable`",
    "_NL": "end of line", "_INDENT": "an indented block", "_DEDENT": "end of block",
    "COMP_OP": "a comparison", "EQ": "`=`", "PLUS": "`+`", "MINUS": "`-`", "MUL_OP": "`*` or `/`",
    "LPAR": "`(`", "RPAR": "`)`", "LSQB": "`[`", "RSQB": "`]`",
}


def _terminal_text(name: str) -> str:
    if name in _FRIENDLY:
        return _FRIENDLY[name]
    parser = _get_parser()
    for term in parser.terminals:
        if term.name == name and term.pattern.type == "str":
            return f"`{term.pattern.value}`"
    return name.lower()


def _expected_help(expected) -> str:
    names = sorted({_terminal_text(n) for n in expected if not n.startswith("__")})
    if not names:
        return ""
    if len(names) > 8:
        names = names[:8] + ["…"]
    return "expected " + ", ".join(names)


def _blank_before(text: str, offset: int) -> str:
    if offset <= 0:
        return text
    head = text[:offset]
    return "\n" * head.count("\n") + text[offset:]


def _offset_of(text: str, line: int) -> int:
    pos = 0
    for _ in range(line - 1):
        pos = text.find("\n", pos) + 1
        if pos == 0:
            return len(text)
    return pos


def _error_offset(text: str, sink: Sink, before: int) -> int:
    """Where the last new error is: its line and column (so an error at a declaration keyword is told
    apart from one later on that keyword's line)."""
    new = sink.items[before:]
    if not new or new[-1].span is None:
        return len(text)
    return _offset_of(text, new[-1].span.line) + max(new[-1].span.column - 1, 0)


def _drop_repeats(sink: Sink, before: int) -> None:
    """A restart can meet the error it restarted after again: keep each (code, place) once."""
    seen = {(d.code, d.span) for d in sink.items[:before]}
    sink.items[before:] = [d for d in sink.items[before:] if (d.code, d.span) not in seen]


def _next_decl(text: str, offset: int) -> int | None:
    m = _DECL_START.search(text, offset)
    return m.start() if m else None


def _decl_containing(text: str, offset: int, start: int) -> int:
    """The offset of the declaration that contains `offset` (the last one starting at or before it)."""
    best = start
    for m in _DECL_START.finditer(text, start, offset + 1):
        best = m.start()
    return best
