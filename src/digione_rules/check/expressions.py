"""Names and types of expressions: resolve every name, infer every type, report what does not fit.

Scopes nest: the rule book's globals (parameters, tables, fact tables, parties, `as_of`), a rule's
variables, and inside `where` the columns of the rows being filtered.  A bare name compared with an enum
value is read as a member of that enum (`kind = grant`), even where a variable of that name exists.
"""

from __future__ import annotations

import difflib
from decimal import Decimal
from typing import Any

from .. import ast
from .. import operators as ops
from .. import types as T
from ..diagnostics import Sink
from ..literals import Duration
from .model import Binding, CheckedBook, TableSchema

ROW_FUNCTIONS = {"all", "any"}  # second argument is a condition on each row


class Scope:
    def __init__(self, parent: Scope | None = None, row_table: str | None = None,
                 narrowed: frozenset[tuple[str, ...]] = frozenset()):
        self.parent = parent
        self.row_table = row_table
        self.names: dict[str, tuple[Binding, Any]] = {}
        self.narrowed = narrowed  # names and fields known to be present here (`if x is present:`)

    def is_narrowed(self, path: tuple[str, ...]) -> bool:
        scope: Scope | None = self
        while scope is not None:
            if path in scope.narrowed:
                return True
            if scope.row_table is not None and len(path) == 1 and path[0] in scope.names:
                return False  # a column hides an outer name
            scope = scope.parent
        return False

    def lookup(self, name: str) -> tuple[Binding, Any] | None:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.names:
                return scope.names[name]
            scope = scope.parent
        return None

    def all_names(self) -> set[str]:
        out: set[str] = set()
        scope: Scope | None = self
        while scope is not None:
            out |= set(scope.names)
            scope = scope.parent
        return out

    def bind(self, name: str, binding: Binding, type_) -> None:
        self.names[name] = (binding, type_)


def did_you_mean(name: str, candidates) -> str:
    close = difflib.get_close_matches(name, sorted(candidates), n=1, cutoff=0.6)
    if not close:
        folded = {c.casefold(): c for c in candidates}
        if name.casefold() in folded:
            close = [folded[name.casefold()]]
    return f"did you mean `{close[0]}`?" if close else ""


class ExprChecker:
    """Infers the types of expressions; one instance per rule book, used rule by rule."""

    def __init__(self, book: CheckedBook, sink: Sink):
        self.book = book
        self.sink = sink
        self.reads: set[str] = set()
        self.params_used: set[str] = set()
        self.shadow_warned: set[str] = set()
        self.constant_only = False  # parameters and tables may not read facts

    # ------------------------------------------------------------------ schemas

    def schema(self, table: str) -> TableSchema | None:
        if table in self.book.facts:
            return self.book.facts[table]
        info = self.book.tables.get(table)
        return info.schema if info else None

    # ------------------------------------------------------------------ entry point

    def infer(self, expr: ast.Expr, scope: Scope, expect: Any = None) -> Any:
        method = getattr(self, "_" + type(expr).__name__.lower())
        result = method(expr, scope, expect)
        self.book.types[id(expr)] = result
        return result

    def expect(self, expr: ast.Expr, scope: Scope, wanted: Any, what: str) -> Any:
        """Infer and require a type (optional values allowed only where `wanted` is optional)."""
        got = self.infer(expr, scope, wanted)
        if got is T.ERROR or wanted is T.ERROR:
            return got
        if T.is_optional(got) and not T.is_optional(wanted):
            self.sink.error("T215", f"{what} may be missing", expr.span, label=f"`{T.strip_optional(got)}` or missing",
                            help="give a value for when it is missing: `… otherwise …`")
            return T.strip_optional(got)
        if not self._fits(T.strip_optional(got), T.strip_optional(wanted)):
            self._mismatch(expr, wanted, got, what)
        return got

    def _fits(self, got, wanted) -> bool:
        if wanted == T.DURATION_ANY and isinstance(got, T.Type) and got.name == "duration":
            return True
        if isinstance(wanted, T.ListOf) and isinstance(got, T.ListOf) and got.item is T.ERROR:
            return True
        if isinstance(wanted, T.ListOf) and isinstance(got, T.ListOf):
            return self._fits(got.item, wanted.item)
        if wanted == T.DECIMAL and got == T.INTEGER:
            return True
        if wanted == T.PARTY_OR_TEXT and got in (T.PARTY, T.TEXT):
            return True
        return got == wanted

    def _mismatch(self, expr, wanted, got, what: str) -> None:
        self.sink.error("T203", f"{what} should be {_a(wanted)}, not {_a(got)}", expr.span,
                        notes=(f"expected: {wanted}", f"found: {got}"), help=_unit_help(expr, wanted, got))

    # ------------------------------------------------------------------ names

    def _name(self, expr: ast.Name, scope: Scope, expect: Any) -> Any:
        name = expr.name
        if isinstance(T.strip_optional(expect), T.Type) and T.strip_optional(expect).name == "enum":
            enum = self.book.enums[T.strip_optional(expect).enum]
            if name in enum.members:
                self.book.bindings[id(expr)] = Binding("member", name, enum.name)
                return T.enum(enum.name)
        found = scope.lookup(name)
        if found is None:
            if name in self.book.enums:
                self.book.bindings[id(expr)] = Binding("enum", name)
                return T.ERROR if expect is not None else T.Type("enum type", enum=name)
            candidates = scope.all_names()
            if isinstance(T.strip_optional(expect), T.Type) and T.strip_optional(expect).name == "enum":
                candidates |= set(self.book.enums[T.strip_optional(expect).enum].members)
            hint = did_you_mean(name, candidates)
            self.sink.error("T201", f"unknown name `{name}`", expr.span, help=hint)
            return T.ERROR
        binding, type_ = found
        self.book.bindings[id(expr)] = binding
        if T.is_optional(type_) and scope.is_narrowed((name,)):
            type_ = T.strip_optional(type_)
        if binding.kind == "facts":
            if self.constant_only:
                self.sink.error("T208", f"`{name}` is a fact table, which a parameter or table cannot read",
                                expr.span)
            self.reads.add(name)
        elif binding.kind in ("param", "table"):
            self.params_used.add(name)
        return type_

    def _field(self, expr: ast.Field, scope: Scope, expect: Any) -> Any:
        if isinstance(expr.obj, ast.Name) and expr.obj.name in self.book.enums and scope.lookup(expr.obj.name) is None:
            enum = self.book.enums[expr.obj.name]
            self.book.bindings[id(expr.obj)] = Binding("enum", enum.name)
            if expr.name not in enum.members:
                self.sink.error("T201", f"`{enum.name}` has no member `{expr.name}`", expr.span,
                                help=did_you_mean(expr.name, enum.members))
                return T.ERROR
            return T.enum(enum.name)
        obj = self.infer(expr.obj, scope)
        if obj is T.ERROR:
            return T.ERROR
        base = T.strip_optional(obj)
        table = getattr(base, "table", None)
        if not isinstance(base, (T.RowOf, T.RowsOf)) or table is None:
            self.sink.error("T203", f"`.{expr.name}` needs a row or rows, not {_a(obj)}", expr.span)
            return T.ERROR
        schema = self.schema(table)
        column = schema.columns.get(expr.name) if schema else None
        if column is None:
            self.sink.error("T206", f"`{table}` has no column `{expr.name}`", expr.span,
                            help=did_you_mean(expr.name, schema.columns if schema else ()))
            return T.ERROR
        col_type = column.read_type
        if isinstance(base, T.RowsOf):
            return T.ColumnOf(table, col_type)
        if T.is_optional(obj):
            col_type = T.Optional(T.strip_optional(col_type))
        path = path_of(expr)
        if path is not None and T.is_optional(col_type) and scope.is_narrowed(path):
            return T.strip_optional(col_type)
        return col_type

    def _lookup(self, expr: ast.Lookup, scope: Scope, expect: Any) -> Any:
        if not (isinstance(expr.obj, ast.Name) and expr.obj.name in self.book.tables):
            self.infer(expr.obj, scope)
            self.sink.error("T203", "only a table can be looked up with `[…]`", expr.span)
            return T.ERROR
        self.infer(expr.obj, scope)
        info = self.book.tables[expr.obj.name]
        if len(expr.keys) != len(info.key_types):
            self.sink.error("T207", f"`{info.name}` is looked up by {len(info.key_types)} key"
                            f"{'s' if len(info.key_types) > 1 else ''} ({', '.join(info.key_names)}), "
                            f"not {len(expr.keys)}", expr.span)
            return info.value_type
        missing = False
        for key_expr, key_type, key_name in zip(expr.keys, info.key_types, info.key_names):
            got = self.expect(key_expr, scope, T.Optional(key_type), f"the `{key_name}` key of `{info.name}`")
            missing = missing or T.is_optional(got)
        return T.Optional(info.value_type) if missing else info.value_type

    # ------------------------------------------------------------------ literals and lists

    def _literal(self, expr: ast.Literal, scope: Scope, expect: Any) -> Any:
        if expr.kind == "duration":
            unit = expr.value.unit if isinstance(expr.value, Duration) else None
            return T.duration(unit) if unit else T.ERROR
        if expr.value is None:
            return T.ERROR
        return {"money": T.MONEY, "percent": T.PERCENT, "date": T.DATE, "decimal": T.DECIMAL,
                "integer": T.INTEGER, "text": T.TEXT, "bool": T.BOOL}[expr.kind]

    def _listexpr(self, expr: ast.ListExpr, scope: Scope, expect: Any) -> Any:
        item_expect = T.element(expect) if expect is not None else None
        if item_expect is None and isinstance(T.strip_optional(expect), T.Type):
            item_expect = T.strip_optional(expect)  # `x in [a, b]` passes x's type
        items = [self.infer(i, scope, item_expect) for i in expr.items]
        known = [t for t in items if t is not T.ERROR]
        if not known:
            return T.ListOf(T.ERROR)
        first = T.strip_optional(known[0])
        for item, t in zip(expr.items, items):
            if t is not T.ERROR and not T.same(t, first):
                self.sink.error("T203", f"a list mixes {_a(first)} and {_a(t)}", item.span)
                return T.ListOf(T.ERROR)
        return T.ListOf(first)

    # ------------------------------------------------------------------ operators

    def _unary(self, expr: ast.Unary, scope: Scope, expect: Any) -> Any:
        if expr.op == "not":
            self.expect(expr.operand, scope, T.BOOL, "the operand of `not`")
            return T.BOOL
        t = self.infer(expr.operand, scope)
        if t is T.ERROR:
            return t
        if T.key(t) not in ops.UNARY_MINUS:
            self.sink.error("T204", f"cannot negate {_a(t)}", expr.span)
            return T.ERROR
        return t

    def _binary(self, expr: ast.Binary, scope: Scope, expect: Any) -> Any:
        if expr.op in ("and", "or"):
            self.expect(expr.left, scope, T.BOOL, f"the left side of `{expr.op}`")
            self.expect(expr.right, scope, T.BOOL, f"the right side of `{expr.op}`")
            return T.BOOL
        if expr.op == "through":
            self.expect(expr.left, scope, T.INTEGER, "the start of `through`")
            self.expect(expr.right, scope, T.INTEGER, "the end of `through`")
            return T.ListOf(T.INTEGER)
        left = self.infer(expr.left, scope)
        right = self.infer(expr.right, scope)
        if left is T.ERROR or right is T.ERROR:
            return T.ERROR
        entry = ops.binary(expr.op, left, right)
        if entry is None:
            verb = {"+": "add", "-": "subtract", "*": "multiply", "/": "divide"}[expr.op]
            prep = {"+": "to", "-": "from", "*": "by", "/": "by"}[expr.op]
            a, b = (right, left) if expr.op in ("+", "-") else (left, right)
            self.sink.error("T204", f"cannot {verb} {_a(a)} {prep} {_a(b)}", expr.op_span,
                            label=f"`{T.strip_optional(left)}` {expr.op} `{T.strip_optional(right)}`",
                            help=_operator_help(expr.op, left, right))
            return T.ERROR
        return maybe(entry.result(left, right), left, right)

    def _compare(self, expr: ast.Compare, scope: Scope, expect: Any) -> Any:
        left, right = self._pair(expr.left, expr.right, scope)
        if left is T.ERROR or right is T.ERROR:
            return T.BOOL
        if not ops.comparable(expr.op, left, right):
            what = "compare" if expr.op in ("=", "!=") else "order"
            self.sink.error("T204", f"cannot {what} {_a(left)} with {_a(right)}", expr.op_span or expr.span,
                            notes=(f"left: {T.strip_optional(left)}", f"right: {T.strip_optional(right)}"))
            return T.BOOL
        if expr.within is not None:
            tol = self.infer(expr.within, scope)
            base = T.strip_optional(left)
            ok = tol is T.ERROR or (
                isinstance(base, T.Type)
                and (T.same(tol, base) if base.name != "date" else getattr(tol, "name", "") == "duration")
            )
            if not ok:
                self.sink.error("T203", f"the tolerance of a comparison of {_a(base)} cannot be {_a(tol)}",
                                expr.within.span)
        return T.BOOL

    def _pair(self, a: ast.Expr, b: ast.Expr, scope: Scope) -> tuple[Any, Any]:
        """Infer two operands; a bare name on one side takes the other side's enum as its context."""
        if isinstance(a, ast.Name) and not isinstance(b, ast.Name):
            right = self.infer(b, scope)
            return self.infer(a, scope, right), right
        left = self.infer(a, scope)
        return left, self.infer(b, scope, left)

    def _in(self, expr: ast.In, scope: Scope, expect: Any) -> Any:
        item = self.infer(expr.item, scope)
        coll = self.infer(expr.collection, scope, item)
        if item is T.ERROR or coll is T.ERROR:
            return T.BOOL
        elem = T.element(coll)
        if elem is None:
            self.sink.error("T203", f"`in` needs a list or column on its right, not {_a(coll)}", expr.collection.span)
        elif elem is not T.ERROR and not T.same(item, elem):
            self.sink.error("T204", f"cannot look for {_a(item)} among {_a(elem)}s", expr.span)
        return T.BOOL

    def _ismissing(self, expr: ast.IsMissing, scope: Scope, expect: Any) -> Any:
        self.infer(expr.operand, scope)
        return T.BOOL

    def _otherwise(self, expr: ast.Otherwise, scope: Scope, expect: Any) -> Any:
        value = self.infer(expr.value, scope, expect)
        fallback = self.infer(expr.fallback, scope, value)
        if value is T.ERROR or fallback is T.ERROR:
            return T.ERROR
        if not T.same(value, fallback):
            self.sink.error("T203", f"`otherwise` gives {_a(fallback)} for {_a(value)}", expr.fallback.span)
        return fallback if T.is_optional(value) else T.strip_optional(value)

    def _conditional(self, expr: ast.Conditional, scope: Scope, expect: Any) -> Any:
        self.expect(expr.condition, scope, T.BOOL, "the condition of `if`")
        then = self.infer(expr.then, Scope(scope, narrowed=frozenset(present_paths(expr.condition))), expect)
        orelse = self.infer(expr.orelse, Scope(scope, narrowed=frozenset(present_paths(expr.condition, True))), then)
        if then is T.ERROR or orelse is T.ERROR:
            return T.ERROR
        if not T.same(then, orelse):
            self.sink.error("T203", f"`if` gives {_a(then)} on one branch and {_a(orelse)} on the other",
                            expr.orelse.span)
            return T.ERROR
        if T.is_optional(then) or T.is_optional(orelse):
            return T.Optional(T.strip_optional(then))
        return then

    def _where(self, expr: ast.Where, scope: Scope, expect: Any) -> Any:
        source = self.infer(expr.source, scope)
        if source is T.ERROR:
            return T.ERROR
        if not isinstance(source, (T.RowsOf, T.ColumnOf)):
            self.sink.error("T203", f"`where` filters rows, not {_a(source)}", expr.source.span,
                            help="write `table where …` or `table.column where …`")
            return T.ERROR
        self.expect(expr.condition, self.row_scope(source.table, scope), T.BOOL, "the condition of `where`")
        return source

    def row_scope(self, table: str, scope: Scope) -> Scope:
        schema = self.schema(table)
        inner = Scope(scope, row_table=table)
        for col in schema.columns.values() if schema else ():
            # a column hiding a rule variable is reported by lint (L302), at the name that is hidden
            inner.bind(col.name, Binding("column", col.name, table), col.read_type)
        return inner

    # ------------------------------------------------------------------ calls

    def _call(self, expr: ast.Call, scope: Scope, expect: Any) -> Any:
        from .functions import check_call

        return check_call(self, expr, scope, expect)

    # ------------------------------------------------------------------ helpers

    def _not_optional(self, expr: ast.Expr, t: Any, what: str) -> None:
        if T.is_optional(t):
            self.sink.error("T215", f"{what} may be missing", expr.span,
                            help="give a value for when it is missing: `… otherwise …`")


def maybe(result, *operands):
    """A result that may be missing when an operand may be: missing values propagate."""
    if any(T.is_optional(o) for o in operands) and not T.is_optional(result):
        return T.Optional(result)
    return result


def path_of(expr) -> tuple[str, ...] | None:
    """`x` → ("x",), `x.y` → ("x", "y"); None for anything else."""
    if isinstance(expr, ast.Name):
        return (expr.name,)
    if isinstance(expr, ast.Field):
        head = path_of(expr.obj)
        return None if head is None else head + (expr.name,)
    return None


def present_paths(cond, negated: bool = False) -> set[tuple[str, ...]]:
    """The names and fields `cond` proves present: `x is present and x.y is present`; with `negated`,
    what the condition's falseness proves (`x is missing` false → x present)."""
    if isinstance(cond, ast.IsMissing) and cond.negated != negated:
        path = path_of(cond.operand)
        return {path} if path is not None else set()
    if isinstance(cond, ast.Binary) and cond.op == ("or" if negated else "and"):
        return present_paths(cond.left, negated) | present_paths(cond.right, negated)
    if isinstance(cond, ast.Unary) and cond.op == "not":
        return present_paths(cond.operand, not negated)
    return set()


def _a(t) -> str:
    text = str(T.strip_optional(t)) if t is not T.ERROR else "an unknown value"
    if isinstance(T.strip_optional(t), (T.ListOf, T.RowsOf, T.ColumnOf, T.RowOf)):
        return f"a {text}"
    if isinstance(T.strip_optional(t), T.Type) and T.strip_optional(t).name == "enum":
        return f"`{text}`"
    article = "an" if text[:1] in "aeiou" else "a"
    return f"{article} `{text}`"


def _unit_help(expr, wanted, got) -> str:
    """A number where an amount, a share or a duration is needed lacks its unit: `7` for `7 days`."""
    from ..literals import format_money_literal, format_percent_literal
    from ..syntax.printer import expr_text, operand_text, precedence

    w, g = T.strip_optional(wanted), T.strip_optional(got)
    if not isinstance(w, T.Type) or not isinstance(g, T.Type) or g.name not in ("integer", "decimal"):
        return ""
    unit = {"money": "1 €", "percent": "1 %"}.get(w.name)
    if w.name == "duration":
        unit = str(Duration(1, w.unit or "days"))
    if unit is None:
        return ""
    if isinstance(expr, ast.Literal) and expr.value is not None:
        value = expr.value
        if w.name == "money":
            return f"write the unit: `{format_money_literal(Decimal(value))}`"
        if w.name == "percent":
            return f"write the unit: `{format_percent_literal(Decimal(value) / 100)}`"
        if isinstance(value, int):
            if w.unit:
                return f"write the unit: `{Duration(value, w.unit)}`"
            return f"write the unit: `{Duration(value, 'days')}`, or working days, months or years"
        return "a duration is a whole number of days, working days, months or years"
    text = operand_text(expr, precedence("*"))
    return f"a number has no unit: multiply it by one, `{text if len(text) <= 40 else '…'} * {unit}`"


def _operator_help(op: str, left, right) -> str:
    keys = {T.key(left), T.key(right)}
    if op == "*" and keys == {"money"}:
        return "multiply money by a `percent` or a number"
    if op in "+-" and "money" in keys and "date" in keys:
        return "money and dates do not add; did you mean a date plus a duration?"
    if keys == {"duration"}:
        return "durations in different units do not mix: days, working days, months and years are kept apart"
    return ""
