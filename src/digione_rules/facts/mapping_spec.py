"""The settings a mapping file may hold, as pydantic models: mapping.py reads a file through them.

Kept apart from mapping.py so that a run without mapping files does not build these models.
"""

from __future__ import annotations

import re
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .convert import shown


class RowRule(BaseModel):
    """Rows to skip (or keep): those whose `column` matches `matches` (a regular expression, whole cell,
    any case) or is one of `values`."""

    model_config = ConfigDict(extra="forbid")
    column: str
    matches: Optional[str] = None
    values: Optional[list[str]] = None

    @field_validator("values", mode="before")
    @classmethod
    def _texts(cls, v: Any) -> Any:
        return [shown(x) for x in v] if isinstance(v, list) else v

    @model_validator(mode="after")
    def _one(self) -> RowRule:
        if (self.matches is None) == (self.values is None):
            raise ValueError("give exactly one of `matches` and `values`")
        if self.matches is not None:
            try:
                re.compile(self.matches)
            except re.error as e:
                raise ValueError(f"`{self.matches}` is not a regular expression: {e}") from None
            if _nested_repeat(self.matches):
                raise ValueError(f"`{self.matches}` repeats a repetition (such as `(a+)+`), which can take years "
                                 "to fail on one long cell: write it without the nesting (`a+`)")
        return self


def _nested_repeat(pattern: str) -> bool:
    """Whether a repetition (`*`, `+`, `{2,}`) holds another: the patterns whose backtracking grows
    exponentially with the cell (ReDoS).  Read from the pattern's parse tree (re's own parser)."""
    from re import _constants as c
    from re import _parser

    repeats = (c.MAX_REPEAT, c.MIN_REPEAT)

    def walk(items, inside: bool) -> bool:
        for op, av in items:
            if op in repeats:  # av: (min, max, items); a fixed count such as `\d{3}` is not ambiguous
                if (inside and av[0] != av[1] and av[1] > 1) or walk(av[2], inside or av[1] > 1):
                    return True
            elif op is c.POSSESSIVE_REPEAT or op is c.ATOMIC_GROUP:
                continue  # never backtracks into
            elif op is c.SUBPATTERN:
                if walk(av[3], inside):
                    return True
            elif op is c.BRANCH:
                if any(walk(b, inside) for b in av[1]):
                    return True
            elif op in (c.ASSERT, c.ASSERT_NOT):
                if walk(av[1], inside):
                    return True
            elif op is c.GROUPREF_EXISTS:
                if walk(av[1], inside) or (av[2] is not None and walk(av[2], inside)):
                    return True
        return False

    try:
        return walk(_parser.parse(pattern).data, False)
    except Exception:  # a parser of another Python: the pattern compiled, so let it be
        return False


class IdRule(BaseModel):
    """Ids from export columns (`columns`, joined by `separator`), and the posting line's number."""

    model_config = ConfigDict(extra="forbid")
    columns: list[str] = Field(min_length=1)
    posting_lines: bool = False
    separator: str = "-"


class MappingFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    table: Optional[str] = None
    files: list[str] = []
    delimiter: Optional[Literal[";", ",", "\t", "tab"]] = None
    encoding: Optional[Literal["utf-8", "utf-8-sig", "windows-1252", "cp1252"]] = None
    sheet: Optional[str] = None
    header_row: int = Field(1, ge=1)
    skip: list[RowRule] = []
    keep: list[RowRule] = []
    drop: list[str] = []
    rename: dict[str, str] = {}
    constants: dict[str, Any] = {}
    values: dict[str, dict[str, str]] = {}
    date_formats: dict[str, str] = {}
    id: Optional[IdRule] = None

    @field_validator("files")
    @classmethod
    def _patterns(cls, v: list[str]) -> list[str]:  # Path.match raises on an empty pattern
        if any(not p.strip() for p in v):
            raise ValueError("a file pattern cannot be empty")
        return v

    @field_validator("values", mode="before")
    @classmethod
    def _keys(cls, v: Any) -> Any:  # YAML reads `4365: service_fee` with a number for a key
        if isinstance(v, dict):
            return {k: {shown(a): shown(b) for a, b in m.items()} if isinstance(m, dict) else m for k, m in v.items()}
        return v
