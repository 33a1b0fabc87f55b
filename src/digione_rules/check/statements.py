"""Check rule bodies, consistency checks and examples."""

from __future__ import annotations

from typing import Any

from .. import ast
from .. import types as T
from ..literals import DAYS
from .declarations import Declarations, read_value
from .expressions import ExprChecker, Scope, did_you_mean, present_paths
from .model import Binding, CheckedBook, RuleInfo

# names an obligation's messages may use
OBLIGATION_NAMES = {
    "owed": T.MONEY,
    "paid": T.MONEY,
    "shortfall": T.MONEY,
    "due": T.Optional(T.DATE),
    "days_late": T.INTEGER,
}
STATUSES = ("passed", "violated", "pending", "not_applicable")


class Statements:
    def __init__(self, book: CheckedBook, ck: ExprChecker, decls: Declarations):
        self.book = book
        self.ck = ck
        self.sink = ck.sink
        self.decls = decls

    # ------------------------------------------------------------------ rules

    def rule(self, decl: ast.Rule) -> None:
        ck = self.ck
        ck.reads, ck.params_used, ck.shadow_warned = set(), set(), set()
        if not decl.meta.sources:
            self.sink.error("T213", f"rule `{decl.id}` has no source", decl.id_span,
                            help="add `source DOCUMENT § N` and the `quote` it rests on")
        severity = decl.meta.severity
        if severity is None:
            self.sink.error("T220", f"rule `{decl.id}` has no severity", decl.id_span,
                            help="add `severity error`, `severity warning` or `severity info`")
            severity = "error"
        if not any(not isinstance(s, ast.Let) for s in ast.statements(decl.body)):
            self.sink.error("T214", f"rule `{decl.id}` requires nothing", decl.id_span,
                            help="a rule needs at least one `require`, `obligation` or `pending`")
        self.block(decl.body, Scope(self.decls.globals))
        for name in decl.optional:
            if name not in self.book.facts:
                self.sink.error("T201", f"`optional {name}`: no fact table `{name}`", decl.span,
                                help=did_you_mean(name, self.book.facts))
            elif name not in ck.reads:
                self.sink.warning("L301", f"rule `{decl.id}` declares `{name}` optional but never reads it",
                                  decl.span)
        self.book.rules[decl.id] = RuleInfo(decl, frozenset(ck.reads), frozenset(ck.params_used), severity,
                                            frozenset(decl.optional))

    def block(self, stmts: tuple, scope: Scope) -> None:
        for stmt in stmts:
            getattr(self, "_" + type(stmt).__name__.lower())(stmt, scope)

    def _let(self, stmt: ast.Let, scope: Scope) -> None:
        t = self.ck.infer(stmt.value, scope)
        self._bind(scope, stmt.name, t, stmt)

    def _bind(self, scope: Scope, name: str, t: Any, stmt) -> None:
        existing = scope.lookup(name)
        if existing is not None:
            what = {"param": "a parameter", "table": "a table", "facts": "a fact table", "party": "a party",
                    "local": "a variable", "builtin": "a built-in name"}.get(existing[0].kind, "a name")
            self.sink.error("T202", f"`{name}` is already {what}", stmt.span,
                            help="choose another name, so each name means one thing in a rule")
            return
        scope.bind(name, Binding("local", name), t)

    def _foreach(self, stmt: ast.ForEach, scope: Scope) -> None:
        coll = self.ck.infer(stmt.collection, scope)
        if coll is T.ERROR:
            var_type: Any = T.ERROR
        elif isinstance(coll, T.RowsOf):
            var_type = T.RowOf(coll.table)
        elif isinstance(coll, (T.ListOf, T.ColumnOf)):
            var_type = T.strip_optional(coll.item)
        else:
            self.sink.error("T203", f"`for each` goes through rows or a list, not {coll}", stmt.collection.span)
            var_type = T.ERROR
        inner = Scope(scope)
        self._bind(inner, stmt.var, var_type, stmt)
        self.block(stmt.body, inner)

    def _if(self, stmt: ast.If, scope: Scope) -> None:
        self.ck.expect(stmt.condition, scope, T.Optional(T.BOOL), "the condition of `if`")
        self.block(stmt.body, Scope(scope, narrowed=frozenset(present_paths(stmt.condition))))
        self.block(stmt.orelse, Scope(scope, narrowed=frozenset(present_paths(stmt.condition, negated=True))))

    def _require(self, stmt: ast.Require, scope: Scope) -> None:
        self.ck.expect(stmt.condition, scope, T.Optional(T.BOOL), "what `require` requires")
        for expr in (stmt.expected, stmt.actual):
            if expr is not None:
                self.ck.infer(expr, scope)
        self.message(stmt.message, scope)

    def _obligation(self, stmt: ast.Obligation, scope: Scope) -> None:
        ck = self.ck
        if stmt.due is None:
            self.sink.error("T214", "an obligation needs a `due` date", stmt.span)
        else:
            ck.expect(stmt.due, scope, T.Optional(T.DATE), "the due date")
        money = stmt.amount is not None or stmt.paid_by is not None
        if money and (stmt.amount is None or stmt.paid_by is None):
            self.sink.error("T214", "a money obligation needs both `amount` and `paid by`", stmt.span)
        if not money and stmt.met_when is None:
            self.sink.error("T214", "an obligation needs `amount` and `paid by`, or `met when`", stmt.span)
        if money and stmt.met_when is not None:
            self.sink.error("T214", "an obligation is met by payments or by a condition, not both", stmt.span)
        if stmt.amount is not None:
            ck.expect(stmt.amount, scope, T.Optional(T.MONEY), "the amount owed")
        if stmt.paid_by is not None:
            rows = ck.infer(stmt.paid_by, scope)
            if rows is not T.ERROR:
                schema = ck.schema(getattr(rows, "table", "")) if isinstance(rows, T.RowsOf) else None
                ok = (schema is not None and schema.dated_by is not None and "amount" in schema.columns
                      and schema.columns["amount"].type == T.MONEY)
                if not ok:
                    self.sink.error("T214", "`paid by` needs dated rows with a money column `amount`",
                                    stmt.paid_by.span)
        if stmt.met_when is not None:
            ck.expect(stmt.met_when, scope, T.Optional(T.BOOL), "the condition of `met when`")
        if stmt.tolerance is not None:
            ck.expect(stmt.tolerance, scope, T.MONEY, "the tolerance")
        inner = Scope(scope)
        for name, t in OBLIGATION_NAMES.items():
            inner.bind(name, Binding("obligation", name), t)
        for msg in (stmt.title, stmt.late_message, stmt.message):
            self.message(msg, inner)
        for expr in (stmt.expected, stmt.actual):
            if expr is not None:
                self.ck.infer(expr, inner)
                if stmt.met_when is None:
                    self.sink.error("T214", "`expected` and `actual` go with `met when`: a money obligation "
                                    "shows what is owed and what was paid", expr.span)

    def _pending(self, stmt: ast.Pending, scope: Scope) -> None:
        if stmt.until is not None:
            self.ck.expect(stmt.until, scope, T.Optional(T.DATE), "the date `pending until`")
        self.message(stmt.message, scope)

    def message(self, msg: ast.Message | None, scope: Scope) -> None:
        if msg is None:
            return
        for part in msg.parts:
            if isinstance(part, ast.Placeholder):
                expr: ast.Expr = ast.Name(part.path[0], part.span)
                for name in part.path[1:]:
                    expr = ast.Field(expr, name, part.span)
                t = self.ck.infer(expr, scope)
                self.book.placeholders[id(part)] = expr
                what = _unwritable(t, self.book.bindings.get(id(expr)))
                if what:
                    self.sink.error("T203", f"`{{{'.'.join(part.path)}}}` is {what}, which a message cannot write",
                                    part.span, help="write a value: a field of a row (`{inv.id}`), or a count or "
                                    "total named with `let` (`let n = count(payments)`)")

    # ------------------------------------------------------------------ consistency checks

    def consistency(self, decl: ast.Consistency) -> None:
        if not decl.meta.sources:
            self.sink.error("T213", f"consistency check `{decl.id}` has no source", decl.span)
        self.ck.constant_only = True
        for expr in decl.expects:
            self.ck.expect(expr, self.decls.globals, T.BOOL, "what a consistency check expects")
        self.ck.constant_only = False

    # ------------------------------------------------------------------ examples

    def example(self, decl: ast.Example) -> None:
        for rid in decl.rules:
            if rid not in self.book.rules:
                self.sink.error("T216", f"example `{decl.id}` names unknown rule `{rid}`", decl.span,
                                help=did_you_mean(rid, self.book.rules))
        for facts in decl.facts:
            schema = self.book.facts.get(facts.table)
            if schema is None:
                self.sink.error("T216", f"example `{decl.id}` gives unknown table `{facts.table}`", facts.span,
                                help=did_you_mean(facts.table, self.book.facts))
                continue
            if not facts.rows:
                continue
            header = facts.rows[0]
            for name in header.cells:
                if name not in schema.columns:
                    self.sink.error("T216", f"`{facts.table}` has no column `{name}`", header.span,
                                    help=did_you_mean(name, schema.columns))
            for row in facts.rows[1:]:
                if len(row.cells) != len(header.cells):
                    self.sink.error("S107", f"this row has {len(row.cells)} cells, the header {len(header.cells)}",
                                    row.span)
        for exp in decl.expects:
            if exp.rule not in self.book.rules:
                self.sink.error("T216", f"example `{decl.id}` expects a result of unknown rule `{exp.rule}`",
                                exp.span, help=did_you_mean(exp.rule, self.book.rules))
            for finding in exp.findings:
                for _, expr in finding.subject:
                    self.ck.infer(expr, self.decls.globals)
                for expr in (finding.expected, finding.actual, finding.due):
                    if expr is not None:
                        self.ck.infer(expr, self.decls.globals)


def _unwritable(t: Any, binding: Binding | None) -> str:
    """What a placeholder's value is when a message cannot write it (rows, a column of rows, a list of
    rows: there are no words for them in a message), or ''.  A single row is written as its id."""
    base = T.strip_optional(t)
    if isinstance(base, T.RowsOf):
        if binding is not None and binding.kind == "facts":
            return f"the fact table `{base.table}`"
        if binding is not None and binding.kind == "table":
            return f"the table `{base.table}`"
        return f"rows of `{base.table}`"
    if isinstance(base, T.ColumnOf):
        return f"a column of rows of `{base.table}`"
    if isinstance(base, T.ListOf) and isinstance(T.strip_optional(base.item), (T.RowOf, T.RowsOf, T.ListOf)):
        item = T.strip_optional(base.item)
        return f"a list of rows of `{item.table}`" if isinstance(item, T.RowOf) else f"a {base}"
    if isinstance(base, T.Type) and base.name == "enum type":
        return f"the enum `{base.enum}` (not one of its members)"
    return ""


__all__ = ["Statements", "STATUSES", "read_value", "DAYS"]
