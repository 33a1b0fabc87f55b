"""What parsing a rule file gives, a module and its comments, and how large a rule file may be: importable
without the parser, so that a rule book read from the parse cache (cache.py) never loads it."""

from __future__ import annotations

from dataclasses import dataclass

from .. import ast

MAX_FILE_BYTES = 2_000_000


@dataclass(frozen=True, slots=True)
class Comment:
    line: int
    column: int
    text: str  # with its leading `#`
    trailing: bool  # written after code on the same line


@dataclass(frozen=True, slots=True)
class Parsed:
    module: ast.Module
    comments: tuple[Comment, ...]
