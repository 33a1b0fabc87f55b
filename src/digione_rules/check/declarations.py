"""Collect and check the rule book's declarations: documents, parties, enums, fact tables, parameters
and tables.  Everything here is known before any facts are read."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from .. import ast
from .. import types as T
from ..diagnostics import Sink
from ..literals import LiteralError, literal_help, read_bool, read_date, read_decimal, read_int, read_money, read_percent
from .expressions import ExprChecker, Scope, _a, did_you_mean
from .model import Binding, CheckedBook, ColumnInfo, EnumInfo, ParamInfo, TableInfo, TableSchema, choice_key, fold


def valid_business_id(text: str) -> bool:
    """A Finnish business id (y-tunnus): seven digits, a hyphen and a check digit (weights 7 9 10 5 8 4 2)."""
    if len(text) != 9 or text[7] != "-" or not (text[:7] + text[8]).isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(text[:7], (7, 9, 10, 5, 8, 4, 2)))
    remainder = total % 11
    if remainder == 1:
        return False
    return int(text[8]) == (0 if remainder == 0 else 11 - remainder)


class Declarations:
    def __init__(self, book: CheckedBook, sink: Sink, ck: ExprChecker):
        self.book = book
        self.sink = sink
        self.ck = ck
        self.globals = Scope()

    # ------------------------------------------------------------------ stage: collect

    def collect(self) -> None:
        seen: dict[str, ast.Decl] = {}
        rule_ids: dict[str, Any] = {}
        for module in self.book.modules:
            for item in module.items:
                if isinstance(item, ast.Include):
                    continue
                if isinstance(item, (ast.Rule, ast.Consistency, ast.Example)):
                    kind = {"Rule": "rule", "Consistency": "consistency check", "Example": "example"}[type(item).__name__]
                    key = f"{kind}:{item.id}" if not isinstance(item, ast.Rule) else item.id
                    if key in rule_ids:
                        self.sink.error("T202", f"{kind} `{item.id}` is declared twice", item.span,
                                        secondary=(), notes=(f"first declared at {rule_ids[key].span}",))
                        continue
                    rule_ids[key] = item
                    if isinstance(item, ast.Consistency):
                        self.book.consistency.append(item)
                    elif isinstance(item, ast.Example):
                        self.book.examples.append(item)
                    continue
                name = item.name
                if name in seen:
                    self.sink.error("T202", f"`{name}` is declared twice", item.span,
                                    notes=(f"first declared at {seen[name].span}",))
                    continue
                seen[name] = item
                if isinstance(item, ast.Document):
                    self.book.documents[name] = item
                elif isinstance(item, ast.Party):
                    self.book.parties[item.display] = item
                    self.book.party_names[name] = item.display
                elif isinstance(item, ast.Enum):
                    self._enum(item)
        self._rule_decls = [d for d in rule_ids.values() if isinstance(d, ast.Rule)]
        self._decls = seen

    # ------------------------------------------------------------------ stage: citations

    def citations(self) -> None:
        """Every `source` names a declared document: a report cites the document by its text, and a
        misspelled name would be printed as it is, citing nothing."""
        documents = self.book.documents
        for module in self.book.modules:
            for item in module.items:
                meta = getattr(item, "meta", None)
                for c in meta.sources if isinstance(meta, ast.Meta) else ():
                    if c.document in documents:
                        continue
                    where = c.document_span if c.document_span.line > 0 else c.span
                    declare = f"declare it first, as the others are: `document {c.document} \"how reports cite it\"`"
                    close = did_you_mean(c.document, documents)
                    self.sink.error("T201", f"unknown document `{c.document}`", where,
                                    help=f"{close} If it is another document, {declare}" if close else declare)

    def _enum(self, decl: ast.Enum) -> None:
        members, aliases = [], {}
        for m in decl.members:
            if m.name in members:
                self.sink.error("T202", f"`{decl.name}` lists `{m.name}` twice", m.span)
                continue
            members.append(m.name)
            for spelling in (m.name, *m.aliases):
                f = fold(spelling)
                if f in aliases and aliases[f] != m.name:
                    self.sink.error("T202", f"`{spelling}` names both `{aliases[f]}` and `{m.name}`", m.span)
                aliases[f] = m.name
        self.book.enums[decl.name] = EnumInfo(decl.name, tuple(members), aliases, decl)

    # ------------------------------------------------------------------ stage: parties

    def parties(self) -> None:
        index = self.book.party_index
        for canonical, p in self.book.parties.items():
            if p.business_id and not valid_business_id(p.business_id):
                self.sink.error("T218", f"business id `{p.business_id}` of `{p.name}` has a wrong check digit",
                                p.business_id_span or p.span)
            for spelling in (p.name, canonical, *p.aliases, *((p.business_id,) if p.business_id else ())):
                f = fold(spelling)
                if f in index and index[f] != canonical:
                    self.sink.error("T202", f"`{spelling}` names both `{index[f]}` and `{canonical}`", p.span)
                    continue
                index[f] = canonical

    # ------------------------------------------------------------------ stage: types

    def resolve_type(self, ref: ast.TypeRef) -> Any:
        if len(ref.names) == 2:
            if set(ref.names) != {"party", "text"}:
                self.sink.error("T205", f"`{ref}` is not a type: only `party or text` combines two types", ref.span)
                return T.ERROR
            item: Any = T.PARTY_OR_TEXT
        else:
            name = ref.names[0]
            if name in T.SCALARS:
                item = T.SCALARS[name]
            elif name in self.book.enums:
                item = T.enum(name)
            else:
                self.sink.error("T205", f"unknown type `{name}`", ref.span,
                                help=did_you_mean(name, [*T.SCALARS, *self.book.enums]))
                return T.ERROR
        return T.ListOf(item) if ref.is_list else item

    # ------------------------------------------------------------------ stage: facts schemas

    def facts(self) -> None:
        for name, decl in self._decls.items():
            if not isinstance(decl, ast.Facts):
                continue
            columns: dict[str, ColumnInfo] = {}
            for col in decl.columns:
                if col.name in columns:
                    self.sink.error("T202", f"`{name}` declares column `{col.name}` twice", col.span)
                    continue
                t = self.resolve_type(col.type)
                if isinstance(t, T.ListOf):
                    self.sink.error("T205", "a column holds one value, not a list", col.type.span)
                    t = T.ERROR
                default, default_from = None, None
                if isinstance(col.default, ast.Field) and isinstance(col.default.obj, ast.Name):
                    default_from = (col.default.obj.name, col.default.name)  # (checked below, all tables known)
                elif col.default is not None:
                    default = self._column_default(col, t)
                choices = self._column_choices(col, t, default) if col.choices else ()
                columns[col.name] = ColumnInfo(col.name, t, col.required, col.required_when, col.unique,
                                               col.positive, default, col.references, col.aliases, col, choices,
                                               default_from)
            if decl.dated_by is not None and decl.dated_by not in columns:
                self.sink.error("T206", f"`dated by {decl.dated_by}`: `{name}` has no such column", decl.span)
            elif decl.dated_by is not None and columns[decl.dated_by].type != T.DATE:
                self.sink.error("T203", f"`dated by {decl.dated_by}`: the column is not a date", decl.span)
            self.book.facts[name] = TableSchema(name, decl.label, columns, decl.dated_by, decl)
            self.globals.bind(name, Binding("facts", name), T.RowsOf(name))
        for schema in list(self.book.facts.values()):
            for col in schema.columns.values():
                if col.default_from is not None and not self._default_from(schema, col):
                    col.default_from = None

    def _default_from(self, schema, col: ColumnInfo) -> bool:
        """`default invoice.installment`: `invoice` a column of this table referencing another's rows,
        `installment` a column of that table of this column's type."""
        via, field = col.default_from
        where = col.decl.default.span
        ref = schema.columns.get(via)
        if ref is None or ref.references is None:
            self.sink.error("T208", f"the default of `{col.name}` must be a literal, or a column of the row another "
                            f"column references (`{via}` {'references nothing' if ref else 'is not a column'})", where,
                            help="write `default invoice.installment` with `invoice: text references invoices.id`")
            return False
        target = self.book.facts.get(ref.references[0])
        other = target.columns.get(field) if target else None
        if other is None:
            self.sink.error("T206", f"`{ref.references[0]}` has no column `{field}`", where,
                            help=did_you_mean(field, target.columns) if target else "")
            return False
        if T.strip_optional(other.type) != T.strip_optional(col.type):
            self.sink.error("T203", f"the default of `{col.name}` is `{ref.references[0]}.{field}`, which is "
                            f"{_a(other.type)}, not {_a(col.type)}", where)
            return False
        return True

    def _column_default(self, col: ast.Column, t: Any) -> Any:
        expr = col.default
        value = self.constant(expr)
        if isinstance(expr, ast.Name) and isinstance(t, T.Type) and t.name == "enum":
            enum = self.book.enums[t.enum]
            if expr.name in enum.members:
                return expr.name
        if value is None:
            self.sink.error("T208", f"the default of `{col.name}` must be a literal", expr.span)
        return value

    def _column_choices(self, col: ast.Column, t: Any, default: Any) -> tuple[str, ...]:
        """`one of "A", "B"`: the values of a text column, no two read alike, the default among them."""
        if t != T.TEXT:
            if t != T.ERROR:
                self.sink.error("T203", f"`{col.name}`: `one of` lists the values of a text column, and `{col.name}` "
                                f"is `{col.type}`", col.span)
            return ()
        seen: dict[Any, str] = {}
        for value in col.choices:
            key = choice_key(value)
            if not key:
                self.sink.error("T203", f"`{col.name}`: `one of` lists an empty value", col.span,
                                help="an empty cell is a missing value (or the column's default), never one of them")
            elif key in seen:
                self.sink.error("T202", f"`{col.name}`: `one of` lists `{seen[key]}` and `{value}`, which read as one "
                                "value", col.span, help="cells are matched without case, accents or spaces, and "
                                                        "numbers by their value")
            else:
                seen[key] = value
        if default is not None and default not in col.choices:
            self.sink.error("T203", f"the default of `{col.name}`, `{default}`, is not one of its values", col.span,
                            help=did_you_mean(str(default), col.choices) or
                            "its values are " + ", ".join(f"`{v}`" for v in col.choices))
        return col.choices

    def facts_references(self) -> None:
        """Second pass, once every fact table is known: references and `required when` conditions."""
        for schema in self.book.facts.values():
            for col in schema.columns.values():
                if col.references:
                    table, column = col.references
                    target = self.book.facts.get(table)
                    if target is None:
                        self.sink.error("T201", f"`{col.name}` references unknown table `{table}`", col.decl.span,
                                        help=did_you_mean(table, self.book.facts))
                    elif column not in target.columns:
                        self.sink.error("T206", f"`{table}` has no column `{column}`", col.decl.span,
                                        help=did_you_mean(column, target.columns))
                if col.required_when is not None:
                    self.ck.constant_only = False
                    scope = self.ck.row_scope(schema.name, self.globals)
                    self.ck.expect(col.required_when, scope, T.BOOL, f"the condition of `{col.name}: required when`")

    # ------------------------------------------------------------------ stage: parameters and tables

    def bind_globals(self) -> None:
        for canonical, p in self.book.parties.items():
            self.globals.bind(p.name, Binding("party", canonical), T.PARTY)
        self.globals.bind("as_of", Binding("builtin", "as_of"), T.DATE)
        for name, decl in self._decls.items():
            if isinstance(decl, ast.Parameter):
                t = self.resolve_type(decl.type)
                self.book.params[name] = ParamInfo(name, t, [], decl)
                self.globals.bind(name, Binding("param", name), t)
            elif isinstance(decl, ast.Table):
                self.globals.bind(name, Binding("table", name), T.RowsOf(name))

    def parameters(self) -> None:
        depends: dict[str, set[str]] = {}
        for name, info in self.book.params.items():
            decl = info.decl
            self.ck.constant_only = True
            self.ck.params_used = set()
            if not decl.meta.sources:
                self.sink.error("T213", f"parameter `{name}` has no source", decl.span,
                                help="add `source DOCUMENT § N`: where does this value come from?")
            values: list[tuple[ast.Expr | None, ast.Expr]] = []
            if decl.value is not None:
                values.append((None, decl.value))
            for pv in decl.history:
                values.append((pv.since, pv.value))
            if not values:
                self.sink.error("T214", f"parameter `{name}` has no value", decl.span,
                                help="write `= VALUE`, or `value VALUE [from DATE]` lines")
            if len(values) > 1 and values[0][0] is not None:
                self.sink.error("T217", f"the first value of `{name}` should hold from the start, without `from`",
                                decl.history[0].span)
            for since, value in values:
                t = self.ck.expect(value, self.globals, info.type, f"the value of `{name}`")
                if info.type == T.DURATION_ANY and isinstance(t, T.Type) and t.name == "duration":
                    info.type = t if info.type == T.DURATION_ANY else info.type
                if since is not None:
                    self.ck.expect(since, self.globals, T.DATE, f"the `from` date of `{name}`")
            info.history = values
            dates = [self.constant(s) for s, _ in values if s is not None]
            known = [d for d in dates if isinstance(d, _dt.date)]
            if known != sorted(known) or len(set(known)) != len(known):
                self.sink.error("T217", f"the values of `{name}` should be listed from the oldest, each from a "
                                "later date", decl.span)
            depends[name] = set(self.ck.params_used) & set(self.book.params)
            self.globals.bind(name, Binding("param", name), info.type)
        self.ck.constant_only = False
        self._cycles(depends)

    def _cycles(self, depends: dict[str, set[str]]) -> None:
        state: dict[str, int] = {}

        def visit(n: str, path: list[str]) -> None:
            state[n] = 1
            for m in sorted(depends.get(n, ())):
                if state.get(m) == 1:
                    cycle = path[path.index(m):] + [m] if m in path else [n, m]
                    self.sink.error("T219", f"parameters depend on each other: {' → '.join(cycle)}",
                                    self.book.params[n].decl.span)
                elif state.get(m) is None:
                    visit(m, path + [m])
            state[n] = 2

        for n in sorted(depends):
            if state.get(n) is None:
                visit(n, [n])

    def tables(self) -> None:
        for name, decl in self._decls.items():
            if not isinstance(decl, ast.Table):
                continue
            if not decl.meta.sources:
                self.sink.error("T213", f"table `{name}` has no source", decl.span,
                                help="add `source DOCUMENT § N`: where do these figures come from?")
            value_type = self.resolve_type(decl.value_type)
            key_names, key_types, domains = [], [], []
            for key in decl.keys:
                domain_param = self.book.params.get(key.domain)
                domain = self.constant(ast.Name(key.domain, key.span)) if domain_param else None
                if domain_param is None:
                    self.sink.error("T201", f"unknown list `{key.domain}` for the keys of `{name}`", key.span,
                                    help=did_you_mean(key.domain, self.book.params))
                    key_types.append(T.ERROR)
                elif not isinstance(domain_param.type, T.ListOf) or not isinstance(domain, tuple):
                    self.sink.error("T209", f"`{key.domain}` should be a constant list to key `{name}` by", key.span)
                    key_types.append(T.ERROR)
                    domain = None
                else:
                    key_types.append(domain_param.type.item)
                key_names.append(key.name)
                domains.append(domain)
            info = TableInfo(name, tuple(key_names), tuple(key_types), value_type, {}, [], decl)
            self._table_cells(info, domains)
            self.book.tables[name] = info

    def _table_cells(self, info: TableInfo, domains: list) -> None:
        decl = info.decl
        rows = list(decl.rows)
        if not rows:
            self.sink.error("T209", f"table `{info.name}` has no rows", decl.span)
            return
        two_keys = len(info.key_types) == 2
        header: tuple[str, ...] = ()
        if two_keys:
            header, rows = rows[0].cells[1:], rows[1:]
            col_keys = [self.read_cell(info.key_types[1], c, decl.rows[0].span) for c in header]
        complete = True  # a table with a broken row is not also reported for the keys that row lacks
        for row in rows:
            width = (1 + len(header)) if two_keys else 2
            if len(row.cells) != width:
                self.sink.error("T209", f"this row of `{info.name}` has {len(row.cells)} cells, not {width}",
                                row.span)
                complete = False
                continue
            row_key = self.read_cell(info.key_types[0], row.cells[0], row.span)
            complete = complete and row_key is not None
            if two_keys:
                for col_key, cell in zip(col_keys, row.cells[1:]):
                    self._put(info, (row_key, col_key), self.read_cell(info.value_type, cell, row.span), row)
            else:
                self._put(info, (row_key,), self.read_cell(info.value_type, row.cells[1], row.span), row)
        if complete:
            self._coverage(info, domains)

    def _put(self, info: TableInfo, keys: tuple, value: Any, row: ast.TableRow) -> None:
        if any(k is None for k in keys):
            return
        if keys in info.cells:
            self.sink.error("T209", f"`{info.name}` gives {', '.join(map(str, keys))} twice", row.span)
            return
        info.cells[keys] = value
        info.rows.append((keys, value, row.span))

    def _coverage(self, info: TableInfo, domains: list) -> None:
        if any(d is None for d in domains):
            return
        import itertools

        wanted = set(itertools.product(*domains))
        have = set(info.cells)
        for keys in sorted(have - wanted, key=str):
            self.sink.error("T209", f"`{info.name}` has a row for {', '.join(map(str, keys))}, which is not in "
                            f"{' × '.join(f'`{k.domain}`' for k in info.decl.keys)}", info.decl.span)
        missing = sorted(wanted - have, key=lambda k: [domains[i].index(k[i]) for i in range(len(k))])
        if missing:
            shown = "; ".join(", ".join(map(str, k)) for k in missing[:5])
            self.sink.error("T209", f"`{info.name}` has no value for {shown}"
                            + (f" and {len(missing) - 5} more" if len(missing) > 5 else ""), info.decl.span)

    # ------------------------------------------------------------------ constants

    def read_cell(self, t: Any, text: str, span) -> Any:
        """A table cell read as its declared type; errors point at the row."""
        try:
            return read_value(t, text, self.book)
        except LiteralError as e:
            kind = getattr(T.strip_optional(t), "name", "")
            self.sink.error("S106", f"cannot read `{text}`: expected {e.expected}", span,
                            help=literal_help(kind, text, e.expected))
        except KeyError:
            what = "party" if t in (T.PARTY, T.PARTY_OR_TEXT) else f"member of `{getattr(t, 'enum', t)}`"
            names = self.book.party_names if what == "party" else self.book.enums.get(getattr(t, "enum", ""), None)
            candidates = list(names) if isinstance(names, dict) else list(names.members) if names else []
            self.sink.error("T201", f"`{text}` is not a known {what}", span, help=did_you_mean(text, candidates))
        return None

    def constant(self, expr: ast.Expr | None) -> Any:
        """The value of a constant expression made of literals, lists, parties and parameters; else None."""
        if expr is None:
            return None
        if isinstance(expr, ast.Literal):
            return expr.value
        if isinstance(expr, ast.ListExpr):
            items = tuple(self.constant(i) for i in expr.items)
            return None if any(i is None for i in items) else items
        if isinstance(expr, ast.Name):
            if expr.name in self.book.party_names:
                return self.book.party_names[expr.name]
            param = self.book.params.get(expr.name)
            if param is not None and param.decl.value is not None and not param.decl.history:
                return self.constant(param.decl.value)
            if any(expr.name in e.members for e in self.book.enums.values()):
                return expr.name  # an enum member's value is its name, whichever enum it belongs to
        return None


def read_value(t: Any, text: str, book: CheckedBook) -> Any:
    """A value written as text (a table cell, an example's fact) read as type `t`: runtime values."""
    t = T.strip_optional(t)
    text = text.strip()
    if t == T.MONEY:
        return read_money(text)
    if t == T.PERCENT:
        return read_percent(text)
    if t == T.INTEGER:
        return read_int(text)
    if t == T.DECIMAL:
        return read_decimal(text)
    if t == T.DATE:
        return read_date(text)
    if t == T.BOOL:
        return read_bool(text)
    if t == T.PARTY:
        party = book.party_index.get(fold(text)) or book.party_names.get(text)
        if party is None:
            raise KeyError(text)
        return party
    if t == T.PARTY_OR_TEXT:
        return book.party_index.get(fold(text)) or book.party_names.get(text) or text
    if isinstance(t, T.Type) and t.name == "enum":
        member = book.enums[t.enum].aliases.get(fold(text))
        if member is None:
            raise KeyError(text)
        return member
    return text
