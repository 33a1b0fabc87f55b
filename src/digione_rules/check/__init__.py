"""Static checks: a parsed rule book in, a `CheckedBook` (declarations resolved, every expression typed)
and diagnostics (T2xx) out.  Nothing is evaluated here but constants.

The checker is an ordered list of named stages (OPA's compile.go); each collects its diagnostics and the
next runs even after errors, so one run reports as much as it can.
"""

from __future__ import annotations

from ..book import LoadedBook
from ..diagnostics import Sink
from .declarations import Declarations
from .expressions import ExprChecker
from .model import CheckedBook
from .statements import Statements


def check_book(loaded: LoadedBook, sink: Sink) -> CheckedBook:
    book = CheckedBook(
        root=str(loaded.root),
        sources=loaded.sources,
        comments={p.module.path: p.comments for p in loaded.parsed},
        modules=[p.module for p in loaded.parsed],
        digest=loaded.digest,
    )
    ck = ExprChecker(book, sink)
    decls = Declarations(book, sink, ck)
    stmts = Statements(book, ck, decls)
    stages = [
        ("collect", decls.collect),
        ("citations", decls.citations),
        ("parties", decls.parties),
        ("fact tables", decls.facts),
        ("globals", decls.bind_globals),
        ("tables", decls.tables),
        ("parameters", decls.parameters),
        ("fact references", decls.facts_references),
        ("rules", lambda: [stmts.rule(r) for r in decls._rule_decls]),
        ("consistency", lambda: [stmts.consistency(c) for c in book.consistency]),
        ("examples", lambda: [stmts.example(e) for e in book.examples]),
    ]
    for _name, stage in stages:
        stage()
    book.rules = dict(sorted(book.rules.items()))
    book.globals = decls.globals
    book._checker = ck
    return book


def check_expression(book: CheckedBook, text: str, sink: Sink):
    """Parse and check one expression against the rule book's names (for tests and tools); returns the
    expression and its type, or None after reporting syntax errors to `sink`."""
    from ..syntax import _generated as lark
    from ..syntax.parser import parse_expression

    try:
        expr = parse_expression(text)
    except lark.UnexpectedInput as e:
        sink.error("S101", f"cannot parse `{text}`: {e.__class__.__name__}")
        return None
    ck = book._checker
    ck.sink = sink
    return expr, ck.infer(expr, book.globals)
