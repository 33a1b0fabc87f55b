"""The generated parser is built from the grammar as it is now."""

from digione_rules.syntax import generate


def test_generated_parser_matches_grammar():
    """_generated.py carries the hash of grammar.lark: regenerate after editing the grammar."""
    assert generate.is_current()
