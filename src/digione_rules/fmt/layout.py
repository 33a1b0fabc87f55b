"""Print a module's declarations in the canonical layout, as `Line`s that know their source lines.

One method per declaration and statement, named after the AST node.  Clauses come in one order:

- rules, parameters, tables, fact tables and consistency checks: `severity`, `source`s, `quote`,
  `interpretation`, then the rest (values, rows, columns, statements, `expect`s, `known`);
- `require`: `message`, `expected`, `actual`, `severity`;
- `obligation`: `amount`, `due`, `paid by`, `met when`, `tolerance`, `exact`, `late`, `message`;
- examples: `rules`, `as of`, `facts`, `expect`; findings: severity, subject, `expected`, `actual`, `due`.

Expressions and literals are printed by syntax/printer.py (canonical spellings, minimal parentheses).
"""

from __future__ import annotations

from .. import ast
from ..literals import format_date
from ..source import Span
from ..syntax.printer import expr_text, quote_text
from . import wrap
from .lines import Line, SourceLines

class Layout:
    def __init__(self, src: SourceLines):
        self.src = src
        self.out: list[Line] = []

    # ------------------------------------------------------------------ helpers

    def emit(self, depth: int, text: str, first: int = 0, last: int = 0, blank: bool = False) -> Line:
        line = Line(depth, text, first, last or first, blank)
        self.out.append(line)
        return line

    def at(self, depth: int, text: str, span: Span | None, blank: bool = False) -> Line:
        if span is None or span.line <= 0:
            return self.emit(depth, text, blank=blank)
        return self.emit(depth, text, span.line, self.src.last_line(span), blank)

    def clause(self, depth: int, text: str, keyword: str, within: Span) -> Line:
        """A clause the AST keeps no span for: its source lines are found by its keyword."""
        first, last = self.src.find(keyword, within.line, self.src.last_line(within))
        return self.emit(depth, text, first, last)

    def expr(self, prefix: str, e: ast.Expr, suffix: str, depth: int, span: Span | None, header_of: Span | None = None):
        first = (header_of or span).line if (header_of or span) else 0
        last = self.src.last_line(e.span) if e.span.line > 0 else first
        text = wrap.expression(prefix, e, suffix, depth)
        return self.emit(depth, text, first, max(first, last) if first else 0)

    def meta(self, m: ast.Meta, depth: int, within: Span) -> None:
        if m.severity is not None:
            self.at(depth, f"severity {m.severity}", m.severity_span)
        for c in m.sources:
            self.at(depth, citation(c), c.span)
        if m.quote is not None:
            self.clause(depth, wrap.long_text("quote", m.quote, depth), "quote", within)
        if m.interpretation is not None:
            self.clause(depth, wrap.long_text("interpretation", m.interpretation, depth), "interpretation", within)

    # ------------------------------------------------------------------ module

    def module(self, module: ast.Module) -> list[Line]:
        """Declarations one blank line apart, except a run of one-line declarations of one kind (includes,
        parties without clauses) written together, which stays together."""
        previous, previous_lines = None, 0
        for item in module.items:
            start = len(self.out)
            getattr(self, type(item).__name__.lower())(item)
            head = self.out[start] if len(self.out) > start else None
            if head is not None and previous is not None:
                together = type(item) is type(previous) and previous_lines == 1 and "\n" not in self.out[start - 1].text
                head.blank_before = not together or self.src.blank(item.span.line - 1)
            previous, previous_lines = item, len(self.out) - start
        return self.out

    # ------------------------------------------------------------------ declarations

    def include(self, d: ast.Include) -> None:
        self.at(0, f"include {quote_text(d.path)}", d.span)

    def document(self, d: ast.Document) -> None:
        self.emit(0, f"document {d.name} {quote_text(d.cite)}", d.span.line)
        if d.file is not None:
            self.clause(1, f"file {quote_text(d.file)}", "file", d.span)
        if d.title is not None:
            self.clause(1, f"title {quote_text(d.title)}", "title", d.span)

    def party(self, d: ast.Party) -> None:
        canonical = f" {quote_text(d.canonical)}" if d.canonical is not None else ""
        self.emit(0, f"party {d.name}{canonical}", d.span.line)
        if d.business_id is not None:
            self.at(1, f"business id {d.business_id}", d.business_id_span)
        if d.aliases:
            first, _ = self.src.find("aliases", d.span.line, self.src.last_line(d.span), nth_from_end=False)
            _, last = self.src.find("aliases", d.span.line, self.src.last_line(d.span))
            self.emit(1, "aliases " + ", ".join(quote_text(a) for a in d.aliases), first, last)

    def enum(self, d: ast.Enum) -> None:
        self.emit(0, f"enum {d.name}", d.span.line)
        for m in d.members:
            aliases = (" " + ", ".join(quote_text(a) for a in m.aliases)) if m.aliases else ""
            self.at(1, f"{m.name}{aliases}", m.span)

    def parameter(self, d: ast.Parameter) -> None:
        head = f"parameter {d.name}: {d.type}"
        if d.value is not None:
            self.expr(f"{head} = ", d.value, "", 0, d.span)
        else:
            self.emit(0, head, d.span.line)
        self.meta(d.meta, 1, d.span)
        for pv in d.history:
            since = f" from {expr_text(pv.since)}" if pv.since is not None else ""
            self.at(1, f"value {expr_text(pv.value)}{since}", pv.span)

    def table(self, d: ast.Table) -> None:
        keys = ", ".join(f"{k.name} in {k.domain}" for k in d.keys)
        self.emit(0, f"table {d.name}: {d.value_type} by {keys}", d.span.line)
        self.meta(d.meta, 1, d.span)
        self.rows(d.rows, 1, header=len(d.keys) == 2)

    def rows(self, rows: tuple[ast.TableRow, ...], depth: int, header: bool) -> None:
        for row, text in zip(rows, wrap.table_rows(rows, header)):
            self.at(depth, text, row.span)

    def facts(self, d: ast.Facts) -> None:
        label = f" {quote_text(d.label)}" if d.label is not None else ""
        self.emit(0, f"facts {d.name}{label}", d.span.line)
        self.meta(d.meta, 1, d.span)
        if d.dated_by is not None:
            self.clause(1, f"dated by {d.dated_by}", "dated", d.span)
        for c in d.columns:
            self.at(1, column(c), c.span)

    def rule(self, d: ast.Rule) -> None:
        self.emit(0, f"rule {d.id} {quote_text(d.title)}", d.span.line)
        self.meta(d.meta, 1, d.span)
        if d.optional:
            self.clause(1, "optional " + ", ".join(d.optional), "optional", d.span)
        self.block(d.body, 1)

    def consistency(self, d: ast.Consistency) -> None:
        self.emit(0, f"consistency {d.id} {quote_text(d.title)}", d.span.line)
        self.meta(d.meta, 1, d.span)
        for e in d.expects:
            self.expr("expect ", e, "", 1, e.span)
        if d.known is not None:
            self.clause(1, wrap.long_text("known", d.known, 1), "known", d.span)

    def example(self, d: ast.Example) -> None:
        self.emit(0, f"example {d.id} {quote_text(d.title)}", d.span.line)
        if d.rules:
            first, _ = self.src.find("rules", d.span.line, self.src.last_line(d.span), nth_from_end=False)
            _, last = self.src.find("rules", d.span.line, self.src.last_line(d.span))
            self.emit(1, "rules " + ", ".join(d.rules), first, last)
        if d.as_of is not None:
            self.clause(1, f"as of {format_date(d.as_of)}", "as", d.span)
        for f in d.facts:
            self.emit(1, f"facts {f.table}", f.span.line)
            self.rows(f.rows, 2, header=True)
        for x in d.expects:
            self.emit(1, f"expect {x.rule} {x.status}", x.span.line)
            for finding in x.findings:
                self.at(2, finding_text(finding), finding.span)

    # ------------------------------------------------------------------ statements

    def block(self, stmts: tuple, depth: int) -> None:
        for s in stmts:
            start = len(self.out)
            getattr(self, "_" + type(s).__name__.lower())(s, depth)
            if len(self.out) > start and self.src.blank(s.span.line - 1) and start and self.out[start - 1].depth >= depth:
                self.out[start].blank_before = True

    def _let(self, s: ast.Let, depth: int) -> None:
        self.expr(f"let {s.name} = ", s.value, "", depth, s.span)

    def _foreach(self, s: ast.ForEach, depth: int) -> None:
        self.expr(f"for each {s.key} {s.var} in ", s.collection, ":", depth, s.span)
        self.block(s.body, depth + 1)

    def _if(self, s: ast.If, depth: int) -> None:
        self.expr("if ", s.condition, ":", depth, s.span)
        self.block(s.body, depth + 1)
        if s.orelse:
            n = s.orelse[0].span.line - 1
            while n > s.span.line and not self.src.get(n).strip().startswith("else"):
                n -= 1
            self.emit(depth, "else:", n, n)
            self.block(s.orelse, depth + 1)

    def _require(self, s: ast.Require, depth: int) -> None:
        self.expr("require ", s.condition, "", depth, s.span)
        if s.message is not None:
            self.at(depth + 1, f"message {quote_text(s.message.text)}", s.message.span)
        if s.expected is not None:
            self.expr("expected ", s.expected, "", depth + 1, s.expected.span)
        if s.actual is not None:
            self.expr("actual ", s.actual, "", depth + 1, s.actual.span)
        if s.severity is not None:
            self.clause(depth + 1, f"severity {s.severity}", "severity", s.span)

    def _obligation(self, s: ast.Obligation, depth: int) -> None:
        title = f" {quote_text(s.title.text)}" if s.title is not None else ""
        self.emit(depth, f"obligation{title}", s.span.line)
        inner = depth + 1
        for word, e in (("amount", s.amount), ("due", s.due), ("paid by", s.paid_by), ("met when", s.met_when),
                        ("tolerance", s.tolerance)):
            if e is not None:
                self.expr(word + " ", e, "", inner, e.span)
        if s.exact:
            self.clause(inner, "exact", "exact", s.span)
        if s.late_severity is not None:
            msg = f" {quote_text(s.late_message.text)}" if s.late_message is not None else ""
            self.clause(inner, f"late {s.late_severity}{msg}", "late", s.span)
        if s.message is not None:
            self.at(inner, f"message {quote_text(s.message.text)}", s.message.span)
        if s.expected is not None:
            self.expr("expected ", s.expected, "", inner, s.expected.span)
        if s.actual is not None:
            self.expr("actual ", s.actual, "", inner, s.actual.span)

    def _pending(self, s: ast.Pending, depth: int) -> None:
        msg = f" {quote_text(s.message.text)}" if s.message is not None else ""
        if s.until is None:
            self.at(depth, f"pending{msg}", s.span)
        else:
            self.expr("pending until ", s.until, msg, depth, s.span)


# ---------------------------------------------------------------------------------------- pieces


def citation(c: ast.Citation) -> str:
    text = f"source {c.document}"
    if c.section:
        text += f" {c.section}"
    if c.heading is not None:
        text += f" {quote_text(c.heading)}"
    return text


def column(c: ast.Column) -> str:
    parts = [f"{c.name}: {c.type}"]
    if c.required:
        parts.append("required")
    elif c.required_when is not None:
        parts.append(f"required when {expr_text(c.required_when)}")
    if c.unique:
        parts.append("unique")
    if c.positive:
        parts.append("positive")
    if c.default is not None:
        parts.append(f"default {expr_text(c.default)}")
    if c.choices:
        parts.append("one of " + ", ".join(quote_text(v) for v in c.choices))
    if c.references is not None:
        parts.append(f"references {c.references[0]}.{c.references[1]}")
    if c.aliases:
        parts.append("alias " + ", ".join(quote_text(a) for a in c.aliases))
    return " ".join(parts)


def finding_text(f: ast.ExpectFinding) -> str:
    parts = ["finding"]
    if f.severity is not None:
        parts.append(f.severity)
    parts += [f"{key} {_atom(value)}" for key, value in f.subject]
    for word, e in (("expected", f.expected), ("actual", f.actual), ("due", f.due)):
        if e is not None:
            parts.append(f"{word} {_atom(e)}")
    return " ".join(parts)


def _atom(e: ast.Expr) -> str:
    """A finding's values are atoms in the grammar (no `.field`, `[key]` or call without parentheses)."""
    text = expr_text(e)
    return text if isinstance(e, (ast.Literal, ast.Name, ast.ListExpr)) else f"({text})"
