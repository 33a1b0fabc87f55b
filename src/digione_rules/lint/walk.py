"""Going through a checked rule book: statements, expressions, the names they use and the variables in
scope where they are used.  Shared by the lint rules, so each rule is only its own question."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from .. import ast
from ..ast import statements  # noqa: F401 (the lint rules' import of it)
from ..check.model import CheckedBook

EXPR_TYPES = (ast.Literal, ast.Name, ast.Field, ast.Lookup, ast.Call, ast.ListExpr, ast.Unary, ast.Binary,
              ast.Compare, ast.In, ast.IsMissing, ast.Where, ast.Otherwise, ast.Conditional)


def subexpressions(e) -> Iterator:
    """`e` and every expression inside it, in reading order."""
    if e is None:
        return
    yield e
    if isinstance(e, ast.Literal):
        return
    for f in dataclasses.fields(e):
        value = getattr(e, f.name)
        for child in value if isinstance(value, tuple) else (value,):
            if isinstance(child, EXPR_TYPES):
                yield from subexpressions(child)


def messages(stmt) -> list[ast.Message]:
    fields = ("message",) if not isinstance(stmt, ast.Obligation) else ("title", "late_message", "message")
    return [m for m in (getattr(stmt, f, None) for f in fields) if m is not None]


def own_expressions(book: CheckedBook, stmt) -> list:
    """The expressions a statement holds itself (not its nested statements'), with its messages' placeholders."""
    out = []
    for f in dataclasses.fields(stmt):
        value = getattr(stmt, f.name)
        if isinstance(value, EXPR_TYPES):
            out.append(value)
    for msg in messages(stmt):
        for part in msg.parts:
            if isinstance(part, ast.Placeholder) and id(part) in book.placeholders:
                out.append(book.placeholders[id(part)])
    return out


def rule_names(book: CheckedBook, rule: ast.Rule) -> Iterator[ast.Name]:
    """Every name a rule's statements and messages use."""
    for stmt in statements(rule.body):
        for e in own_expressions(book, stmt):
            for sub in subexpressions(e):
                if isinstance(sub, ast.Name):
                    yield sub


def scoped_statements(stmts, bound: tuple[str, ...] = ()) -> Iterator[tuple[object, tuple[str, ...]]]:
    """Each statement with the rule variables in scope where it stands (lets above it, loop variables)."""
    names = bound
    for s in stmts:
        yield s, names
        if isinstance(s, ast.Let):
            names = names + (s.name,)
        elif isinstance(s, ast.ForEach):
            yield from scoped_statements(s.body, names + (s.var,))
        elif isinstance(s, ast.If):
            yield from scoped_statements(s.body, names)
            yield from scoped_statements(s.orelse, names)


def book_expressions(book: CheckedBook) -> Iterator:
    """Every expression outside rule bodies: parameter values and dates, column options, consistency checks."""
    for module in book.modules:
        for item in module.items:
            if isinstance(item, ast.Parameter):
                yield item.value
                for pv in item.history:
                    yield pv.value
                    yield pv.since
            elif isinstance(item, ast.Facts):
                for c in item.columns:
                    yield c.required_when
                    yield c.default
            elif isinstance(item, ast.Consistency):
                yield from item.expects
