"""The three places where the canonical layout depends on width: a long `where` condition, a long quote,
and the columns of a table.

- A logical line longer than `WIDTH` whose expression holds a `where` with an `and`/`or` condition is
  broken at the first such `where` (in reading order): the condition goes inside parentheses, one operand
  of its top-level `and`/`or` chain per line, each after the first led by its operator.  Nothing else is
  ever broken, so the layout of an expression depends only on the expression.
- A quote, interpretation or `known` text longer than the line is written as a triple-quoted paragraph
  block, wrapped at word boundaries.  A text that such a block could not give back exactly (line breaks
  inside a paragraph, runs of spaces, backslashes, `\"\"\"`) stays a one-line string.
- Table cells are padded so the pipes line up; a column whose cells are all amounts or numbers is
  right-aligned, as in the contract's own tables.
"""

from __future__ import annotations

import dataclasses
import re
import textwrap

from .. import ast
from ..syntax.printer import expr_text, operand_text, precedence, quote_text

WIDTH = 100
_HOLE = "\u0000"

# ------------------------------------------------------------------------------------------ where


def _first_chain_where(e) -> ast.Where | None:
    """The first `where` (in reading order) whose condition is an `and`/`or` chain."""
    if isinstance(e, ast.Where) and isinstance(e.condition, ast.Binary) and e.condition.op in ("and", "or"):
        return e
    if dataclasses.is_dataclass(e):
        for f in dataclasses.fields(e):
            value = getattr(e, f.name)
            for child in value if isinstance(value, tuple) else (value,):
                if dataclasses.is_dataclass(child) and not isinstance(child, (ast.Literal,)):
                    found = _first_chain_where(child)
                    if found is not None:
                        return found
    return None


def _substitute(e, target, new):
    if e is target:
        return new
    if not dataclasses.is_dataclass(e) or isinstance(e, ast.Literal):
        return e
    changes = {}
    for f in dataclasses.fields(e):
        value = getattr(e, f.name)
        if isinstance(value, tuple):
            new_value = tuple(_substitute(v, target, new) for v in value)
        else:
            new_value = _substitute(value, target, new)
        if new_value is not value:
            changes[f.name] = new_value
    return dataclasses.replace(e, **changes) if changes else e


def _chain(cond: ast.Binary) -> list[ast.Expr]:
    """`a and b and c` (parsed as `(a and b) and c`) → [a, b, c]; only the left spine is flattened."""
    items: list[ast.Expr] = []
    e: ast.Expr = cond
    while isinstance(e, ast.Binary) and e.op == cond.op:
        items.append(e.right)
        e = e.left
    items.append(e)
    return items[::-1]


def expression(prefix: str, e: ast.Expr, suffix: str, depth: int) -> str:
    """`prefix + e + suffix`, broken at its first `where` chain when the line would be too long."""
    text = prefix + expr_text(e) + suffix
    if len(text) + 4 * depth <= WIDTH:
        return text
    target = _first_chain_where(e)
    if target is None:
        return text
    cond = target.condition
    assert isinstance(cond, ast.Binary)
    holed = _substitute(e, target, ast.Where(target.source, ast.Name(_HOLE)))
    p = precedence(cond.op)
    items = _chain(cond)
    body = [f"    {operand_text(items[0], p)}"]
    body += [f"    {cond.op} {operand_text(item, p + 1)}" for item in items[1:]]
    one = prefix + expr_text(holed) + suffix
    return one.replace(_HOLE, "(\n" + "\n".join(body) + "\n)")


# ------------------------------------------------------------------------------------------ quotes


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", text.strip()) if p.strip()]


def can_be_block(text: str) -> bool:
    """Whether a triple-quoted block gives back exactly `text` (see the module docstring)."""
    return (
        bool(text)
        and '"""' not in text
        and "\\" not in text
        and not text.startswith('"')
        and "\n\n".join(_paragraphs(text)) == text
    )


def long_text(keyword: str, text: str, depth: int) -> str:
    """`keyword "text"`, or a paragraph block when the line is too long or the text has paragraphs."""
    one = f"{keyword} {quote_text(text)}"
    if ("\n" not in text and len(one) + 4 * depth <= WIDTH) or not can_be_block(text):
        return one
    width = max(WIDTH - 4 * (depth + 1), 40)
    body: list[str] = []
    for i, para in enumerate(_paragraphs(text)):
        if i:
            body.append("")
        body += [f"    {ln}" for ln in textwrap.wrap(para, width, break_long_words=False, break_on_hyphens=False)]
    return f'{keyword} """\n' + "\n".join(body) + '\n    """'


# ------------------------------------------------------------------------------------------ tables

_NUMBER = re.compile(r"-?\d{1,3}(?:[ \u00a0]\d{3})*(?:[.,]\d+)?(?: ?(?:%|€|k€|M€|EUR))?|-?\d+(?:[.,]\d+)?(?: ?(?:%|€|k€|M€|EUR))?")


def table_rows(rows: tuple[ast.TableRow, ...], header: bool) -> list[str]:
    """The rows as `| a | b |` with the pipes aligned; with `header`, the first row is a header row."""
    cells = [list(r.cells) for r in rows]
    ncol = max((len(c) for c in cells), default=0)
    for c in cells:
        c.extend([None] * (ncol - len(c)))  # type: ignore[list-item]
    widths = [max((len(c[i]) for c in cells if c[i] is not None), default=0) for i in range(ncol)]
    body = cells[1:] if header else cells
    right = [
        bool([c[i] for c in body if c[i]]) and all(_NUMBER.fullmatch(c[i]) for c in body if c[i])
        for i in range(ncol)
    ]
    out = []
    for c in cells:
        parts = []
        for i, cell in enumerate(c):
            if cell is None:
                break
            parts.append(cell.rjust(widths[i]) if right[i] else cell.ljust(widths[i]))
        out.append(("| " + " | ".join(parts) + " |").replace("|  |", "| |") if parts else "|")
    return out
