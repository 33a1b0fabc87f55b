"""Build _generated.py, the standalone LALR parser, from grammar.lark (needs `lark` installed).

    python -m digione_rules.syntax.generate          # write it, if the grammar changed since
    python -m digione_rules.syntax.generate --check  # exit 1 if it is out of date

The generated parser is committed: a run of the tool needs neither lark's grammar compiler nor a parser
cache (Lark's cache is a pickle in a shared temporary folder, which this project does not load).
Lark numbers states and tokens in an order that varies between compilations, so regenerating after a
grammar change rewrites the whole tables file; the grammar's hash in the module's first line is what
`--check` (and the test suite) compare.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
GRAMMAR = HERE / "grammar.lark"
OUTPUT = HERE / "_generated.py"
TABLES = HERE / "_parser_tables.json"

# The parse tables are data, kept in JSON beside the module: json.loads reads them in a few
# milliseconds, where Python builds the same literal in the module in some 170 ms on every start.
_LOAD_TABLES = """
import json as _json
import os as _os


def _restore_tables(data, memo):
    \"\"\"JSON has no int keys or tuples: put back the ones the LALR tables use.\"\"\"
    table = data["parser"]["parser"]
    table["tokens"] = {int(k): v for k, v in table["tokens"].items()}
    table["states"] = {int(s): {int(t): tuple(a) for t, a in acts.items()} for s, acts in table["states"].items()}
    memo = {int(k): v for k, v in memo.items()}
    for item in memo.values():
        options = item.get("options")
        if isinstance(options, dict) and isinstance(options.get("empty_indices"), list):
            options["empty_indices"] = tuple(options["empty_indices"])
    return data, memo


with open(_os.path.join(_os.path.dirname(__file__), "_parser_tables.json"), encoding="utf-8") as _f:
    DATA, MEMO = _restore_tables(*_json.load(_f))
"""


def _grammar_hash() -> str:
    return hashlib.sha256(GRAMMAR.read_bytes()).hexdigest()


def generate() -> tuple[str, str]:
    """The generated module's code and its parse tables as JSON."""
    from lark import Lark
    from lark.grammar import Rule
    from lark.lexer import TerminalDef
    from lark.tools.standalone import gen_standalone

    # The parse tables do not depend on the post-lexer; parser.py passes the Indenter at run time.
    parser = Lark(
        GRAMMAR.read_text(encoding="utf-8"),
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=True,
        start=["start", "expr"],
    )
    out = io.StringIO()
    gen_standalone(parser, out=out)
    # The Lark class's cache and save/load paths use pickle; this project never calls them, and the
    # module does not import pickle, so they cannot run.
    code = out.getvalue().replace("import pickle, zlib, base64\n", "import zlib, base64\n")
    start, end = code.index("\nDATA = ("), code.index("\nShift = 0")
    code = code[:start] + "\n" + _LOAD_TABLES + code[end:]
    data, memo = parser.memo_serialize([TerminalDef, Rule])
    tables = json.dumps([data, memo], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    namespace: dict = {}
    exec(compile(_LOAD_TABLES.split("\n\nwith open")[0], "<tables>", "exec"), namespace)  # our own code
    # INVARIANT: the tables read back from JSON are exactly the ones Lark serialised
    assert namespace["_restore_tables"](*json.loads(tables)) == (data, memo)
    header = f"# Generated from grammar.lark (sha256 {_grammar_hash()}) by digione_rules.syntax.generate.\n# Do not edit.\n# fmt: off\n"
    return header + code, tables


def is_current() -> bool:
    return OUTPUT.exists() and _grammar_hash() in OUTPUT.read_text(encoding="utf-8")[:300]


def main(argv: list[str]) -> int:
    if "--check" in argv:
        if is_current():
            return 0
        print("_generated.py is out of date: run python -m digione_rules.syntax.generate", file=sys.stderr)
        return 1
    if is_current() and "--force" not in argv:
        # (Lark numbers states in an order that varies from one compilation to the next: the same grammar
        # would give other, equivalent tables, a 400 kB change for nothing)
        print("_generated.py is up to date with grammar.lark (--force writes it again)", file=sys.stderr)
        return 0
    code, tables = generate()
    OUTPUT.write_text(code, encoding="utf-8")
    TABLES.write_text(tables + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
