"""Build _generated.py, the standalone LALR parser, from grammar.lark (needs `lark` installed).

    python -m digione_rules.syntax.generate          # write it
    python -m digione_rules.syntax.generate --check  # exit 1 if it is out of date

The generated parser is committed: a run of the tool needs neither lark's grammar compiler nor a parser
cache (Lark's cache is a pickle in a shared temporary folder, which this project does not load).
"""

from __future__ import annotations

import hashlib
import io
import sys
from pathlib import Path

HERE = Path(__file__).parent
GRAMMAR = HERE / "grammar.lark"
OUTPUT = HERE / "_generated.py"


def _grammar_hash() -> str:
    return hashlib.sha256(GRAMMAR.read_bytes()).hexdigest()


def generate() -> str:
    from lark import Lark
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
    header = f"# Generated from grammar.lark (sha256 {_grammar_hash()}) by digione_rules.syntax.generate.\n# Do not edit.\n# fmt: off\n"
    return header + code


def is_current() -> bool:
    return OUTPUT.exists() and _grammar_hash() in OUTPUT.read_text(encoding="utf-8")[:300]


def main(argv: list[str]) -> int:
    if "--check" in argv:
        if is_current():
            return 0
        print("_generated.py is out of date: run python -m digione_rules.syntax.generate", file=sys.stderr)
        return 1
    OUTPUT.write_text(generate(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
