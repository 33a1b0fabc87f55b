"""The typed AST of the rule language: frozen, slotted dataclasses, one per construct.

Every node carries its `span`; spans are declared with `compare=False`, so two nodes are equal when they
mean the same thing wherever they were written (Cedar's parser/node.rs).  Nodes never hold types: the
checker keeps those in a side table keyed by node identity (cel-spec's type_map).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterator, Union

from .literals import Duration
from .source import NO_SPAN, Span


def _span() -> Span:
    return field(default=NO_SPAN, compare=False, repr=False)


# =========================================================================================== expressions


@dataclass(frozen=True, slots=True)
class Literal:
    kind: str  # money, percent, duration, date, decimal, integer, text, bool
    value: Decimal | Duration | _dt.date | int | str | bool
    text: str = field(default="", compare=False)  # as written, for the formatter
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Name:
    name: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Field:
    obj: Expr
    name: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Lookup:
    obj: Expr
    keys: tuple[Expr, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Call:
    func: str
    args: tuple[Expr, ...]
    span: Span = _span()
    func_span: Span = _span()


@dataclass(frozen=True, slots=True)
class ListExpr:
    items: tuple[Expr, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # "-" or "not"
    operand: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Binary:
    op: str  # + - * / and or through
    left: Expr
    right: Expr
    span: Span = _span()
    op_span: Span = _span()


@dataclass(frozen=True, slots=True)
class Compare:
    op: str  # = != < <= > >=
    left: Expr
    right: Expr
    within: Expr | None = None
    span: Span = _span()
    op_span: Span = _span()


@dataclass(frozen=True, slots=True)
class In:
    item: Expr
    collection: Expr
    negated: bool = False
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class IsMissing:
    operand: Expr
    negated: bool = False  # `is present`
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Where:
    source: Expr
    condition: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Otherwise:
    value: Expr
    fallback: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Conditional:
    condition: Expr
    then: Expr
    orelse: Expr
    span: Span = _span()


Expr = Union[Literal, Name, Field, Lookup, Call, ListExpr, Unary, Binary, Compare, In, IsMissing, Where, Otherwise, Conditional]

# =========================================================================================== messages


@dataclass(frozen=True, slots=True)
class Placeholder:
    path: tuple[str, ...]  # {inv.id} → ("inv", "id")
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Message:
    """A message with `{name}` placeholders, kept both as written and split into parts."""

    text: str
    parts: tuple[str | Placeholder, ...]
    span: Span = _span()


# =========================================================================================== statements


@dataclass(frozen=True, slots=True)
class Let:
    name: str
    value: Expr
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class ForEach:
    key: str  # the subject key: party, installment, invoice…
    var: str
    collection: Expr
    body: tuple[Stmt, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class If:
    condition: Expr
    body: tuple[Stmt, ...]
    orelse: tuple[Stmt, ...] = ()
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Require:
    condition: Expr
    message: Message | None = None
    expected: Expr | None = None
    actual: Expr | None = None
    severity: str | None = None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Obligation:
    title: Message | None = None
    amount: Expr | None = None
    due: Expr | None = None
    paid_by: Expr | None = None
    met_when: Expr | None = None
    tolerance: Expr | None = None
    exact: bool = False
    late_severity: str | None = None
    late_message: Message | None = None
    message: Message | None = None
    expected: Expr | None = None  # with `met when`: what the report shows (default: the due date)
    actual: Expr | None = None  # with `met when`: when it happened, or what it was (default: missing)
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Pending:
    until: Expr | None
    message: Message | None = None
    span: Span = _span()


Stmt = Union[Let, ForEach, If, Require, Obligation, Pending]

# =========================================================================================== declarations


@dataclass(frozen=True, slots=True)
class Citation:
    document: str
    section: str | None = None
    heading: str | None = None
    span: Span = _span()
    document_span: Span = _span()  # the document's name, for an unknown one

    def describe(self, documents: dict[str, Document] | None = None) -> str:
        doc = documents.get(self.document) if documents else None
        text = doc.cite if doc else self.document
        if self.section:
            text += f" {self.section}"
        if self.heading:
            text += f", {self.heading}"
        return text


@dataclass(frozen=True, slots=True)
class Meta:
    severity: str | None = None
    sources: tuple[Citation, ...] = ()
    quote: str | None = None
    interpretation: str | None = None
    severity_span: Span = _span()


@dataclass(frozen=True, slots=True)
class TypeRef:
    names: tuple[str, ...]  # one name, or two for `party or text`
    is_list: bool = False
    span: Span = _span()

    def __str__(self) -> str:
        text = " or ".join(self.names)
        return f"list of {text}" if self.is_list else text


@dataclass(frozen=True, slots=True)
class Include:
    path: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Document:
    name: str
    cite: str
    file: str | None = None
    title: str | None = None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Party:
    name: str
    canonical: str | None = None
    business_id: str | None = None
    aliases: tuple[str, ...] = ()
    span: Span = _span()
    business_id_span: Span = _span()

    @property
    def display(self) -> str:
        return self.canonical or self.name


@dataclass(frozen=True, slots=True)
class EnumMember:
    name: str
    aliases: tuple[str, ...] = ()
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Enum:
    name: str
    members: tuple[EnumMember, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class ParamValue:
    value: Expr
    since: Expr | None = None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    type: TypeRef
    value: Expr | None
    history: tuple[ParamValue, ...] = ()
    meta: Meta = Meta()
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class TableKey:
    name: str  # the key's type name: party, text…
    domain: str  # the parameter listing the allowed keys
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class TableRow:
    cells: tuple[str, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    value_type: TypeRef
    keys: tuple[TableKey, ...]
    rows: tuple[TableRow, ...]
    meta: Meta = Meta()
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: TypeRef
    required: bool = False
    required_when: Expr | None = None
    unique: bool = False
    positive: bool = False
    default: Expr | None = None
    references: tuple[str, str] | None = None
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()  # `one of "A", "B"`: the values a text column may hold
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Facts:
    name: str
    label: str | None
    columns: tuple[Column, ...]
    dated_by: str | None = None
    meta: Meta = Meta()
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    title: str
    body: tuple[Stmt, ...]
    meta: Meta = Meta()
    optional: tuple[str, ...] = ()  # fact tables used when given, read as empty when not
    span: Span = _span()
    id_span: Span = _span()


@dataclass(frozen=True, slots=True)
class Consistency:
    id: str
    title: str
    expects: tuple[Expr, ...]
    known: str | None = None
    meta: Meta = Meta()
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class ExpectFinding:
    severity: str | None
    subject: tuple[tuple[str, Expr], ...]
    expected: Expr | None = None
    actual: Expr | None = None
    due: Expr | None = None
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class ExampleExpect:
    rule: str
    status: str
    findings: tuple[ExpectFinding, ...] = ()
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class ExampleFacts:
    table: str
    rows: tuple[TableRow, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    title: str
    rules: tuple[str, ...] = ()
    as_of: _dt.date | None = None
    facts: tuple[ExampleFacts, ...] = ()
    expects: tuple[ExampleExpect, ...] = ()
    span: Span = _span()


Decl = Union[Include, Document, Party, Enum, Parameter, Table, Facts, Rule, Consistency, Example]


@dataclass(frozen=True, slots=True)
class Module:
    path: str
    items: tuple[Decl, ...]
    span: Span = _span()


def statements(stmts) -> Iterator:
    """Every statement of a body, nested ones (of `for each`, `if` and `else`) after the one that holds them."""
    for s in stmts:
        yield s
        if isinstance(s, ForEach):
            yield from statements(s.body)
        elif isinstance(s, If):
            yield from statements(s.body)
            yield from statements(s.orelse)
