"""Shared fixtures: the packaged rule book, checked once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from digione_rules.book import load_rule_book
from digione_rules.check import check_book
from digione_rules.diagnostics import Sink

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def book():
    sink = Sink()
    loaded = load_rule_book(ROOT / "rules", sink)
    checked = check_book(loaded, sink)
    assert not sink.has_errors, [d.concise() for d in sink.items]
    return checked


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="Rewrite the expected outputs of golden tests (tests/cases, tests/fmt) from the tool's output.")


@pytest.fixture
def update_goldens(request) -> bool:
    return request.config.getoption("--update-goldens")
