"""The `fmt` command: in-place rewriting, --check, --diff and refusing broken files."""

from __future__ import annotations

import shutil
from pathlib import Path

from digione_rules.cli import main
from digione_rules.fmt import format_text

ROOT = Path(__file__).resolve().parents[2]
UGLY = 'parameter fee: money = 1287000€\n    source kh\n'
PRETTY = 'parameter fee: money = 1 287 000 €\n    source kh\n'


def test_rewrites_in_place(tmp_path, capsys):
    """Without flags, a file is rewritten in the canonical layout and the command exits 0."""
    f = tmp_path / "a.rules"
    f.write_text(UGLY, encoding="utf-8")
    assert main(["fmt", str(f)]) == 0
    assert f.read_text(encoding="utf-8") == PRETTY


def test_check_lists_files_and_exits_1(tmp_path, capsys):
    """`--check` writes nothing, lists the files that would change and exits 1."""
    (tmp_path / "a.rules").write_text(UGLY, encoding="utf-8")
    (tmp_path / "b.rules").write_text(PRETTY, encoding="utf-8")
    assert main(["fmt", str(tmp_path), "--check"]) == 1
    assert capsys.readouterr().out.splitlines() == [str(tmp_path / "a.rules")]
    assert (tmp_path / "a.rules").read_text(encoding="utf-8") == UGLY
    assert main(["fmt", str(tmp_path / "b.rules"), "--check"]) == 0


def test_diff_prints_a_unified_diff(tmp_path, capsys):
    """`--diff` prints a unified diff and writes nothing."""
    f = tmp_path / "a.rules"
    f.write_text(UGLY, encoding="utf-8")
    assert main(["fmt", str(f), "--diff"]) == 0
    out = capsys.readouterr().out
    assert "-parameter fee: money = 1287000€" in out and "+parameter fee: money = 1 287 000 €" in out
    assert f.read_text(encoding="utf-8") == UGLY


def test_broken_file_is_left_alone_with_exit_2(tmp_path, capsys):
    """A file that does not parse is not written, and the command exits 2 with the syntax error."""
    f = tmp_path / "a.rules"
    f.write_text("rule r \"t\"\n    require (1\n", encoding="utf-8")
    assert main(["fmt", str(f)]) == 2
    assert "S105" in capsys.readouterr().err
    assert f.read_text(encoding="utf-8") == "rule r \"t\"\n    require (1\n"


def test_not_utf8_is_a_diagnostic(tmp_path, capsys):
    """A file that is not UTF-8 gives S108 and exit 2, not a traceback."""
    f = tmp_path / "a.rules"
    f.write_bytes(b"parameter p: text = \"\xff\"\n")
    assert main(["fmt", str(f)]) == 2
    assert "S108" in capsys.readouterr().err


def test_packaged_rule_book_formats_idempotently(tmp_path):
    """Every file of the rule book formats, and formatting the result changes nothing."""
    book = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", book)
    for path in sorted(book.glob("*.rules")):
        once = format_text(path.read_text(encoding="utf-8"), path.name)
        assert once.ok, [d.concise() for d in once.diagnostics]
        assert format_text(once.text, path.name).text == once.text


def test_crlf_input_is_formatted_with_newlines(tmp_path):
    """Windows line ends are read and written back as plain newlines."""
    assert format_text(PRETTY.replace("\n", "\r\n")).text == PRETTY


def test_packaged_rule_book_is_formatted():
    """The rule book in the repository is kept in the canonical layout (`digione-rules fmt --check rules`)."""
    from digione_rules.cli import main

    assert main(["fmt", "--check", str(Path(__file__).resolve().parents[2] / "rules")]) == 0


def test_percent_with_more_than_two_decimals_keeps_its_digits(tmp_path, capsys):
    """`33,333 %`, `0,125 %` and `1,005 %` are canonical as written (exit 0, unchanged); `0.125 %` is
    written `0,125 %`.  They were rounded to two decimals, which the safety net refused (C605)."""
    for written, canonical in (("33,333 %", "33,333 %"), ("0,125 %", "0,125 %"), ("1,005 %", "1,005 %"),
                               ("0.125 %", "0,125 %"), ("12,500 %", "12,5 %")):
        f = tmp_path / "a.rules"
        f.write_text(f'document doc "Doc 1"\n\nparameter p: percent = {written}\n    source doc\n', encoding="utf-8")
        assert main(["fmt", str(f)]) == 0, capsys.readouterr().err
        assert f.read_text(encoding="utf-8") == (
            f'document doc "Doc 1"\n\nparameter p: percent = {canonical}\n    source doc\n')
        assert main(["fmt", str(f), "--check"]) == 0


def test_c605_is_located_at_the_declaration_it_is_about(monkeypatch):
    """When the output would mean something else, C605 names the declaration and stands at its line."""
    import digione_rules.fmt as fmt

    text = 'document doc "Doc 1"\n\nparameter p: integer = 1\n    source doc\n'
    monkeypatch.setattr(fmt, "format_parsed", lambda parsed, text: text.replace("= 1", "= 2"))
    result = fmt.format_text(text, "a.rules")
    (d,) = result.diagnostics
    assert d.code == "C605" and "parameter `p`" in d.message
    assert (d.span.path, d.span.line, d.span.column) == ("a.rules", 3, 1)


def test_c605_for_a_lost_comment_is_located_at_the_comment(monkeypatch):
    """A comment the output would lose is where C605 stands."""
    import digione_rules.fmt as fmt

    text = 'document doc "Doc 1"\n\nparameter p: integer = 1  # one\n    source doc\n'
    monkeypatch.setattr(fmt, "format_parsed", lambda parsed, text: text.replace("  # one", ""))
    (d,) = fmt.format_text(text, "a.rules").diagnostics
    assert d.code == "C605" and "comments" in d.message
    assert (d.span.line, d.span.column) == (3, 27)
