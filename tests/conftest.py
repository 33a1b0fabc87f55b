"""Shared fixtures: the packaged rule book, checked once per test session."""

from __future__ import annotations

from pathlib import Path

import os

import pytest
from hypothesis import settings

from digione_rules.book import load_rule_book
from digione_rules.check import check_book
from digione_rules.diagnostics import Sink

ROOT = Path(__file__).resolve().parent.parent

# The suite is repeatable: hypothesis draws the same examples on every run, so CI's verdict depends on the
# code alone.  HYPOTHESIS_PROFILE=explore draws new ones (and remembers failures) to look for bugs.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(scope="session", autouse=True)
def _private_parse_cache(tmp_path_factory):
    """Tests use a parse cache of their own, never the user's."""
    import os

    folder = tmp_path_factory.mktemp("parse-cache")
    old = os.environ.get("DIGIONE_RULES_CACHE")
    os.environ["DIGIONE_RULES_CACHE"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("DIGIONE_RULES_CACHE", None)
    else:
        os.environ["DIGIONE_RULES_CACHE"] = old


@pytest.fixture(scope="session")
def book():
    sink = Sink()
    loaded = load_rule_book(ROOT / "rules", sink)
    checked = check_book(loaded, sink)
    assert not sink.has_errors, [d.concise() for d in sink.items]
    return checked


def pytest_addoption(parser):
    """`--update-goldens` rewrites the expected outputs of golden tests instead of comparing them."""
    try:
        parser.addoption("--update-goldens", action="store_true", default=False,
                         help="rewrite golden files (expected outputs) from the current output")
    except ValueError:  # another conftest or plugin already added it
        pass


@pytest.fixture
def update_goldens(request) -> bool:
    return request.config.getoption("--update-goldens")
