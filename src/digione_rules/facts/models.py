"""pydantic v2 models generated from the rule book's `facts` declarations: the one definition of a valid row.

Each declared column becomes a field annotated `Annotated[python type (| None), BeforeValidator(reader)]`:
the reader (convert.py) undoes the export's conventions, and pydantic checks what the declaration says —
the python type in strict mode, `positive` as `Gt(0)`, enum members, canonical party names and a text column's
`one of` values as `Literal`s, `required` as a type that does not admit None, the default as the field's default.

The loader never makes one model instance per row.  It validates each column's distinct raw values as a
`list[annotation]` through a `TypeAdapter` of the model field's annotation (`column_adapter`), and maps
the results back to the rows; a `ValidationError`'s locations are list indexes, which lead back to the
rows holding those values.  `row_model(...).model_validate` checks a single row the same way (tests,
small inputs), and `model_json_schema()` documents the tables.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Annotated, Any, Literal, Optional

from annotated_types import Gt
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, TypeAdapter, create_model

from .. import types as T
from ..check.model import CheckedBook, ColumnInfo, TableSchema
from .convert import cell_reader, storage_default

_PYTHON = {T.TEXT: str, T.PARTY_OR_TEXT: str, T.DATE: _dt.date, T.MONEY: int, T.INTEGER: int, T.BOOL: bool,
           T.DECIMAL: Decimal, T.PERCENT: Decimal}

# Row models and column validators by rule book, built on first use: a book is checked once and they
# are reused.
_MODELS: dict[int, tuple[CheckedBook, dict[str, type[BaseModel]]]] = {}
_ADAPTERS: dict[int, tuple[CheckedBook, dict[tuple, TypeAdapter]]] = {}


def value_type(col: ColumnInfo, book: CheckedBook) -> Any:
    """The python type pydantic checks a converted value against, with the declared constraints."""
    t = T.strip_optional(col.type)
    if t == T.PARTY:
        return Literal[tuple(sorted(book.parties))]  # type: ignore[misc]
    if isinstance(t, T.Type) and t.name == "enum":
        return Literal[tuple(book.enums[t.enum].members)]  # type: ignore[misc]
    if col.choices:
        return Literal[col.choices]  # type: ignore[misc]
    base = _PYTHON.get(t, str)
    constraints: list[Any] = [Strict()]
    if col.positive:
        constraints.append(Gt(0))
    return Annotated[base, *constraints]


def column_annotation(col: ColumnInfo, book: CheckedBook) -> Any:
    inner = value_type(col, book)
    if not col.required and storage_default(col) is None:
        inner = Optional[inner]
    return Annotated[inner, BeforeValidator(cell_reader(col, book))]


def _field_name(name: str) -> str:
    """A field name that cannot shadow BaseModel's own attributes; the column name stays the alias."""
    return name if not (name.startswith("_") or hasattr(BaseModel, name)) else f"column_{name}"


def row_model(schema: TableSchema, book: CheckedBook) -> type[BaseModel]:
    """The pydantic model of one row of `schema`, generated from its declaration (cached per book)."""
    entry = _MODELS.get(id(book))
    if entry is None or entry[0] is not book:
        entry = _MODELS[id(book)] = (book, {})
        while len(_MODELS) > 8:
            del _MODELS[next(iter(_MODELS))]
    models = entry[1]
    model = models.get(schema.name)
    if model is None:
        fields: dict[str, Any] = {}
        for col in schema.columns.values():
            annotation = column_annotation(col, book)
            default = storage_default(col)
            required = col.required and default is None
            fields[_field_name(col.name)] = (annotation, Field(... if required else default, alias=col.name))
        name = "".join(part.capitalize() for part in schema.name.split("_")) + "Row"
        model = create_model(name, __config__=ConfigDict(frozen=True, populate_by_name=True), **fields)
        models[schema.name] = model
    return model


def value_adapter(schema: TableSchema, book: CheckedBook, column: str) -> TypeAdapter:
    """A validator of a list of values already read (python values, not cells): what the declaration says
    of them — the type, `positive`, the members a value may be."""
    col = schema.columns[column]
    entries = _book_adapters(book)
    key = ("values", str(col.type), col.positive, col.choices)
    adapter = entries.get(key)
    if adapter is None:
        adapter = entries[key] = TypeAdapter(list[value_type(col, book)])
    return adapter


def _book_adapters(book: CheckedBook) -> dict[tuple, TypeAdapter]:
    entry = _ADAPTERS.get(id(book))
    if entry is None or entry[0] is not book:
        entry = _ADAPTERS[id(book)] = (book, {})
        while len(_ADAPTERS) > 8:
            del _ADAPTERS[next(iter(_ADAPTERS))]
    return entry[1]


def column_adapter(schema: TableSchema, book: CheckedBook, column: str, before: tuple = ()) -> TypeAdapter:
    """A validator of a list of raw cells of one column: the annotation the row model's field has.

    Columns that read alike (the same type, default and constraints: every required date, every party)
    share one, made once per book.  `before` adds validators that run first (a mapping's value map or date
    format)."""
    col = schema.columns[column]
    entries = _book_adapters(book)
    key = ("cells", str(col.type), col.required, repr(storage_default(col)), col.positive, col.choices)
    adapter = None if before else entries.get(key)
    if adapter is None:
        annotation: Any = column_annotation(col, book)
        for validator in before:
            annotation = Annotated[annotation, BeforeValidator(validator)]
        adapter = TypeAdapter(list[annotation])
        if not before:
            entries[key] = adapter
    return adapter
