"""Print expressions back as rule-language text, with only the parentheses precedence needs.

Used by the formatter, by `explain`, and for default messages (`grant <= limit` does not hold).
"""

from __future__ import annotations

from .. import ast
from ..literals import Duration, format_date, format_money_literal, format_percent_literal

# binding strength: higher binds tighter
_PREC = {
    "where": 1, "otherwise": 2, "or": 3, "and": 4, "not": 5, "compare": 6, "through": 7,
    "+": 8, "-": 8, "*": 9, "/": 9, "neg": 10, "atom": 11,
}


def literal_text(lit: ast.Literal) -> str:
    """The canonical spelling of a literal: `1 287 000 €`, `2 M€` (kept), `50 %`, `31.12.2029`."""
    v = lit.value
    if lit.kind == "money":
        if lit.text.rstrip().endswith(("M€", "k€")):
            number, unit = lit.text.rstrip()[:-2].strip(), lit.text.rstrip()[-2:]
            return f"{number.replace('.', ',')} {unit}"
        return format_money_literal(v) if v is not None else lit.text
    if lit.kind == "percent":
        return format_percent_literal(v) if v is not None else lit.text
    if lit.kind == "date":
        return format_date(v) if v is not None else lit.text
    if lit.kind == "duration":
        return str(v) if isinstance(v, Duration) else lit.text
    if lit.kind == "text":
        return quote_text(v)
    if lit.kind == "bool":
        return "true" if v else "false"
    if lit.kind == "decimal":
        return f"{v}" if v is not None else lit.text
    return str(v) if v is not None else lit.text


def quote_text(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def _prec(e: ast.Expr) -> int:
    if isinstance(e, ast.Where):
        return _PREC["where"]
    if isinstance(e, ast.Otherwise):
        return _PREC["otherwise"]
    if isinstance(e, ast.Binary):
        return _PREC.get(e.op, _PREC["+"])
    if isinstance(e, ast.Unary):
        return _PREC["not"] if e.op == "not" else _PREC["neg"]
    if isinstance(e, (ast.Compare, ast.In, ast.IsMissing)):
        return _PREC["compare"]
    if isinstance(e, ast.Conditional):
        return 0
    return _PREC["atom"]


def expr_text(e: ast.Expr) -> str:
    return _print(e)


def operand_text(e: ast.Expr, min_prec: int) -> str:
    """`e` as an operand of an operator of binding strength `min_prec`: in parentheses when it binds looser."""
    return _wrap(e, min_prec)


def precedence(op: str) -> int:
    """The binding strength of an operator (`and`, `or`, `+`…): higher binds tighter."""
    return _PREC[op]


def _wrap(e: ast.Expr, min_prec: int) -> str:
    text = _print(e)
    return f"({text})" if _prec(e) < min_prec else text


def _print(e: ast.Expr) -> str:
    if isinstance(e, ast.Literal):
        return literal_text(e)
    if isinstance(e, ast.Name):
        return e.name
    if isinstance(e, ast.Field):
        return f"{_wrap(e.obj, _PREC['atom'])}.{e.name}"
    if isinstance(e, ast.Lookup):
        return f"{_wrap(e.obj, _PREC['atom'])}[{', '.join(_print(k) for k in e.keys)}]"
    if isinstance(e, ast.Call):
        return f"{e.func}({', '.join(_print(a) for a in e.args)})"
    if isinstance(e, ast.ListExpr):
        return f"[{', '.join(_print(i) for i in e.items)}]"
    if isinstance(e, ast.Unary):
        if e.op == "not":
            return f"not {_wrap(e.operand, _PREC['not'])}"
        return f"-{_wrap(e.operand, _PREC['neg'])}"
    if isinstance(e, ast.Binary):
        p = _prec(e)
        # left-associative: the right operand needs parentheses at equal precedence; `through` is not
        # associative at all
        left_min = p + 1 if e.op == "through" else p
        return f"{_wrap(e.left, left_min)} {e.op} {_wrap(e.right, p + 1)}"
    if isinstance(e, ast.Compare):
        p = _PREC["compare"] + 1
        text = f"{_wrap(e.left, p)} {e.op} {_wrap(e.right, p)}"
        if e.within is not None:
            text += f" within {_wrap(e.within, p)}"
        return text
    if isinstance(e, ast.In):
        p = _PREC["compare"] + 1
        return f"{_wrap(e.item, p)} {'not in' if e.negated else 'in'} {_wrap(e.collection, p)}"
    if isinstance(e, ast.IsMissing):
        return f"{_wrap(e.operand, _PREC['compare'] + 1)} is {'present' if e.negated else 'missing'}"
    if isinstance(e, ast.Where):
        return f"{_wrap(e.source, _PREC['otherwise'])} where {_wrap(e.condition, _PREC['otherwise'])}"
    if isinstance(e, ast.Otherwise):
        return f"{_wrap(e.value, _PREC['or'])} otherwise {_wrap(e.fallback, _PREC['otherwise'])}"
    if isinstance(e, ast.Conditional):
        return f"if {_print(e.condition)} then {_print(e.then)} else {_print(e.orelse)}"
    raise TypeError(type(e).__name__)
