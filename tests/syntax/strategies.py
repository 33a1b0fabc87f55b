"""Hypothesis strategies for rule-language ASTs across the grammar: declarations, statements,
expressions, literals and messages (attrs' tests/strategies.py style).  Names avoid the language's
keywords, which the contextual lexer would otherwise read as keywords where both may stand."""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal

from hypothesis import strategies as st

from digione_rules import ast
from digione_rules.literals import Duration

NAMES = ["a", "b", "grant", "payments", "inv", "share", "p", "x1", "määrä", "limit", "total", "kind"]
IDS = ["r-1", "invoice-paid", "bf-grant-50pct", "a"]
names = st.sampled_from(NAMES)
ids = st.sampled_from(IDS)
safe_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"), max_size=30)
# a `#` at the start of a cell starts a comment after the row, so no cell starts with one
cell_text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="|\x85"),
                    max_size=12).map(lambda s: " ".join(s.split())).filter(lambda s: not s.startswith("#"))


def _decimal(digits: str, frac: str) -> Decimal:
    return Decimal(f"{digits}.{frac}")


money = st.integers(0, 10**12).map(lambda c: ast.Literal("money", Decimal(c).scaleb(-2)))
percent = st.integers(0, 100_000).map(lambda n: ast.Literal("percent", Decimal(n).scaleb(-4)))
dates = st.dates(_dt.date(1900, 1, 1), _dt.date(2100, 12, 31)).map(lambda d: ast.Literal("date", d))
durations = st.builds(Duration, st.integers(0, 999), st.sampled_from(["days", "working days", "months", "years"])
                      ).map(lambda d: ast.Literal("duration", d))
integers = st.integers(0, 10**9).map(lambda n: ast.Literal("integer", n))
decimals = st.builds(_decimal, st.from_regex(r"[1-9][0-9]{0,3}|0", fullmatch=True),
                     st.from_regex(r"[0-9]{1,3}", fullmatch=True)).map(lambda v: ast.Literal("decimal", v))
texts = safe_text.map(lambda s: ast.Literal("text", s))
bools = st.booleans().map(lambda b: ast.Literal("bool", b))
literals = st.one_of(money, percent, dates, durations, integers, decimals, texts, bools)
atoms = st.one_of(literals, names.map(ast.Name))


def _extend(inner):
    args = st.lists(inner, min_size=1, max_size=3).map(tuple)
    return st.one_of(
        st.builds(ast.Field, inner, names),
        st.builds(ast.Lookup, inner, args),
        st.builds(ast.Call, names, st.lists(inner, max_size=3).map(tuple)),
        st.builds(ast.ListExpr, st.lists(inner, max_size=3).map(tuple)),
        st.builds(ast.Unary, st.sampled_from(["-", "not"]), inner),
        st.builds(ast.Binary, st.sampled_from(["+", "-", "*", "/", "and", "or", "through"]), inner, inner),
        st.builds(ast.Compare, st.sampled_from(["=", "!=", "<", "<=", ">", ">="]), inner, inner,
                  st.none() | inner),
        st.builds(ast.In, inner, inner, st.booleans()),
        st.builds(ast.IsMissing, inner, st.booleans()),
        st.builds(ast.Where, inner, inner),
        st.builds(ast.Otherwise, inner, inner),
        st.builds(ast.Conditional, inner, inner, inner),
    )


expressions = st.recursive(atoms, _extend, max_leaves=12)

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def _message(pieces: list) -> ast.Message:
    text = "".join(p if isinstance(p, str) else "{" + ".".join(p) + "}" for p in pieces)
    parts: list = []
    pos = 0
    for m in _PLACEHOLDER.finditer(text):
        if m.start() > pos:
            parts.append(text[pos:m.start()])
        parts.append(ast.Placeholder(tuple(m.group(1).split("."))))
        pos = m.end()
    if pos < len(text):
        parts.append(text[pos:])
    return ast.Message(text, tuple(parts))


messages = st.lists(
    st.one_of(safe_text.filter(lambda s: "{" not in s and "}" not in s),
              st.lists(names, min_size=1, max_size=2)), max_size=4).map(_message)
severities = st.sampled_from(["error", "warning", "info"])
opt = st.none

# --------------------------------------------------------------------------------- statements


def _statements(depth: int):
    simple = st.one_of(
        st.builds(ast.Let, names, expressions),
        st.builds(ast.Require, expressions, opt() | messages, opt() | expressions, opt() | expressions,
                  opt() | severities),
        st.builds(ast.Pending, opt() | expressions, opt() | messages),
        st.builds(_obligation, opt() | messages, opt() | expressions, opt() | expressions, opt() | expressions,
                  opt() | expressions, opt() | expressions, st.booleans(), opt() | severities, opt() | messages,
                  opt() | messages),
    )
    if depth == 0:
        return simple
    body = st.lists(_statements(depth - 1), min_size=1, max_size=3).map(tuple)
    return st.one_of(
        simple,
        st.builds(ast.ForEach, names, names, expressions, body),
        st.builds(ast.If, expressions, body, st.just(()) | body),
    )


def _obligation(title, amount, due, paid_by, met_when, tolerance, exact, late, late_message, message):
    if not any((amount, due, paid_by, met_when, tolerance, exact, late, message)):
        due = ast.Name("as_of")
    return ast.Obligation(title, amount, due, paid_by, met_when, tolerance, exact, late,
                          late_message if late else None, message)


statements = _statements(2)

# --------------------------------------------------------------------------------- declarations

sections = st.lists(st.integers(1, 20), min_size=1, max_size=3).map(lambda ns: "§ " + ".".join(map(str, ns)))
citations = st.builds(ast.Citation, names, opt() | sections, opt() | safe_text)
quotes = st.one_of(safe_text, st.lists(st.lists(st.sampled_from(["sana", "euroa", "1 287 000", "§", "€"]),
                                                min_size=1, max_size=30).map(" ".join), min_size=1, max_size=3
                                       ).map("\n\n".join))
metas = st.builds(ast.Meta, opt() | severities, st.lists(citations, max_size=2).map(tuple), opt() | quotes,
                  opt() | quotes)
types = st.one_of(st.builds(ast.TypeRef, names.map(lambda n: (n,)), st.booleans()),
                st.just(ast.TypeRef(("party", "text"))))
rows = st.lists(st.lists(cell_text, min_size=1, max_size=4).map(lambda cs: ast.TableRow(tuple(cs))),
                min_size=1, max_size=4).map(tuple)
columns = st.builds(
    lambda name, t, req, when, unique, positive, default, refs, aliases, choices: ast.Column(
        name, t, req and when is None, None if req else when, unique, positive, default, refs, aliases, choices),
    names, types.filter(lambda t: not t.is_list), st.booleans(), opt() | expressions, st.booleans(), st.booleans(),
    opt() | atoms, opt() | st.tuples(names, names), st.lists(safe_text, max_size=2).map(tuple),
    st.lists(safe_text, max_size=3).map(tuple))


def _nonempty_meta(m: ast.Meta) -> ast.Meta:
    return m if (m.severity or m.sources or m.quote is not None or m.interpretation is not None) else \
        ast.Meta("error")


declarations = st.one_of(
    st.builds(ast.Include, safe_text),
    st.builds(ast.Document, names, safe_text, opt() | safe_text, opt() | safe_text),
    st.builds(ast.Party, names, opt() | safe_text, opt() | st.from_regex(r"[0-9]{7}-[0-9]", fullmatch=True),
              st.lists(safe_text, max_size=3).map(tuple)),
    st.builds(ast.Enum, names, st.lists(st.builds(ast.EnumMember, names, st.lists(safe_text, max_size=2).map(tuple)),
                                        min_size=1, max_size=3).map(tuple)),
    st.builds(ast.Parameter, names, types, opt() | expressions,
              st.lists(st.builds(ast.ParamValue, expressions, opt() | expressions), max_size=2).map(tuple), metas),
    st.builds(ast.Table, names, types, st.lists(st.builds(ast.TableKey, names, names), min_size=1, max_size=2
                                                ).map(tuple), rows, metas),
    st.builds(ast.Facts, names, opt() | safe_text, st.lists(columns, min_size=1, max_size=3).map(tuple),
              opt() | names, metas),
    st.builds(ast.Rule, ids, safe_text, st.lists(statements, min_size=1, max_size=3).map(tuple), metas,
              st.lists(names, max_size=2, unique=True).map(tuple)),
    st.builds(ast.Consistency, ids, safe_text, st.lists(expressions, max_size=2).map(tuple), opt() | quotes,
              metas.map(_nonempty_meta)),
    st.builds(
        ast.Example, ids, safe_text, st.lists(ids, min_size=1, max_size=2).map(tuple),
        opt() | st.dates(_dt.date(1900, 1, 1), _dt.date(2100, 1, 1)),
        st.lists(st.builds(ast.ExampleFacts, names, rows), max_size=2).map(tuple),
        st.lists(st.builds(ast.ExampleExpect, ids, st.sampled_from(["passed", "violated", "pending", "not_applicable"]),
                           st.lists(st.builds(ast.ExpectFinding, opt() | severities,
                                              st.lists(st.tuples(names, expressions), max_size=2).map(tuple),
                                              opt() | expressions, opt() | expressions, opt() | expressions),
                                    max_size=2).map(tuple)), max_size=2).map(tuple)),
)

modules = st.lists(declarations, max_size=4).map(lambda items: ast.Module("gen.rules", tuple(items)))
