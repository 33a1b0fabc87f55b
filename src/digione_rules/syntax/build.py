"""Turn Lark's parse tree into AST nodes (one method per grammar rule, named after it)."""

from __future__ import annotations

import re

from .. import ast
from ..diagnostics import Diagnostic, Sink
from ..literals import LiteralError, literal_help, read_date, read_decimal, read_duration, read_int, \
    read_money_token, read_percent
from ..source import Span
from ._generated import Token, Transformer, v_args


_KINDS = {read_date: "date", read_money_token: "money", read_percent: "percent", read_duration: "duration",
          read_decimal: "decimal", read_int: "integer"}


class BuildError(Exception):
    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


_COMPARE = {"≤": "<=", "≥": ">=", "≠": "!=", "=": "=", "<": "<", ">": ">", "<=": "<=", ">=": ">=", "!=": "!="}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_DOTTED = re.compile(r"[^\W\d]\w*(?:\.[^\W\d]\w*)*")


def unquote(token: str) -> str:
    """The text of a STRING or LONG_STRING token; a long string's lines are joined into paragraphs."""
    if token.startswith('"""'):
        body = token[3:-3]
        paragraphs = re.split(r"\n[ \t]*\n", body.strip())
        return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())
    body = token[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def _raw_offsets(token: str) -> list[int]:
    """For a one-line STRING token, the offset in the token of each character of its text, and one past
    the last (an escape such as `\\"` is two characters of the token and one of the text)."""
    offsets = []
    i, end = 1, len(token) - 1
    while i < end:
        offsets.append(i)
        i += 2 if token[i] == "\\" else 1
    offsets.append(end)
    return offsets


def split_cells(row: str) -> tuple[str, ...]:
    """`| a | b |` → ("a", "b"); the closing pipe is optional."""
    body = row.strip()[1:]
    if body.endswith("|"):
        body = body[:-1]
    return tuple(" ".join(c.split()) for c in body.split("|"))


@v_args(meta=True)
class Builder(Transformer):
    def __init__(self, path: str, sink: Sink):
        super().__init__()
        self.path = path
        self.sink = sink

    # ------------------------------------------------------------------ helpers

    def _span(self, meta) -> Span:
        if getattr(meta, "empty", True):
            return Span(self.path, 0, 0, 0, 0)
        return Span(self.path, meta.line, meta.column, meta.end_line, meta.end_column)

    def _tok(self, tok: Token) -> Span:
        return Span(self.path, tok.line, tok.column, tok.end_line or tok.line, tok.end_column or tok.column + 1)

    def _error(self, code: str, message: str, span: Span, help: str = "") -> None:
        self.sink.error(code, message, span, help=help)

    def _message(self, tok: Token) -> ast.Message:
        text = unquote(tok)
        parts: list = []
        pos = 0
        span = self._tok(tok)
        offsets = _raw_offsets(str(tok)) if not str(tok).startswith('"""') else None
        for m in _PLACEHOLDER.finditer(text):
            if m.start() > pos:
                parts.append(text[pos : m.start()])
            inner = m.group(1).strip()
            where = self._placeholder_span(tok, offsets, m.start(), m.end()) if offsets else span
            if not _DOTTED.fullmatch(inner):
                self._error("S111", f"`{{{m.group(1)}}}` is not a name to fill in", where,
                            help="write a name or a field, such as `{grant}` or `{inv.id}`")
            else:
                parts.append(ast.Placeholder(tuple(inner.split(".")), where))
            pos = m.end()
        if pos < len(text):
            parts.append(text[pos:])
        return ast.Message(text, tuple(parts), span)

    def _placeholder_span(self, tok: Token, offsets: list[int], start: int, end: int) -> Span:
        """Where `{…}` (characters start..end of the message's text) is written in the file."""
        if tok.end_line not in (None, tok.line) or end > len(offsets) - 1:
            return self._tok(tok)
        return Span(self.path, tok.line, tok.column + offsets[start], tok.line, tok.column + offsets[end])

    @staticmethod
    def _clauses(children) -> list:
        return [c for c in children if c is not None]

    def _meta_of(self, clauses: list) -> tuple[ast.Meta, list]:
        severity = quote = interpretation = None
        severity_span = Span(self.path, 0, 0, 0, 0)
        sources: list[ast.Citation] = []
        rest = []
        seen: set[str] = set()
        for c in clauses:
            key = c[0] if isinstance(c, tuple) and c and c[0] in ("severity", "quote", "interpretation") else None
            if key is not None:
                if key in seen:
                    where = c[2]
                    self._error("S112", f"`{key}` is given twice", where,
                                help=f"keep one `{key}`: a declaration has one {key}")
                seen.add(key)
            if key == "severity":
                severity, severity_span = c[1], c[2]
            elif isinstance(c, ast.Citation):
                sources.append(c)
            elif key == "quote":
                quote = c[1]
            elif key == "interpretation":
                interpretation = c[1]
            else:
                rest.append(c)
        return ast.Meta(severity, tuple(sources), quote, interpretation, severity_span), rest

    # ------------------------------------------------------------------ top level

    def start(self, meta, children):
        return [c for c in children if c is not None]

    def include(self, meta, children):
        return ast.Include(unquote(children[0]), self._span(meta))

    def document(self, meta, children):
        name, cite, *clauses = children
        info = dict(c for c in clauses if c is not None)
        return ast.Document(str(name), unquote(cite), info.get("file"), info.get("title"), self._span(meta))

    def doc_file(self, meta, children):
        return ("file", unquote(children[0]))

    def doc_title(self, meta, children):
        return ("title", unquote(children[0]))

    def party(self, meta, children):
        name, canonical, *clauses = children
        business_id, aliases, bid_span = None, (), Span(self.path, 0, 0, 0, 0)
        for c in self._clauses(clauses):
            if c[0] == "business_id":
                business_id, bid_span = c[1], c[2]
            else:
                aliases += c[1]
        return ast.Party(str(name), unquote(canonical) if canonical else None, business_id, aliases,
                         self._span(meta), bid_span)

    def business_id(self, meta, children):
        return ("business_id", str(children[0]), self._tok(children[0]))

    def aliases(self, meta, children):
        return ("aliases", tuple(unquote(c) for c in children))

    def enum(self, meta, children):
        name, *members = children
        return ast.Enum(str(name), tuple(members), self._span(meta))

    def enum_member(self, meta, children):
        name, *aliases = children
        return ast.EnumMember(str(name), tuple(unquote(a) for a in aliases if a is not None), self._span(meta))

    def parameter(self, meta, children):
        name, type_, _eq, value, *clauses = children
        m, rest = self._meta_of(self._clauses(clauses))
        history = tuple(c for c in rest if isinstance(c, ast.ParamValue))
        return ast.Parameter(str(name), type_, value, history, m, self._span(meta))

    def param_value(self, meta, children):
        value, since = children
        return ast.ParamValue(value, since, self._span(meta))

    def table(self, meta, children):
        name, value_type, *rest = children
        keys = tuple(c for c in rest if isinstance(c, ast.TableKey))
        m, others = self._meta_of([c for c in rest if c is not None and not isinstance(c, ast.TableKey)])
        rows = tuple(c for c in others if isinstance(c, ast.TableRow))
        return ast.Table(str(name), value_type, keys, rows, m, self._span(meta))

    def table_key(self, meta, children):
        return ast.TableKey(str(children[0]), str(children[1]), self._span(meta))

    def table_row(self, meta, children):
        tok = children[0]
        return ast.TableRow(split_cells(str(tok)), self._tok(tok))

    def facts(self, meta, children):
        name, label, *clauses = children
        m, rest = self._meta_of(self._clauses(clauses))
        columns = tuple(c for c in rest if isinstance(c, ast.Column))
        dated = next((c[1] for c in rest if isinstance(c, tuple) and c[0] == "dated_by"), None)
        return ast.Facts(str(name), unquote(label) if label else None, columns, dated, m, self._span(meta))

    def dated_by(self, meta, children):
        return ("dated_by", str(children[0]))

    def column(self, meta, children):
        name, type_, *options = children
        kw: dict = {}
        for opt in options:
            key = opt[0]
            if key == "required":
                kw["required"] = opt[1] is None
                kw["required_when"] = opt[1]
            elif key in ("unique", "positive"):
                kw[key] = True
            elif key == "default":
                kw["default"] = opt[1]
            elif key == "references":
                kw["references"] = (opt[1], opt[2])
            elif key == "alias":
                kw["aliases"] = kw.get("aliases", ()) + opt[1]
            elif key == "choices":
                kw["choices"] = kw.get("choices", ()) + opt[1]
        return ast.Column(str(name), type_, span=self._span(meta), **kw)

    def required(self, meta, children):
        return ("required", children[0])

    def unique(self, meta, children):
        return ("unique",)

    def positive(self, meta, children):
        return ("positive",)

    def default(self, meta, children):
        return ("default", children[0])

    def choices(self, meta, children):
        return ("choices", tuple(unquote(c) for c in children))

    def references(self, meta, children):
        return ("references", str(children[0]), str(children[1]))

    def alias_list(self, meta, children):
        return ("alias", tuple(unquote(c) for c in children))

    def severity(self, meta, children):
        return ("severity", str(children[0]), self._tok(children[0]))

    def source(self, meta, children):
        doc, section, heading = children
        sec = " ".join(str(section).replace("§", "§ ").split()) if section else None
        return ast.Citation(str(doc), sec, unquote(heading) if heading else None, self._span(meta), self._tok(doc))

    def quote(self, meta, children):
        return ("quote", unquote(children[0]), self._span(meta).to(self._tok(children[0])))

    def interpretation(self, meta, children):
        return ("interpretation", unquote(children[0]), self._span(meta).to(self._tok(children[0])))

    # ------------------------------------------------------------------ types

    def simple_type(self, meta, children):
        return ast.TypeRef((str(children[0]),), False, self._span(meta))

    def list_type(self, meta, children):
        return ast.TypeRef(children[0].names, True, self._span(meta))

    def union_type(self, meta, children):
        return ast.TypeRef(children[0].names + children[1].names, False, self._span(meta))

    # ------------------------------------------------------------------ rules and statements

    def rule(self, meta, children):
        rid, title, *items = children
        m, body = self._meta_of(self._clauses(items))
        optional = tuple(n for c in body if isinstance(c, tuple) and c[0] == "optional" for n in c[1])
        body = [c for c in body if not (isinstance(c, tuple) and c[0] == "optional")]
        return ast.Rule(str(rid), unquote(title), tuple(body), m, optional, self._span(meta), self._tok(rid))

    def optional_tables(self, meta, children):
        return ("optional", tuple(str(c) for c in children))

    def let(self, meta, children):
        name, _eq, value = children
        return ast.Let(str(name), value, self._span(meta))

    def for_each(self, meta, children):
        key, var, collection, *body = children
        return ast.ForEach(str(key), str(var), collection, tuple(self._clauses(body)), self._span(meta))

    def if_stmt(self, meta, children):
        cond, *rest = children
        orelse: tuple = ()
        if rest and isinstance(rest[-1], tuple) and rest[-1] and rest[-1][0] == "else":
            orelse = rest.pop()[1]
        return ast.If(cond, tuple(self._clauses(rest)), orelse, self._span(meta))

    def else_block(self, meta, children):
        return ("else", tuple(self._clauses(children)))

    def require(self, meta, children):
        cond, *clauses = children
        kw: dict = {}
        for c in self._clauses(clauses):
            kw[c[0]] = c[1]
        return ast.Require(cond, span=self._span(meta), **kw)

    def message(self, meta, children):
        return ("message", self._message(children[0]))

    def expected(self, meta, children):
        return ("expected", children[0])

    def actual(self, meta, children):
        return ("actual", children[0])

    def obligation(self, meta, children):
        title, *clauses = children
        kw: dict = {}
        for c in self._clauses(clauses):
            if c[0] == "late":
                kw["late_severity"], kw["late_message"] = c[1], c[2]
            elif c[0] == "exact":
                kw["exact"] = True
            else:
                kw[c[0]] = c[1]
        return ast.Obligation(self._message(title) if title else None, span=self._span(meta), **kw)

    def amount(self, meta, children):
        return ("amount", children[0])

    def due(self, meta, children):
        return ("due", children[0])

    def paid_by(self, meta, children):
        return ("paid_by", children[0])

    def met_when(self, meta, children):
        return ("met_when", children[0])

    def tolerance(self, meta, children):
        return ("tolerance", children[0])

    def exact(self, meta, children):
        return ("exact", True)

    def late(self, meta, children):
        sev, msg = children
        return ("late", str(sev), self._message(msg) if msg else None)

    def pending(self, meta, children):
        until, msg = children
        return ast.Pending(until, self._message(msg) if msg else None, self._span(meta))

    # ------------------------------------------------------------------ consistency and examples

    def consistency(self, meta, children):
        cid, title, *clauses = children
        m, rest = self._meta_of(self._clauses(clauses))
        expects = tuple(c[1] for c in rest if c[0] == "expect")
        known = next((c[1] for c in rest if c[0] == "known"), None)
        return ast.Consistency(str(cid), unquote(title), expects, known, m, self._span(meta))

    def expect_holds(self, meta, children):
        return ("expect", children[0])

    def known(self, meta, children):
        return ("known", unquote(children[0]))

    def example(self, meta, children):
        eid, title, *clauses = children
        rules: tuple = ()
        as_of = None
        facts, expects = [], []
        for c in self._clauses(clauses):
            if isinstance(c, ast.ExampleFacts):
                facts.append(c)
            elif isinstance(c, ast.ExampleExpect):
                expects.append(c)
            elif c[0] == "rules":
                rules += c[1]
            elif c[0] == "as_of":
                as_of = c[1]
        return ast.Example(str(eid), unquote(title), rules, as_of, tuple(facts), tuple(expects), self._span(meta))

    def example_rules(self, meta, children):
        return ("rules", tuple(str(c) for c in children))

    def as_of(self, meta, children):
        return ("as_of", self._read(read_date, children[0]))

    def example_facts(self, meta, children):
        name, *rows = children
        return ast.ExampleFacts(str(name), tuple(rows), self._span(meta))

    def example_expect(self, meta, children):
        rid, status, *findings = children
        return ast.ExampleExpect(str(rid), str(status), tuple(self._clauses(findings)), self._span(meta))

    def expect_finding(self, meta, children):
        severity, *pairs = children
        subject, kw = [], {}
        for p in pairs:
            if p[0] == "subject":
                subject.append((p[1], p[2]))
            else:
                kw[p[0]] = p[1]
        return ast.ExpectFinding(str(severity) if severity else None, tuple(subject), span=self._span(meta), **kw)

    def subject_pair(self, meta, children):
        return ("subject", str(children[0]), children[1])

    def finding_expected(self, meta, children):
        return ("expected", children[0])

    def finding_actual(self, meta, children):
        return ("actual", children[0])

    def finding_due(self, meta, children):
        return ("due", children[0])

    # ------------------------------------------------------------------ expressions

    def where(self, meta, children):
        return ast.Where(children[0], children[1], self._span(meta))

    def otherwise(self, meta, children):
        return ast.Otherwise(children[0], children[1], self._span(meta))

    def or_(self, meta, children):
        return ast.Binary("or", children[0], children[1], self._span(meta))

    def and_(self, meta, children):
        return ast.Binary("and", children[0], children[1], self._span(meta))

    def not_(self, meta, children):
        return ast.Unary("not", children[0], self._span(meta))

    def comparison(self, meta, children):
        left, op, right, within = children
        return ast.Compare(_COMPARE[str(op)], left, right, within, self._span(meta), self._tok(op))

    def in_(self, meta, children):
        return ast.In(children[0], children[1], False, self._span(meta))

    def not_in(self, meta, children):
        return ast.In(children[0], children[1], True, self._span(meta))

    def is_missing(self, meta, children):
        return ast.IsMissing(children[0], False, self._span(meta))

    def is_present(self, meta, children):
        return ast.IsMissing(children[0], True, self._span(meta))

    def through(self, meta, children):
        return ast.Binary("through", children[0], children[1], self._span(meta))

    def binary(self, meta, children):
        left, op, right = children
        symbol = {"×": "*"}.get(str(op), str(op))
        return ast.Binary(symbol, left, right, self._span(meta), self._tok(op))

    def negate(self, meta, children):
        return ast.Unary("-", children[1], self._span(meta))

    def field(self, meta, children):
        return ast.Field(children[0], str(children[1]), self._span(meta))

    def lookup(self, meta, children):
        obj, _l, *keys = children
        return ast.Lookup(obj, tuple(k for k in keys[:-1] if k is not None), self._span(meta))

    def call(self, meta, children):
        name, _l, *args = children
        return ast.Call(str(name), tuple(a for a in args[:-1] if a is not None), self._span(meta), self._tok(name))

    def name(self, meta, children):
        return ast.Name(str(children[0]), self._span(meta))

    def list_(self, meta, children):
        _l, *items = children
        return ast.ListExpr(tuple(i for i in items[:-1] if i is not None), self._span(meta))

    def expr_atom(self, meta, children):  # ( expr )
        return children[1]

    def conditional(self, meta, children):
        return ast.Conditional(children[0], children[1], children[2], self._span(meta))

    # ------------------------------------------------------------------ literals

    def _read(self, reader, tok: Token):
        try:
            return reader(str(tok))
        except LiteralError as e:
            self._error("S106", f"cannot read `{tok}`: expected {e.expected}", self._tok(tok),
                        help=literal_help(_KINDS.get(reader, ""), str(tok), e.expected))
            return None

    def _literal(self, kind: str, reader, meta, tok: Token):
        value = self._read(reader, tok)
        return ast.Literal(kind, value, " ".join(str(tok).split()), self._span(meta))

    def money(self, meta, children):
        return self._literal("money", read_money_token, meta, children[0])

    def percent(self, meta, children):
        return self._literal("percent", read_percent, meta, children[0])

    def duration(self, meta, children):
        return self._literal("duration", read_duration, meta, children[0])

    def date(self, meta, children):
        return self._literal("date", read_date, meta, children[0])

    def decimal(self, meta, children):
        return self._literal("decimal", read_decimal, meta, children[0])

    def integer(self, meta, children):
        return self._literal("integer", read_int, meta, children[0])

    def text(self, meta, children):
        return ast.Literal("text", unquote(children[0]), str(children[0]), self._span(meta))

    def true(self, meta, children):
        return ast.Literal("bool", True, "true", self._span(meta))

    def false(self, meta, children):
        return ast.Literal("bool", False, "false", self._span(meta))
