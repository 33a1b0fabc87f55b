"""YAML (facts documents, mapping files, waivers files) and mapping files within bounds: aliases cannot
expand a document into a billion values, nesting and odd scalars are diagnostics, and a row pattern that
backtracks exponentially (ReDoS) is refused before it meets a cell."""

from __future__ import annotations

import pytest

from digione_rules import safe_yaml

from .conftest import PAYMENTS, cli, write

LAUGHS = "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}" if i else "lol"] * 9) + "]\n" for i in range(10))
ROW = "P1;1.1.2025;grant;Espoo;Tiera;5\n"


def test_billion_laughs_is_refused_before_it_is_built():
    """Nine levels of nine aliases (a billion values) are refused from the composed nodes alone."""
    with pytest.raises(safe_yaml.YamlError) as e:
        safe_yaml.load(LAUGHS)
    assert "aliases expand the document" in e.value.message


def test_aliases_within_bounds_are_read():
    """Ordinary anchors and merge keys still work."""
    doc = safe_yaml.load("base: &b {kind: grant, payer: Espoo}\nrows:\n  - <<: *b\n    id: P1\n  - <<: *b\n    id: P2\n")
    assert doc["rows"][1] == {"kind": "grant", "payer": "Espoo", "id": "P2"}


def test_an_alias_inside_itself_is_refused():
    """A recursive alias (`&a [*a]`) is an error, not a value that never ends."""
    with pytest.raises(safe_yaml.YamlError):
        safe_yaml.load("a: &a [1, *a]\n")


def test_facts_document_with_laughs_in_a_cell(load):
    """A YAML facts file whose cell is a billion-value alias is F401, quickly (its repr was a bomb)."""
    loaded = load({"payments.yaml": LAUGHS.replace("l9: ", "x9: ") + "payments:\n  - {id: *l9}\n"})
    assert loaded.facts is None
    assert loaded.codes == ["F401"], loaded.text
    assert "aliases expand" in loaded.text


def test_mapping_with_laughs_as_a_constant(load):
    """A mapping file whose constant is a billion-value alias is F413 and says YAML."""
    loaded = load({"payments.csv": PAYMENTS + ROW}, {"m.yaml": LAUGHS + "table: payments\n"})
    assert loaded.codes == ["F413"]
    assert "is not valid YAML: aliases expand" in loaded.text


@pytest.mark.parametrize("text, why", [
    ("table: payments\nfiles: [2025-13-01]\n", "month must be in 1..12"),
    ("table: payments\ndrop: " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
], ids=["a date that is not in the calendar", "deep nesting"])
def test_yaml_mapping_errors_say_yaml(load, text, why):
    """A YAML mapping file that cannot be read is reported as YAML, not TOML."""
    loaded = load({"payments.csv": PAYMENTS + ROW}, {"m.yaml": text})
    assert loaded.codes == ["F413"]
    assert "is not valid YAML" in loaded.text and why in loaded.text, loaded.text


@pytest.mark.parametrize("text, why", [
    ("waivers:\n - rule: x\n   justification: j\n   decision: d\n   expires: 2025-13-01\n", "month must be in 1..12"),
    ("waivers: " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    (LAUGHS + "waivers: []\n", "aliases expand"),
    ("waivers:\n - rule: " + "9" * 5000 + "\n", "exceeds the limit"),
    ("waivers: !!python/object/apply:os.system ['true']\n", "could not determine a constructor"),
], ids=["bad date", "deep nesting", "billion laughs", "5000-digit number", "python tag"])
def test_waivers_file_errors_are_r507(tmp_path, text, why):
    """A waivers file that cannot be read is R507 and exit 2 (a bad date and deep nesting were internal errors)."""
    facts = write(tmp_path / "facts", {"payments.csv": PAYMENTS + ROW})
    write(tmp_path, {"w.yaml": text})
    ran = cli("check", facts, "--waivers", tmp_path / "w.yaml", "--as-of", "2025-06-30")
    assert ran.code == 2
    assert "internal error" not in ran.err
    assert "R507" in ran.err and why in ran.err, ran.err


@pytest.mark.parametrize("pattern", ["(a+)+b", "(x|y+)*z", "(\\\\w+\\\\s?)*$", "(?:a{1,3})+"])
def test_row_pattern_that_backtracks_exponentially_is_refused(load, pattern):
    """A skip pattern with a repetition inside a repetition is F413, before any cell is matched (it hung)."""
    loaded = load({"payments.csv": PAYMENTS + ROW + "a" * 40 + "!;1.1.2025;grant;Espoo;Tiera;5\n"},
                  {"m.toml": f'table = "payments"\n[[skip]]\ncolumn = "id"\nmatches = "{pattern}"\n'})
    assert loaded.codes == ["F413"], loaded.text
    assert "repeats a repetition" in loaded.text


@pytest.mark.parametrize("pattern", ["yhteensä.*", "9\\\\d{3}", "(?:\\\\d{3})+", "(alv|vat).*", "T[0-9]+"])
def test_ordinary_row_patterns_are_accepted(load, pattern):
    """Patterns without nested repetition are used as before."""
    loaded = load({"payments.csv": PAYMENTS + ROW}, {"m.toml": f'table = "payments"\n[[skip]]\ncolumn = "id"\n'
                                                               f'matches = "{pattern}"\n'})
    assert loaded.facts is not None, loaded.text


@pytest.mark.parametrize("patterns", ['[""]', '["*.csv", " "]'])
def test_an_empty_file_pattern_is_f413(load, patterns):
    """`files = [""]` is F413 (pathlib raised `empty pattern`: an internal error)."""
    loaded = load({"export.csv": PAYMENTS + ROW}, {"m.toml": f'table = "payments"\nfiles = {patterns}\n'})
    assert loaded.codes == ["F413"], loaded.text
    assert "a file pattern cannot be empty" in loaded.text


@pytest.mark.parametrize("text, line, column", [
    ("- id: P1\n  date: 2024-02-28\n- id: P2\n  date: 2024-02-30\n", 4, 9),
    ("payments:\n  - id: P2\n    date: 2024-02-30\n", 3, 11),
    ("payments:\n  - {id: P2, amount: 0x, date: 2024-13-01}\n", 2, 32),
])
def test_a_yaml_value_that_cannot_be_built_is_located_at_itself(load, text, line, column):
    """A date not in the calendar, unquoted in a YAML document, is F401 at its own line and column, not
    at the document's start."""
    loaded = load({"payments.yaml": text})
    (error,) = loaded.sink.items
    assert error.code == "F401" and (error.span.line, error.span.column) == (line, column), loaded.text
