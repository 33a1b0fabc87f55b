"""A `rules/` folder in the working directory that differs from the packaged rule book is noted: a contract
manager who edits the repository's rules after `pip install .` would otherwise check the installed copy."""

from __future__ import annotations

import shutil
from pathlib import Path

from digione_rules.book import packaged_rule_book
from digione_rules.cli import main

NOTE = "./rules differs from it: give --rules rules"


def _lint(capsys, *args: str) -> str:
    capsys.readouterr()
    main(["lint", *args])
    return capsys.readouterr().err


def test_an_edited_rules_folder_here_is_noted(tmp_path, monkeypatch, capsys):
    shutil.copytree(packaged_rule_book(), tmp_path / "rules")
    monkeypatch.chdir(tmp_path)
    assert NOTE not in _lint(capsys)  # the same book: nothing to say
    with (tmp_path / "rules" / "parameters.rules").open("a", encoding="utf-8") as f:
        f.write("\n# amended\n")
    assert NOTE in _lint(capsys)
    assert NOTE not in _lint(capsys, "--rules", "rules")  # named: read, nothing to note


def test_no_rules_folder_here_says_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert NOTE not in _lint(capsys)
    assert Path.cwd() == tmp_path
