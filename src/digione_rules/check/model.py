"""What the checker hands on: the rule book's declarations, resolved and typed."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .. import ast
from .. import types as T
from ..source import Span


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a name: `Jyväskylän kaupunki` → `jyvaskylan kaupunki`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())


_NUMERAL = re.compile(r"[-+]?\d+(?:[.,]\d+)?")


def choice_key(text: str) -> str | Decimal:
    """How a value of a `one of` column is matched: case, accents and spaces do not count (`DIGIONE 2` is
    `DigiOne2`), and a number is its value (`2`, `2.0` and `2,0` are one)."""
    key = "".join(fold(text).split())
    return Decimal(key.replace(",", ".")) if _NUMERAL.fullmatch(key) else key


@dataclass(frozen=True, slots=True)
class Binding:
    """What a name refers to: a parameter, table, facts table, party, enum member, variable, column…"""

    kind: str  # param, table, facts, party, member, local, column, builtin
    name: str
    owner: str | None = None  # the enum of a member, the table of a column


@dataclass
class EnumInfo:
    name: str
    members: tuple[str, ...]
    aliases: dict[str, str]  # folded spelling → member
    decl: ast.Enum


@dataclass
class ColumnInfo:
    name: str
    type: Any  # a scalar Type; optional columns are typed T.Optional(...) when read
    required: bool
    required_when: ast.Expr | None
    unique: bool
    positive: bool
    default: Any
    references: tuple[str, str] | None
    aliases: tuple[str, ...]
    decl: ast.Column | None
    choices: tuple[str, ...] = ()  # `one of`: the values a text column holds, each cell read as the one it matches
    # `default invoice.installment`: an empty cell takes the value of the row its reference names (the
    # referencing column, the referenced table's column)
    default_from: tuple[str, str] | None = None

    @property
    def read_type(self):
        return self.type if (self.required or self.default is not None) else T.Optional(self.type)


@dataclass
class TableSchema:
    """A fact table as the rule book declares it; the loader reads its files by this."""

    name: str
    label: str | None
    columns: dict[str, ColumnInfo]
    dated_by: str | None
    decl: ast.Facts | None
    is_param_table: bool = False

    @property
    def id_column(self) -> str | None:
        for c in self.columns.values():
            if c.unique:
                return c.name
        return None


@dataclass
class ParamInfo:
    name: str
    type: Any
    history: list[tuple[ast.Expr | None, ast.Expr]]  # (since, value) in declared order
    decl: ast.Parameter


@dataclass
class TableInfo:
    name: str
    key_names: tuple[str, ...]
    key_types: tuple[Any, ...]
    value_type: Any
    cells: dict[tuple, Any]  # keys → value
    rows: list[tuple[tuple, Any, Span]]  # in written order, for evidence and `explain`
    decl: ast.Table

    @property
    def schema(self) -> TableSchema:
        cols = {n: ColumnInfo(n, t, True, None, False, False, None, None, (), None)
                for n, t in zip(self.key_names, self.key_types)}
        cols["value"] = ColumnInfo("value", self.value_type, True, None, False, False, None, None, (), None)
        return TableSchema(self.name, None, cols, None, None, is_param_table=True)


@dataclass
class RuleInfo:
    decl: ast.Rule
    reads: frozenset[str]  # fact tables
    params: frozenset[str]  # parameters and tables
    severity: str
    optional: frozenset[str] = frozenset()  # fact tables read as empty when not given

    @property
    def id(self) -> str:
        return self.decl.id


@dataclass
class CheckedBook:
    root: str
    sources: dict[str, str]
    comments: dict[str, tuple]
    modules: list[ast.Module]
    documents: dict[str, ast.Document] = field(default_factory=dict)
    parties: dict[str, ast.Party] = field(default_factory=dict)  # canonical name → declaration
    party_names: dict[str, str] = field(default_factory=dict)  # rule-book name → canonical name
    party_index: dict[str, str] = field(default_factory=dict)  # folded name, alias or business id → canonical
    enums: dict[str, EnumInfo] = field(default_factory=dict)
    params: dict[str, ParamInfo] = field(default_factory=dict)
    tables: dict[str, TableInfo] = field(default_factory=dict)
    facts: dict[str, TableSchema] = field(default_factory=dict)
    rules: dict[str, RuleInfo] = field(default_factory=dict)
    consistency: list[ast.Consistency] = field(default_factory=list)
    examples: list[ast.Example] = field(default_factory=list)
    types: dict[int, Any] = field(default_factory=dict)  # id(expr) → type
    bindings: dict[int, Binding] = field(default_factory=dict)  # id(Name) → what it names
    placeholders: dict[int, Any] = field(default_factory=dict)  # id(Placeholder) → the expression it reads
    digest: str = ""
    globals: Any = None  # the checker's global scope, for checking lone expressions
    _checker: Any = None

    def type_of(self, node) -> Any:
        return self.types.get(id(node), T.ERROR)

    def resolve_party(self, text: str) -> str | None:
        return self.party_index.get(fold(text))

    def citation(self, meta: ast.Meta) -> str:
        return "; ".join(c.describe(self.documents) for c in meta.sources)


def date_or_none(value) -> _dt.date | None:
    return value if isinstance(value, _dt.date) else None
