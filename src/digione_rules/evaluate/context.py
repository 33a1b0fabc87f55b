"""What one evaluation knows: the checked rule book, the facts as of a date, and the parameters in force."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from .. import types as T
from ..check.model import CheckedBook, TableInfo
from ..facts.table import FactSet, FactTable
from .compile import Compiler, to_storage
from .values import EvalError


class RunContext:
    def __init__(self, book: CheckedBook, facts: FactSet, as_of: _dt.date, loaded: FactSet | None = None):
        self.book = book
        self.loaded = loaded or facts  # before leaving out what is dated after `as_of`
        self.facts = facts
        self.as_of = as_of
        self.compiler = Compiler(book, self)
        self._params: dict[str, Any] = {}
        self._param_tables: dict[str, FactTable] = {}
        self._busy: set[str] = set()
        self._compiled: dict[int, Any] = {}
        self._absent: dict[str, FactTable] = {}  # optional tables that were not given, read as empty

    def table(self, name: str) -> FactTable:
        """A fact table; one that was not given (a rule's `optional` table) reads as empty.  The empty
        table is kept apart from the facts: a later rule that needs the table must still find it absent."""
        table = self.facts.tables.get(name)
        if table is None:
            table = self._absent.get(name)
            if table is None:
                schema = self.book.facts[name]
                table = self._absent[name] = FactTable(name, schema, {c: [] for c in schema.columns}, [], "")
        return table

    def constant(self, expr) -> Any:
        f = self._compiled.get(id(expr))
        if f is None:
            f = self._compiled[id(expr)] = self.compiler.compile(expr)
        return f({"@trace": None})

    def param(self, name: str) -> Any:
        if name in self._params:
            return self._params[name]
        if name in self._busy:
            raise EvalError("R501", f"parameter `{name}` depends on itself")
        self._busy.add(name)
        try:
            value = self.constant(self.value_expr(name, self.as_of))
        finally:
            self._busy.discard(name)
        self._params[name] = value
        return value

    def in_force(self, name: str, day: _dt.date):
        """(since, value expression) of the value of `name` in force on `day`: the last one dated on or
        before it (`since` None for a value that holds from the start)."""
        chosen = None
        for since, value in self.book.params[name].history:
            start = None if since is None else self.constant(since)
            if start is None or start <= day:
                chosen = (start, value)
        if chosen is None:
            raise EvalError("R504", f"parameter `{name}` has no value in force on {day.isoformat()}")
        return chosen

    def value_expr(self, name: str, day: _dt.date):
        return self.in_force(name, day)[1]

    def in_force_since(self, name: str, day: _dt.date) -> _dt.date | None:
        return self.in_force(name, day)[0]

    def param_table(self, name: str) -> FactTable:
        table = self._param_tables.get(name)
        if table is None:
            table = self._param_tables[name] = _table_rows(self.book.tables[name])
        return table


def _table_rows(info: TableInfo) -> FactTable:
    """A parameter table as rows (its keys and `value` as columns), so `where` and `sum` work on it."""
    schema = info.schema
    columns: dict[str, list] = {n: [] for n in schema.columns}
    lines = []
    money = T.strip_optional(info.value_type) == T.MONEY
    for keys, value, span in info.rows:
        for n, k in zip(info.key_names, keys):
            columns[n].append(k)
        columns["value"].append(to_storage(value, money))
        lines.append(span.line)
    path = info.decl.span.path
    return FactTable(info.name, schema, columns, lines, path)
