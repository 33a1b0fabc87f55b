"""Named messages for common slips, matched on the failing token, its line and what the parser expected.

Lark's `match_examples` approach (examples/advanced/error_reporting_lalr.py) keys messages on parser
states; here the slips are few and recognisable from the token and its line, which keeps them readable.
Each hint is a terse message (what is wrong) and a help line (what to write instead), following the
house style: guidance goes in `help`, never in the message.  tests/cases/check has a file for each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Hint:
    message: str
    help: str


_THOUSANDS_WITH_DOTS = re.compile(r"(?<![\d.])\d{1,3}(?:[.,]\d{3}){2,}(?:[.,]\d{1,2})?\s*(?:€|k€|M€|EUR)")
# a number grouped by spaces, as only an amount with its unit may be (`1 287 000 €`)
_SPACED_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0]\d{3})+(?:[.,]\d+)?(?![\d.,]|[ \u00a0]?(?:[kM]?€|EUR|%))")
_KEYWORD_SLIPS = {
    "elif": Hint("`elif` is not a keyword", "write `else:` and an indented `if` inside it"),
    "elseif": Hint("`elseif` is not a keyword", "write `else:` and an indented `if` inside it"),
    "AND": Hint("`AND` is not an operator", "logic is written in lowercase: `and`"),
    "OR": Hint("`OR` is not an operator", "logic is written in lowercase: `or`"),
    "NOT": Hint("`NOT` is not an operator", "logic is written in lowercase: `not`"),
    "&&": Hint("`&&` is not an operator", "write `and`"),
    "||": Hint("`||` is not an operator", "write `or`"),
    "then": Hint("`then` without `if`", "a conditional value is written `if COND then A else B`"),
}
_BLOCK_WORDS = {"for": "for each", "if": "if", "else": "else"}


def hint_for(error, text: str) -> Hint | None:
    token = getattr(error, "token", None)
    if token is None:
        return None
    expected = set(getattr(error, "expected", None) or getattr(error, "accepts", None) or ())
    value = str(token.value)
    lines = text.split("\n")
    line = lines[token.line - 1] if token.line and 0 < token.line <= len(lines) else ""
    stripped = line.strip()
    if token.type == "EQ" and _prev_char(text, token) == "=":
        return Hint("`==` is not an operator", "compare with a single `=`: `a = b`")
    if token.type == "_NL" and "COLON" in expected:
        head = stripped.split()[0] if stripped else ""
        word = _BLOCK_WORDS.get(head)
        if word:
            return Hint(f"missing `:` at the end of the `{word}` line", "a line that opens a block ends with `:`")
        return Hint("missing `:` at the end of the line", "a line that opens a block ends with `:`")
    if value in _KEYWORD_SLIPS:
        return _KEYWORD_SLIPS[value]
    if stripped.startswith(("rule ", "consistency ", "example ")) and "RULE_ID" in expected:
        return Hint(f"`{value}` is not an id", "an id is lowercase words joined by hyphens, such as `invoice-paid`")
    if _THOUSANDS_WITH_DOTS.search(line):
        return Hint("an amount with dots or commas between thousands", "group thousands with spaces: `1 287 000 €`")
    if token.type in ("INT", "DECIMAL") and token.column:
        for m in _SPACED_NUMBER.finditer(line):
            if m.start() < token.column - 1 < m.end():  # `1 287 000`: the parser read `1` and stops at `287`
                number = " ".join(m.group().split())
                return Hint(f"`{number}` groups its thousands with spaces but has no unit",
                            f"write an amount with its unit, `{number} €`, or a number without spaces, "
                            f"`{number.replace(' ', '').replace(',', '.')}`")
    return None


def unclosed_bracket(text: str, pos: int) -> tuple[int, int, str] | None:
    """The innermost bracket still open at offset `pos`, as (line, column, bracket), when it was opened on
    an earlier line than `pos`: the parser then meets the next statement inside the brackets."""
    stack: list[tuple[int, str]] = []
    i = 0
    n = min(pos, len(text))
    while i < n:
        ch = text[i]
        if ch == "#":
            i = text.find("\n", i)
            if i < 0:
                break
        elif text.startswith('"""', i):
            end = text.find('"""', i + 3)
            i = n if end < 0 else end + 2
        elif ch == '"':
            m = re.compile(r'"(?:[^"\\\n]|\\.)*"?').match(text, i)
            i = m.end() - 1 if m else i
        elif ch == "|" and (i == 0 or text[text.rfind("\n", 0, i) + 1 : i].strip() == ""):
            i = text.find("\n", i)  # a table row
            if i < 0:
                break
        elif ch in "([":
            stack.append((i, ch))
        elif ch in ")]" and stack:
            stack.pop()
        i += 1
    if not stack:
        return None
    offset, bracket = stack[-1]
    if "\n" not in text[offset:pos]:
        return None
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    return line, column, bracket


def _prev_char(text: str, token) -> str:
    pos = getattr(token, "start_pos", None)
    return text[pos - 1] if pos else ""
