"""Checks across rows and tables, once every table is built: unique ids, references, `required when`.

Each finds bad rows (as `RowProblem`s) and leaves them out, like a bad cell does; references are
checked again after rows are left out, so that a payment naming an invoice whose row could not be read
is itself a bad row, not a silent dangling link.
"""

from __future__ import annotations

import datetime as _dt

from ..check.model import CheckedBook
from .problems import Problems, RowProblem
from .table import FactSet, FactTable


def _problem(table: FactTable, i: int, column: str, code: str, message: str, found: str, expected: str,
             **kw) -> RowProblem:
    return RowProblem(table.name, table.file, table.lines[i], table.columns_at.get(column, -1), code, message,
                      found, expected, sheet=table.sheet, row_id=table.row_id(i), **kw)


def drop(table: FactTable, bad: set[int]) -> FactTable:
    return table.where([i for i in range(table.n) if i not in bad]) if bad else table


def drop_duplicates(table: FactTable, problems: Problems) -> FactTable:
    bad: set[int] = set()
    for col in table.schema.columns.values():
        if not col.unique:
            continue
        values = table.columns[col.name]
        if col.name == table.schema.id_column and table.in_id_order():
            continue  # increasing, so unique: most exports come in id order
        distinct = set(values)
        if len(distinct) - (None in distinct) == len(values) - values.count(None):
            continue
        first: dict = {}
        for i, v in enumerate(values):
            if v is None:
                continue
            j = first.setdefault(v, i)
            if j != i:
                bad.add(i)
                problems.add(_problem(table, i, col.name, "F407",
                                      f"{table.name}.{col.name}: found `{v}` again, expected a unique id", str(v),
                                      "a unique id", note=f"`{v}` is first on {table.file}:{table.lines[j]}"))
    return drop(table, bad)


def drop_dangling(tables: dict[str, FactTable], problems: Problems) -> None:
    """Dangling references are bad rows; repeated until leaving rows out breaks no further reference."""
    reported: set[tuple[str, int]] = set()
    while True:
        dropped = False
        for name in sorted(tables):
            table = tables[name]
            bad: set[int] = set()
            for col in table.schema.columns.values():
                if not col.references or col.references[0] not in tables:
                    continue
                target_name, target_col = col.references
                known = set(tables[target_name].columns[target_col])
                known.add(None)  # a missing reference dangles from nothing
                values = table.columns[col.name]
                met = table.values_met.pop(col.name, None)  # (needed once: let go, some MB for a big table)
                if known.issuperset(values if met is None else met):  # every value a known id, or missing
                    continue
                lost = {p.row_id: p for p in problems.items if p.table == target_name and p.row_id is not None}
                for i, v in enumerate(values):
                    if v in known:
                        continue
                    bad.add(i)
                    if (name, table.lines[i]) in reported:
                        continue
                    reported.add((name, table.lines[i]))
                    gone = lost.get(v)
                    note = f"the row of `{v}` in `{target_name}` could not be read ({gone.file}:{gone.line})" \
                        if gone else ""
                    problems.add(_problem(table, i, col.name, "F408",
                                          f"{name}.{col.name}: found `{v}`, expected an id in `{target_name}`",
                                          str(v), f"an id in `{target_name}`", note=note,
                                          help="" if gone else f"add the row to `{target_name}`, or correct the "
                                                               "reference"))
            if bad:
                tables[name] = drop(table, bad)
                dropped = True
        if not dropped:
            return


def fill_from_references(tables: dict[str, FactTable]) -> None:
    """`installment: text default invoice.installment`: an empty cell of a row that names another row takes
    that row's value (a payment naming its invoice pays the invoice's installment).  Once references are
    checked: every row named is there."""
    for table in tables.values():
        for col in table.schema.columns.values():
            if col.default_from is None:
                continue
            via, field = col.default_from
            target_name, key = table.schema.columns[via].references
            values, names = table.columns[col.name], table.columns[via]
            empty = [i for i in range(table.n) if values[i] is None and names[i] is not None] \
                if values.count(None) else []
            if not empty or target_name not in tables:
                continue
            wanted = {names[i] for i in empty}
            target = tables[target_name]
            found = {k: v for k, v in zip(target.column(key), target.column(field)) if k in wanted and v is not None}
            for i in empty:
                values[i] = found.get(names[i])


def drop_missing_required(tables: dict[str, FactTable], book: CheckedBook, problems: Problems) -> None:
    """`body: … required when type in [decision, …]`: a condition on the row, checked per row."""
    conditional = [(t, c) for t in tables.values() for c in t.schema.columns.values() if c.required_when is not None]
    if not conditional:
        return
    from ..evaluate.context import RunContext

    from ..syntax.printer import expr_text

    ctx = RunContext(book, FactSet(tables, ""), _dt.date.today())
    bad: dict[str, set[int]] = {}
    for table, col in conditional:
        test = ctx.compiler.row_predicate(table.name, col.required_when)
        expected = f"a value when `{expr_text(col.required_when)}`"
        values = table.columns[col.name]
        for i in range(table.n):
            if values[i] is None and test(table, i):
                bad.setdefault(table.name, set()).add(i)
                problems.add(_problem(table, i, col.name, "F406",
                                      f"{table.name}.{col.name}: found an empty cell, expected {expected}",
                                      "", expected))
    for name, rows in bad.items():
        tables[name] = drop(tables[name], rows)
