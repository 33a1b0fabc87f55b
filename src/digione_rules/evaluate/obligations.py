"""The `obligation` statement: what is owed, by when, and what was paid for it; met, late, pending or not.

A rule such as `invoice-paid` judges one obligation per invoice, so this runs hundreds of thousands of
times on a big ledger: what only a finding or a pending item needs (the title, the written amounts) is
made only for those, and the reconciliation records (`RuleResult.obligations`, which only the audit
report reads) are kept as plain values and written out when first read (state.ObligationRecords).
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Callable

from .. import ast
from .. import types as T
from ..syntax.printer import expr_text
from .values import Sel, human, plain, plain_apart

ZERO = Decimal(0)
NAMES = ("owed", "paid", "due", "days_late", "shortfall")


def set_names(env: dict, owed, paid, due, days_late: int) -> None:
    env["owed"], env["paid"], env["due"], env["days_late"] = owed, paid, due, days_late
    env["shortfall"] = max(owed - paid, ZERO) if owed is not None and paid is not None else None
    for n in NAMES:
        env["@ev:" + n] = ()


def days_late(rows: list[int], amounts: list, dated: list, needed: Decimal, due: _dt.date) -> int:
    """Days after `due` on which the cumulative payments (cents) first reached `needed` (euros)."""
    cents = needed.scaleb(2)
    total = 0
    for i in rows:
        total += amounts[i]
        if total >= cents:
            return max((dated[i] - due).days, 0)
    return 0


def compile_obligation(runner, s: ast.Obligation) -> Callable:
    """The statement as `f(env, state)`; `runner` is the RuleRunner (compiler, messages, findings)."""
    cp = runner.cp
    due_f = cp.compile(s.due) if s.due is not None else None
    amount_f = cp.compile(s.amount) if s.amount is not None else None
    paid_f = cp.compile(s.paid_by) if s.paid_by is not None else None
    met_f = cp.compile(s.met_when) if s.met_when is not None else None
    # what a `met when` obligation shows: expected (the due date unless the rule says), actual (when it
    # happened, or what it was, as the rule says; else missing)
    exp_f = cp.compile(s.expected) if s.expected is not None else None
    act_f = cp.compile(s.actual) if s.actual is not None else None
    exp_type = runner.book.type_of(s.expected) if s.expected is not None else T.DATE
    act_type = runner.book.type_of(s.actual) if s.actual is not None else T.DATE
    tol_f = cp.compile(s.tolerance) if s.tolerance is not None else None
    title = runner._message(s.title)
    message = runner._message(s.message)
    late_message = runner._message(s.late_message)
    # A title that cannot fail is written only when a finding or a pending item needs it; one that could
    # (a parameter without a value in force…) is written every time, as its error must still stop the rule.
    lazy_title = s.title is None or all(cp.cannot_fail(p) for p in runner.placeholders(s.title))
    as_of = runner.ctx.as_of
    exact, late_severity = s.exact, s.late_severity

    def obligation(env, st):
        tr: list = []
        env["@trace"] = tr
        st.mark()
        due = due_f(env) if due_f else None
        if amount_f is None:
            met = bool(met_f(env))
            env["@trace"] = None
            set_names(env, None, None, due, 0)
            if met:
                if st.absent and st.rule.severity == "error":
                    st.held(tr)
                return
            what = title(env) if title else "obligation"
            if due is None or as_of <= due:
                st.pending.append(runner._pending_item(what + ("" if due else ": no due date yet"), st, due, None, None,
                                                       tr))
                return
            env["@trace"] = tr  # (what expected and actual read is evidence too)
            exp = exp_f(env) if exp_f else due
            act = act_f(env) if act_f else None
            env["@trace"] = None
            # days late: to when it happened (a date after the due date), else to the as-of date
            late_to = act if isinstance(act, _dt.date) and act > due else as_of
            env["days_late"] = (late_to - due).days
            text = message(env) if message else f"{what}: not met by {human(due)}"
            st.findings.append(runner._finding(st.rule.severity, text, st, *plain_apart(exp, act, exp_type, act_type),
                                               tr, expr_text(s.met_when), env))
            return
        owed = amount_f(env)
        sel = paid_f(env)
        tol = tol_f(env) if tol_f else ZERO
        env["@trace"] = None
        if owed is None:
            set_names(env, None, None, due, 0)
            what = title(env) if title else "payment"
            st.pending.append(runner._pending_item(f"{what}: the amount owed is not known yet", st, due, None, None, tr))
            return
        table = sel.table
        amounts = table.columns["amount"]
        rows = table.time_ordered(sel.indices())
        tr.append(Sel(table, rows))
        paid = Decimal(sum(map(amounts.__getitem__, rows))).scaleb(-2)
        short = paid < owed - tol
        over = exact and paid > owed + tol
        set_names(env, owed, paid, due, 0)
        what = None if lazy_title else (title(env) if title else "payment")
        state = st.obligations
        if not short and not over:
            days = days_late(rows, amounts, table.columns[table.schema.dated_by], owed - tol, due) \
                if due is not None else 0
            state.append((tuple(st.subject.items()), (owed, paid, due, "late" if days > 0 else "met")))
            if st.absent and st.rule.severity == "error":
                st.held(tr)
            if days > 0 and late_severity:
                if what is None:
                    what = title(env) if title else "payment"
                env["days_late"] = days
                text = late_message(env) if late_message else f"{what}: paid late by {days} days"
                # a deadline missed: the due date expected, the day the payments reached what was owed found
                st.findings.append(runner._finding(late_severity, text, st, plain(due, T.DATE),
                                                   plain(due + _dt.timedelta(days=days), T.DATE), tr,
                                                   _condition(exact, tol), env))
            return
        if what is None:
            what = title(env) if title else "payment"
        exp, act = plain_apart(owed, paid, T.MONEY, T.MONEY)
        if due is None or as_of <= due:  # short or over: judged when it falls due, it may yet be set right
            state.append((tuple(st.subject.items()), (owed, paid, due, "pending")))
            note = f"{human(paid, T.MONEY)} " + (f"paid where {human(owed, T.MONEY)} is owed" if over
                                                  else f"of {human(owed, T.MONEY)} paid")
            note += f", due {human(due)}" if due else ", not yet due"
            st.pending.append(runner._pending_item(f"{what}: {note}", st, due, exp, act, tr))
            return
        state.append((tuple(st.subject.items()), (owed, paid, due, "over" if over else "short")))
        if short:  # still short: late by the days from the due date to the as-of date
            env["days_late"] = (as_of - due).days
        if message:
            text = message(env)
        elif over:
            text = f"{what}: {human(paid, T.MONEY)} paid where {human(owed, T.MONEY)} is owed"
        else:
            text = f"{what}: {human(paid, T.MONEY)} of {human(owed, T.MONEY)} paid by {human(as_of)}, due {human(due)}"
        st.findings.append(runner._finding(st.rule.severity, text, st, exp, act, tr, _condition(exact, tol), env))

    return obligation


def _condition(exact: bool, tol) -> str:
    return f"paid {'=' if exact else '>='} owed" + (f" within {human(tol, T.MONEY)}" if tol else "")
