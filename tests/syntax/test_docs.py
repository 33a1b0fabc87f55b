"""docs/language.md stays true to the implementation: its operator, function and code tables are
generated from operators.BINARY, check.functions.FUNCTIONS and codes.py, and its ```rules examples
parse, check and are already in the canonical layout.  `pytest --update-goldens` rewrites the tables."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest

from digione_rules import codes, operators
from digione_rules import types as T
from digione_rules.book import load_rule_book
from digione_rules.check import check_book
from digione_rules.check.functions import FUNCTIONS
from digione_rules.diagnostics import Sink
from digione_rules.fmt import format_text
from digione_rules.literals import DAYS

DOC = Path(__file__).resolve().parents[2] / "docs" / "language.md"


def _sample(name: str):
    if name == "ListOf":
        return T.ListOf(T.TEXT)
    return T.duration(DAYS) if name == "duration" else T.SCALARS[name]


def operator_table() -> str:
    rows = ["| left | operator | right | result |", "|---|---|---|---|"]
    for (op, left, right), entry in operators.BINARY.items():
        result = entry.result(_sample(left), _sample(right))
        shown = "`duration` (same unit)" if "duration" in (left, right) and left != "date" and right != "date" \
            else f"`{result}`"
        if left == "ListOf":
            left = right = "list of T"
            shown = "`list of T`"
        rows.append(f"| `{left}` | `{op}` | `{right}` | {shown} |")
    return "\n".join(rows)


def function_table() -> str:
    return "\n".join(["| function | gives |", "|---|---|"] + [f"| `{k}` | {v} |" for k, v in FUNCTIONS.items()])


def code_table() -> str:
    rows = ["| code | name | meaning |", "|---|---|---|"]
    return "\n".join(rows + [f"| {c.code} | {c.slug} | {c.description} |" for c in codes.CODES.values()])


SECTIONS = {"operators": operator_table, "functions": function_table, "codes": code_table}


@pytest.mark.parametrize("name", SECTIONS)
def test_generated_table_matches_the_doc(name, update_goldens):
    """The doc's table between its markers is the one generated from the code."""
    text = DOC.read_text(encoding="utf-8")
    pattern = re.compile(rf"(<!-- {name}:start -->\n)(.*?)(\n<!-- {name}:end -->)", re.S)
    assert pattern.search(text), f"no {name} markers in language.md"
    if update_goldens:
        text = pattern.sub(lambda m: m.group(1) + SECTIONS[name]() + m.group(3), text)
        DOC.write_text(text, encoding="utf-8")
    assert pattern.search(text).group(2) == SECTIONS[name]()


def _examples() -> list[str]:
    return re.findall(r"```rules\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("example", _examples(), ids=lambda e: e.split("\n")[0][:40])
def test_doc_example_is_canonical_and_checks(example):
    """Each ```rules example in the reference parses, is in fmt's layout, and checks without errors."""
    result = format_text(example, "example.rules")
    assert result.ok, [d.concise() for d in result.diagnostics]
    assert result.text == example
    if "include" in example:
        return
    with tempfile.TemporaryDirectory() as d:
        Path(d, "main.rules").write_text(example, encoding="utf-8")
        sink = Sink()
        check_book(load_rule_book(Path(d), sink), sink)
        assert not sink.has_errors, [x.concise() for x in sink.items]


def test_every_code_is_documented_in_the_reference():
    """Each diagnostic code appears in the reference's code list."""
    text = DOC.read_text(encoding="utf-8")
    assert all(f"| {c} |" in text for c in codes.CODES)
