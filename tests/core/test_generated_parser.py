"""The committed parser is built from the committed grammar, and the tool never loads pickles."""

from __future__ import annotations

import subprocess
import sys

from digione_rules.syntax import generate


def test_generated_parser_matches_grammar():
    """_generated.py records the hash of grammar.lark it was built from."""
    assert generate.is_current(), "run: python -m digione_rules.syntax.generate"


def test_check_imports_no_pickle(tmp_path):
    """A full `check` run never imports pickle (no cache or data file can execute code).  Only a load
    shared with a child process (facts/parallel.py, files of 8 MB and more) takes the child's tables
    pickled through the pipe it made for it."""
    (tmp_path / "payments.csv").write_text("id,date,kind,payer,payee,amount\nP1,2024-01-01,grant,BF,Vantaa,1\n")
    code = (
        "import sys\n"
        "from digione_rules.cli import main\n"
        f"main(['check', {str(tmp_path)!r}, '--format', 'json', '--as-of', '2025-01-01'])\n"
        "print('pickle' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out.strip().endswith("False")
