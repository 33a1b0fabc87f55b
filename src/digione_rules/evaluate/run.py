"""Run the rules: statements in, findings and pending obligations out, one `RuleResult` per rule.

A rule whose fact tables were not given is `not_applicable`, with the reason; a rule that fails at run
time (a division by zero, a missing table cell) is `not_applicable` with the error as its reason, and the
error is also reported as a diagnostic.  Nothing that was not judged is reported as passed.
"""

from __future__ import annotations

import datetime as _dt
import heapq
from typing import Any, Callable

from .. import ast
from .. import types as T
from ..check.model import RuleInfo
from ..diagnostics import Diagnostic
from ..report.model import Evidence, Finding, Pending, RuleResult
from ..syntax.printer import expr_text
from .batch import plan_loop
from .context import RunContext
from .obligations import NAMES as OBLIGATION_NAMES
from .obligations import compile_obligation
from .state import ObligationRecords, RuleState, judge_quietly
from .values import EvalError, Row, Sel, canonical_key, human, plain, plain_apart, subject_value

MAX_EVIDENCE = 50
_TRUE, _FALSE = (lambda env: True), (lambda env: False)


Exec = Callable[[dict, RuleState], None]


class RuleRunner:
    def __init__(self, ctx: RunContext):
        self.ctx = ctx
        self.book = ctx.book
        self.cp = ctx.compiler
        self.errors: list[Diagnostic] = []
        self.in_order = False  # `for each` takes rows in canonical order (set while a failing rule reruns)
        self._local_types: dict[str, object] = {"owed": T.MONEY, "paid": T.MONEY, "shortfall": T.MONEY,
                                                "due": T.DATE, "days_late": T.INTEGER}

    # ------------------------------------------------------------------ rules

    def run(self, info: RuleInfo) -> RuleResult:
        decl = info.decl
        head = dict(rule=decl.id, title=decl.title, source=self.book.citation(decl.meta), severity=info.severity,
                    quote=decl.meta.quote, interpretation=decl.meta.interpretation)
        given = [t for t in info.reads if t in self.ctx.facts.tables]
        absent = sorted(t for t in info.reads - info.optional if t not in self.ctx.facts.tables)
        if not given and info.reads:
            absent = sorted(info.reads)
        names = ", ".join(f"`{t}`" for t in absent)
        not_given = f"no facts given for {names}, which this rule reads"
        if absent and not given:
            return RuleResult(**head, status="not_applicable", reason=not_given)
        # Some of its tables were not given: the rule runs with them read as empty, and what it finds
        # counts only where it did not rest on them (a termination notice in `events` needs no payments)
        state = RuleState(info)
        state.absent = frozenset(absent)
        env: dict[str, Any] = {"@trace": None}
        try:
            for ex in self.block(decl.body):
                ex(env, state)
        except EvalError as e:
            if not self.in_order:
                # Which row fails first depends on the rows' order in the file: run the rule again with
                # `for each` taking rows in their own order (date, id, content), so the error reported is
                # the same however the export was sorted.  Only a failing rule pays for the sorting.
                self.in_order = True
                try:
                    return self.run(info)
                finally:
                    self.in_order = False
            where = getattr(e, "span", None)
            self.errors.append(Diagnostic(e.code, f"rule `{decl.id}`: {e.message}", where))
            return RuleResult(**head, status="not_applicable",
                              reason=f"could not be evaluated: {e.message}" + (f" ({where})" if where else ""))
        findings = tuple(sorted(state.findings, key=lambda f: f.sort_key))
        pending = tuple(sorted(state.pending, key=lambda p: p.sort_key))
        reason = None
        if absent:
            findings = tuple(f for f in findings if id(f) not in state.on_absent)
            pending = tuple(p for p in pending if id(p) not in state.on_absent)
            if not (state.judged_given or pending or any(f.severity == "error" for f in findings)):
                return RuleResult(**head, status="not_applicable", reason=not_given)
            reason = f"judged on the facts given only: {not_given}"
            state.obligations = []  # (owed and paid as the tables given show them: not a reconciliation)
        # An export with a header and no rows is read as no facts of its kind: a rule may find a violation
        # in it beside rows of other tables (invoices and no payments), but a rule never passes on it, for
        # the export may be broken, and one that read nothing else has nothing to judge
        read = [t for t in given if t not in info.optional]
        empty = sorted(t for t in read if self.ctx.loaded.tables[t].n == 0)
        if empty and (len(empty) == len(read) or not findings and not pending):
            names = ", ".join(f"`{t}`" for t in empty)
            return RuleResult(**head, status="not_applicable", reason=f"{names} has no rows: nothing to judge")
        if any(f.severity == "error" and f.waived is None for f in findings):
            status = "violated"
        elif pending:
            status = "pending"
        else:
            status = "passed"
        return RuleResult(**head, status=status, reason=reason, findings=findings, pending=pending,
                          subjects=state.subjects(),
                          obligations=ObligationRecords(state.obligations) if state.obligations else ())

    # ------------------------------------------------------------------ statements

    def block(self, stmts: tuple) -> list[Exec]:
        return [self._located(s) for s in stmts]

    def _located(self, stmt) -> Exec:
        ex = getattr(self, "_" + type(stmt).__name__.lower())(stmt)
        span = stmt.span

        def located(env, st):
            try:
                ex(env, st)
            except EvalError as e:
                if not hasattr(e, "span"):
                    e.span = span
                raise
            except ArithmeticError as e:  # from a built-in function or a report's formatting of a value
                err = EvalError.of_arithmetic(e)
                err.span = span
                raise err from None

        return located

    def _let(self, s: ast.Let) -> Exec:
        f, name, ev = self.cp.compile(s.value), s.name, "@ev:" + s.name
        self._local_types[name] = self.book.type_of(s.value)

        def let(env, st):
            tr: list = []
            env["@trace"] = tr
            env[name] = f(env)
            env[ev] = tr
            env["@trace"] = None

        return let

    def _foreach(self, s: ast.ForEach) -> Exec:
        coll, var, key, ev = self.cp.compile(s.collection), s.var, s.key, "@ev:" + s.var
        self._local_types[var] = T.element(self.book.type_of(s.collection))
        body = self.block(s.body)

        judge = plan_loop(self, s)

        def foreach(env, st):
            if st.absent:
                value, tainted = _deciding(coll, env, st)
                if tainted:
                    st.tainted += 1
                    try:
                        return each(env, st, value)
                    finally:
                        st.tainted -= 1
            else:
                value = coll(env)
            each(env, st, value)

        def each(env, st, value):
            subject = st.subject
            saved = subject.get(key, _MISSING)
            if isinstance(value, Sel):  # rows: each is also evidence of what is judged in its turn
                table, judged_rows = value.table, st.subject_rows
                rows = value.indices()  # (a range, an index's bucket or a list: only read, never changed)
                if self.in_order:  # a failing rule's rerun: rows in their own order, not the file's
                    rows = sorted(rows, key=canonical_key(table))
                bulks = _in_bulk(judge, env, table, rows, st)
                # rows with nothing to report are judged in bulk; the others run statement by statement
                noisy = judge_quietly(st, key, table, rows, bulks) if bulks is not None else None
                counting = st.counting
                st.counting = counting and noisy is None  # else judge_quietly counted every row's subject
                try:
                    for i in rows if noisy is None else map(rows.__getitem__, noisy):
                        item = Row(table, i)
                        env[var] = item
                        env[ev] = [item]
                        subject[key] = subject_value(item)
                        judged_rows.append(item)
                        for ex in body:
                            ex(env, st)
                        judged_rows.pop()
                finally:
                    st.counting = counting
            else:
                if hasattr(value, "sel"):  # a column: its distinct values
                    col = value.sel.table.columns[value.column]
                    items = sorted({col[i] for i in value.sel.indices() if col[i] is not None}, key=str)
                else:
                    items = list(value)
                for item in items:
                    row = isinstance(item, Row)
                    env[var] = item
                    env[ev] = [item] if row else []
                    subject[key] = subject_value(item)
                    if row:
                        st.subject_rows.append(item)
                    for ex in body:
                        ex(env, st)
                    if row:
                        st.subject_rows.pop()
            if saved is _MISSING:
                subject.pop(key, None)
            else:
                subject[key] = saved

        return foreach

    def _if(self, s: ast.If) -> Exec:
        cond, body, orelse = self.cp.compile(s.condition), self.block(s.body), self.block(s.orelse)

        def if_(env, st):
            if st.absent:
                holds, tainted = _deciding(cond, env, st)
                st.tainted += tainted
                try:
                    for ex in (body if holds else orelse):
                        ex(env, st)
                finally:
                    st.tainted -= tainted
                return
            for ex in (body if cond(env) else orelse):
                ex(env, st)

        return if_

    def _require(self, s: ast.Require) -> Exec:
        cp = self.cp
        cond = cp.compile(s.condition)
        explicit = s.expected is not None and s.actual is not None
        # What a finding shows as expected and actual when the rule does not say: the sides of a comparison
        # (`total <= cap`: cap expected, total actual), else the condition itself (true expected, false found)
        sides = s.condition if isinstance(s.condition, ast.Compare) and s.condition.op != "!=" else None
        exp_expr = s.expected if s.expected is not None else (sides.right if sides else None)
        act_expr = s.actual if s.actual is not None else (sides.left if sides else None)
        expected = cp.compile(exp_expr) if exp_expr is not None else _TRUE
        actual = cp.compile(act_expr) if act_expr is not None else _FALSE
        exp_type = self.book.type_of(exp_expr) if exp_expr is not None else T.BOOL
        act_type = self.book.type_of(act_expr) if act_expr is not None else T.BOOL
        message = self._message(s.message)
        condition = expr_text(s.condition)
        default = f"`{condition}` does not hold"

        def require(env, st):
            tr: list = []
            env["@trace"] = tr
            st.mark()
            if cond(env):
                env["@trace"] = None
                if st.absent and (s.severity or st.rule.severity) == "error":
                    st.held(tr)
                return
            exp = expected(env)
            act = actual(env)
            text = message(env) if message else default  # what the message names is evidence too
            env["@trace"] = None
            if not message and explicit:
                text += f": expected {human(exp, exp_type)}, found {human(act, act_type)}"
            sev = s.severity or st.rule.severity
            st.findings.append(self._finding(sev, text, st, *plain_apart(exp, act, exp_type, act_type), tr,
                                             condition, env))

        return require

    def _obligation(self, s: ast.Obligation) -> Exec:
        return compile_obligation(self, s)

    def _pending(self, s: ast.Pending) -> Exec:
        until = self.cp.compile(s.until) if s.until is not None else None
        message = self._message(s.message)

        def pending(env, st):
            tr: list = []
            env["@trace"] = tr
            st.mark()
            day = until(env) if until else None
            env["@trace"] = None
            text = message(env) if message else (f"due {human(day)}" if day else "not yet due")
            st.pending.append(self._pending_item(text, st, day, None, None, tr))

        return pending

    # ------------------------------------------------------------------ helpers

    def placeholders(self, msg: ast.Message | None) -> list:
        """The expressions a message writes into its text."""
        if msg is None:
            return []
        return [self.book.placeholders[id(p)] for p in msg.parts if isinstance(p, ast.Placeholder)]

    def _message(self, msg: ast.Message | None):
        if msg is None:
            return None
        parts = []
        for part in msg.parts:
            if isinstance(part, ast.Placeholder):
                expr = self.book.placeholders[id(part)]
                parts.append((self.cp.compile(expr), self.book.type_of(expr)))
            else:
                parts.append(part)

        def render(env) -> str:
            return "".join(p if isinstance(p, str) else human(p[0](env), p[1]) for p in parts)

        return render

    def _evidence(self, trace: list, st: RuleState) -> tuple[tuple[Evidence, ...], int]:
        """The facts rows a finding rests on, first by table, file and line; at most MAX_EVIDENCE of them.
        Rows of the rule book's own tables (the shares, the seats) are not evidence: evidence names rows of
        the files the user gave."""
        by_table: dict[int, tuple] = {}
        facts = self.book.facts
        for item in list(trace) + st.subject_rows:
            if isinstance(item, Row):
                table, rows = item.table, (item.i,)
            elif isinstance(item, Sel):
                table, rows = item.table, item.indices()
            else:
                continue
            if table.name not in facts:
                continue
            entry = by_table.setdefault(id(table), (table, []))
            entry[1].append(rows)
        chosen: list[tuple] = []
        total = 0
        for table, parts in by_table.values():
            rows = set()
            for part in parts:
                rows.update(part)
            total += len(rows)
            lines = table.lines
            id_column = table.schema.id_column
            if len(rows) > MAX_EVIDENCE and id_column:
                # more rows than are shown: the ones shown are chosen by id, so that sorting the export
                # differently cannot change which rows a report names
                best = heapq.nsmallest(MAX_EVIDENCE, rows, key=table.columns[id_column].__getitem__)
            else:
                # INVARIANT: a table's rows are in the order of its file, so the first rows are the first lines
                best = heapq.nsmallest(MAX_EVIDENCE, rows)
            chosen.extend(((table.name, table.file, lines[i], i), table) for i in best)
        chosen.sort(key=lambda c: c[0])
        chosen = chosen[:MAX_EVIDENCE]
        evidence = tuple(Evidence(**_ev(table, key[3])) for key, table in chosen)
        return evidence, total - len(evidence)

    def _finding(self, severity: str, text: str, st: RuleState, exp, act, trace: list, condition: str = "",
                 env: dict | None = None) -> Finding:
        evidence, omitted = self._evidence(trace, st)
        finding = Finding(severity, text, st.subject_dict(), exp, act, evidence, omitted,
                          condition=condition, values=self._values(env) if env is not None else ())
        if st.absent and st.rests_on_absent(trace):
            st.on_absent.add(id(finding))
        return finding

    def _values(self, env: dict) -> tuple[tuple[str, str], ...]:
        """The variables in scope, written for people, for `check --explain`."""
        out = []
        for name, value in env.items():
            if name.startswith("@") or name in _OBLIGATION_NAMES and value is None:
                continue
            if isinstance(value, Sel):
                text = f"{len(value)} rows of `{value.table.name}`"
            elif hasattr(value, "sel"):
                text = f"`{value.column}` of {len(value.sel)} rows of `{value.sel.table.name}`"
            else:
                text = human(value, self._local_types.get(name))
            out.append((name, text))
        return tuple(out)

    def _pending_item(self, text: str, st: RuleState, due, exp, act, trace: list) -> Pending:
        evidence, _ = self._evidence(trace, st)
        item = Pending(text, st.subject_dict(), due.isoformat() if isinstance(due, _dt.date) else None, exp, act,
                       evidence)
        if st.absent and st.rests_on_absent(trace):
            st.on_absent.add(id(item))
        return item


def _deciding(f, env: dict, st: RuleState) -> tuple[Any, bool]:
    """The value of an `if` condition or a loop's collection, and whether it read a table not given (what
    the block then finds rests on it)."""
    trace: list = []
    env["@trace"] = trace
    try:
        return f(env), st.rests_on_absent(trace)
    finally:
        env["@trace"] = None


def _in_bulk(judge, env: dict, table, rows: list, st: RuleState) -> list | None:
    """The bulk pass over a loop's rows (batch.py): a `Bulk` per statement, or None: the loop then runs
    the scalar way throughout (always when tables the rule reads were not given: only the scalar way
    tells what rests on them)."""
    if judge is None or len(rows) < 2 or st.absent:
        return None
    trace = env["@trace"]
    env["@trace"] = None
    try:
        return judge(env, table, rows)
    except Exception:  # whatever it is, the scalar statements meet it again, where they meet it
        return None
    finally:
        env["@trace"] = trace


_MISSING = object()
_OBLIGATION_NAMES = set(OBLIGATION_NAMES)


def _ev(table, i: int) -> dict:
    d = table.evidence(i)
    return {k: d[k] for k in ("table", "file", "line", "id", "sheet") if k in d}
