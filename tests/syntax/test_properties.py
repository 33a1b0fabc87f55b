"""Hypothesis properties of the front end: the formatter keeps meaning and is idempotent, and no input
makes the parser or loader raise anything but the tool's own diagnostics."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digione_rules.book import load_rule_book
from digione_rules.check import check_book
from digione_rules.diagnostics import Sink
from digione_rules.fmt import format_text, print_module
from digione_rules.source import Source
from digione_rules.syntax.parser import parse_module

from .strategies import expressions, modules

EXAMPLES = int(os.environ.get("DIGIONE_HYPOTHESIS_EXAMPLES", "150"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def parse(text: str):
    sink = Sink()
    parsed = parse_module(Source("gen.rules", text), sink)
    assert not sink.items, [d.concise() for d in sink.items] + [text]
    return parsed


@SETTINGS
@given(modules)
def test_printed_module_parses_back_to_itself(module):
    """parse(print(ast)) == ast for generated modules."""
    text = print_module(module)
    assert parse(text).module == module, text


@SETTINGS
@given(modules)
def test_formatting_is_idempotent(module):
    """fmt(fmt(x)) == fmt(x), and the canonical print is already a fixed point."""
    text = print_module(module)
    once = format_text(text, "gen.rules")
    assert once.ok, [d.concise() for d in once.diagnostics]
    assert once.text == text
    assert format_text(once.text, "gen.rules").text == once.text


def _with_comments(text: str, picks: list[tuple[int, bool, int]]) -> str:
    """Insert comments at the chosen lines: trailing (after the code) or on a line of their own."""
    lines = text.split("\n")
    in_long = [False] * len(lines)
    inside = False
    for i, line in enumerate(lines):
        opened = line.count('"""') % 2 == 1
        in_long[i] = inside or '"""' in line
        if opened:
            inside = not inside
    out = list(lines)
    for k, (at, trailing, indent) in enumerate(sorted(picks, reverse=True)):
        i = at % max(len(lines), 1)
        if in_long[i] or (i > 0 and in_long[i - 1] and not trailing):
            continue
        if trailing:
            if lines[i].strip():  # a table row's too: it ends with `|`, and a comment may follow
                out[i] = out[i] + f"  # t{k}"
        else:
            out.insert(i, " " * (4 * indent) + f"# c{k}")
    return "\n".join(out)


@SETTINGS
@given(modules, st.lists(st.tuples(st.integers(0, 200), st.booleans(), st.integers(0, 3)), max_size=6))
def test_formatting_with_comments_keeps_meaning_and_is_idempotent(module, picks):
    """With comments anywhere, fmt keeps the module and every comment, and fmt(fmt(x)) == fmt(x)."""
    text = _with_comments(print_module(module), picks)
    parsed = parse(text)
    once = format_text(text, "gen.rules")
    assert once.ok, [d.concise() for d in once.diagnostics] + [text]
    again = parse(once.text)
    assert again.module == parsed.module
    assert sorted(c.text for c in again.comments) == sorted(c.text for c in parsed.comments)
    assert format_text(once.text, "gen.rules").text == once.text, once.text


_ITEMS = ["Espoo", "Oulu", "Tampere", "Turku", "Vantaa", "Lahti"]


def _bracketed(items: list[str], comments: list[tuple[int, bool]], where: bool) -> str:
    """A parameter whose list (or a rule whose `where ( … )` condition) is written one item per line,
    with comments after items (trailing) or on lines of their own before them, numbered in reading order."""
    if where:
        body = [f"payer = {items[0]}"] + [f"or payer = {p}" for p in items[1:]]
        head, tail, indent = "        let paid = sum(payments.amount where (", "        ))", "            "
    else:
        body = [f"{p}," for p in items[:-1]] + [items[-1]]
        head, tail, indent = "parameter pioneers: list of party = [", "]", "    "
    lines = [indent + b for b in body]
    for at, trailing in sorted(comments, reverse=True):
        i = at % len(lines)
        if trailing and "#" not in lines[i]:
            lines[i] += "  # c"
        elif not trailing:
            lines.insert(i, indent + "# c")
    n = 0
    for i, line in enumerate(lines):
        if "# c" in line:
            lines[i] = line.replace("# c", f"# c{n}")
            n += 1
    parties = "".join(f"party {p}\n" for p in _ITEMS)
    if where:
        return (f'document d "D"\n\n{parties}\nfacts payments\n    dated by date\n    date: date required\n'
                f'    payer: party required\n    amount: money required\n\nrule r "t"\n    severity error\n'
                f'    source d\n    for each year y in [2024]:\n{head}\n' + "\n".join(lines)
                + f"\n{tail}\n        require paid > 0 €\n")
    return f'document d "D"\n\n{parties}\n{head}\n' + "\n".join(lines) + f"\n{tail}\n    source d\n"


@SETTINGS
@given(st.lists(st.sampled_from(_ITEMS), min_size=2, max_size=6, unique=True),
       st.lists(st.tuples(st.integers(0, 20), st.booleans()), min_size=1, max_size=6), st.booleans())
def test_comments_inside_brackets_keep_their_order(items, comments, where):
    """Comments inside a bracketed list or a `where ( … )` condition written over several lines are all
    kept, in the order they were written, and formatting again changes nothing."""
    text = _bracketed(items, comments, where)
    written = [c.text for c in parse(text).comments]
    once = format_text(text, "gen.rules")
    assert once.ok, [d.concise() for d in once.diagnostics] + [text]
    assert [c.text for c in parse(once.text).comments] == written, once.text
    assert format_text(once.text, "gen.rules").text == once.text, once.text


@SETTINGS
@given(expressions)
def test_printed_expression_parses_back(expr):
    """Every generated expression prints to text that parses back to the same expression."""
    from digione_rules.syntax.parser import parse_expression
    from digione_rules.syntax.printer import expr_text

    assert parse_expression(expr_text(expr)) == expr


TOKENS = ["rule", "parameter", "table", "facts", "include", "document", "party", "enum", "consistency",
          "example", "let", "require", "for", "each", "in", "if", "else", ":", "where", "and", "or", "not",
          "(", ")", "[", "]", ",", "=", "==", "<=", "+", "-", "*", "/", "a", "payments", "x-y", "\"t\"",
          '"""q"""', "5 €", "50 %", "31.12.2029", "30 days", "12", "1.5", "§ 6.3", "|", "| a | b |", "#",
          "\n", "\n    ", "\n        ", "\t", "{", "}", "obligation", "due", "message", "severity", "error",
          "source", "quote", "value", "from", "money", "list", "of", "by", "within", "is", "missing", "through"]


def _never_raises(text: str) -> None:
    sink = Sink()
    parse_module(Source("soup.rules", text), sink)
    format_text(text, "soup.rules")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=60))
def test_token_soup_gives_only_diagnostics(tokens):
    """A soup of the language's tokens never makes the parser or formatter raise."""
    _never_raises(" ".join(tokens))
    _never_raises("".join(tokens))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_gives_only_diagnostics(text):
    """Any text never makes the parser or formatter raise."""
    _never_raises(text)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300) | st.lists(st.sampled_from(TOKENS), max_size=40).map(lambda t: " ".join(t).encode()))
def test_arbitrary_bytes_through_the_loader_and_checker(data):
    """Any bytes as a rule book's main file end in diagnostics, never an exception."""
    with tempfile.TemporaryDirectory() as d:
        Path(d, "main.rules").write_bytes(data)
        sink = Sink()
        loaded = load_rule_book(Path(d), sink)
        if loaded is not None:
            check_book(loaded, sink)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(modules)
def test_checker_never_raises_on_generated_modules(module):
    """The checker and lint report on any well-formed module and never raise."""
    import datetime as _dt

    from digione_rules.lint import lint_book

    with tempfile.TemporaryDirectory() as d:
        Path(d, "main.rules").write_text(print_module(module), encoding="utf-8")
        sink = Sink()
        loaded = load_rule_book(Path(d), sink)
        book = check_book(loaded, sink)
        if not sink.has_errors:
            lint_book(book, sink, _dt.date(2025, 1, 1))
