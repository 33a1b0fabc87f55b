"""Named messages for common slips, matched on the failing token and what the parser expected.

Lark's `match_examples` approach (examples/advanced/error_reporting_lalr.py) keys messages on parser
states; here the slips are few and recognisable from the token itself, which keeps them readable.
"""

from __future__ import annotations

import re


def hint_for(error, text: str) -> str | None:
    token = getattr(error, "token", None)
    if token is None:
        return None
    expected = set(getattr(error, "expected", None) or getattr(error, "accepts", None) or ())
    value = str(token.value)
    line = text.splitlines()[token.line - 1] if token.line and token.line <= text.count("\n") + 1 else ""
    stripped = line.strip()
    if token.type == "EQ" and value == "=" and _prev_char(text, token) == "=":
        return "`==` is written `=` in this language"
    if token.type == "_NL" and "COLON" in expected:
        head = stripped.split()[0] if stripped else ""
        if head in ("for", "if", "else"):
            return f"a `{'for each' if head == 'for' else head}` line ends with `:`"
        return "this line should end with `:`"
    if token.type == "_INDENT":
        return "unexpected indentation: this line is indented more than the block it belongs to"
    if stripped.startswith("rule ") and "RULE_ID" in expected:
        return "a rule id is lowercase words joined by hyphens, such as `invoice-paid`"
    if token.type == "NAME" and value in ("elif", "elseif"):
        return "write `else:` and an indented `if` inside it"
    if token.type in ("NAME", "RULE_ID") and value in ("AND", "OR", "NOT", "&&", "||"):
        return "logic is written `and`, `or`, `not`"
    if re.fullmatch(r"\d+[.,]\d{3}[.,]\d{3}.*", value):
        return "group thousands with spaces: `1 287 000 €`"
    if token.type == "STRING" and "STRING" not in expected and stripped.startswith(("message", "quote")):
        return None
    return None


def _prev_char(text: str, token) -> str:
    pos = getattr(token, "start_pos", None)
    return text[pos - 1] if pos else ""
