"""The parse cache gives back exactly what parsing gives, and a tampered cache is ignored."""

from __future__ import annotations

import dataclasses
import json

from digione_rules.book import load_rule_book
from digione_rules.diagnostics import Sink
from digione_rules.syntax import cache

from ..conftest import ROOT


def _spans(node, out):
    if dataclasses.is_dataclass(node):
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            if f.name.endswith("span"):
                out.append(value)
            else:
                _spans(value, out)
    elif isinstance(node, tuple):
        for x in node:
            _spans(x, out)
    return out


def test_cached_parse_equals_fresh_parse(tmp_path, monkeypatch):
    """A second load of the rule book, served from the cache, has the same AST, spans and comments."""
    monkeypatch.setenv("DIGIONE_RULES_CACHE", str(tmp_path))
    first = load_rule_book(ROOT / "rules", Sink())
    assert list(tmp_path.glob("*.json"))
    second = load_rule_book(ROOT / "rules", Sink())
    for a, b in zip(first.parsed, second.parsed):
        assert a.module == b.module
        assert _spans(a.module, []) == _spans(b.module, [])
        assert a.comments == b.comments


def test_tampered_cache_is_ignored(tmp_path, monkeypatch):
    """A cache file naming a class the AST does not have is not used: the file is parsed again."""
    monkeypatch.setenv("DIGIONE_RULES_CACHE", str(tmp_path))
    fresh = load_rule_book(ROOT / "rules", Sink())
    for f in tmp_path.glob("*.json"):
        f.write_text(json.dumps({"module": {"@": "os.system", "f": ["echo hi"]}, "comments": []}))
    again = load_rule_book(ROOT / "rules", Sink())
    assert [p.module for p in again.parsed] == [p.module for p in fresh.parsed]


def test_cache_can_be_turned_off(monkeypatch):
    """DIGIONE_RULES_CACHE=off disables the cache."""
    monkeypatch.setenv("DIGIONE_RULES_CACHE", "off")
    assert cache.cache_dir() is None


def test_cache_key_changes_with_the_ast_fields(monkeypatch):
    """A node that gains a field (a citation's document span) makes older cache files unused, rather
    than decoded with the new field at its default."""
    before = cache._key("rules/main.rules", "text")
    fields = {**cache._FIELDS, "Citation": [*cache._FIELDS["Citation"], "another"]}
    monkeypatch.setattr(cache, "_FIELDS", fields)
    assert cache._key("rules/main.rules", "text") != before
