"""`digione-rules explain ID` prints every rule of the book."""

from __future__ import annotations

import importlib.util

import pytest

from digione_rules.cli import main

from .helpers import RULE_IDS

pytestmark = pytest.mark.skipif(importlib.util.find_spec("digione_rules.cli.explain") is None,
                                reason="`digione-rules explain` is being built on the workflow branch")


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_explain_prints_the_rule(capsys, book, rule_id):
    """The rule's id and title appear, and the command exits 0."""
    code = main(["explain", rule_id, "--as-of", "2025-12-31"])
    out = capsys.readouterr().out
    assert code == 0
    assert rule_id in out and book.rules[rule_id].decl.title in out


def test_params_and_explain_show_a_percent_with_all_its_digits(tmp_path, capsys):
    """A percentage with three decimals is shown as it is in force (`33,333 %`, `0,125 %`), not rounded
    to two decimals."""
    (tmp_path / "main.rules").write_text(
        'document doc "Doc 1"\n\n'
        'parameter third: percent = 33,333 %\n    source doc\n\n'
        'parameter eighth: percent\n    source doc\n    value 12 %\n    value 0,125 % from 1.1.2025\n\n'
        'rule r "a share"\n    severity error\n    source doc\n    quote "x"\n'
        '    require third + eighth < 50 %\n', encoding="utf-8")
    assert main(["params", "--rules", str(tmp_path), "--as-of", "2025-06-30"]) == 0
    out = capsys.readouterr().out
    assert "33,333 %" in out and "0,125 %" in out and "33,33 %" not in out and "0,13 %" not in out
    assert main(["explain", "r", "--rules", str(tmp_path), "--as-of", "2025-06-30"]) == 0
    out = capsys.readouterr().out
    assert "33,333 %" in out and "12 % from" not in out and "0,125 % from 1.1.2025" in out


def test_example_ids_are_never_broken_at_their_hyphens(capsys):
    """An id listed by `explain` can be copied for `test --example`: lines break between ids, not inside one."""
    from digione_rules.cli import main

    main(["explain", "commitment-2029"])
    out = capsys.readouterr().out
    listed = out.split("examples", 1)[1].split("\n\n", 1)[0]
    ids = [i.strip() for i in listed.replace("\n", " ").split(",")]
    assert "exit-too-late-exempts-no-one" in ids, listed
