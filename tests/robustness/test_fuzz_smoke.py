"""A short run of every fuzz target (fuzz/README.md) as part of the test suite: the hypothesis targets with a
few derandomized examples each, and, where atheris is installed, the libFuzzer harness for a few runs."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from fuzz import targets
from fuzz.hypo import TESTS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = {"pipeline": 12, "waivers": 25, "xlsx": 25}  # the slower targets; the others run 40


@pytest.mark.parametrize("name", list(TESTS))
def test_hypothesis_target(name):
    """The target answers a few dozen generated inputs with results or diagnostics only."""
    fn, strategies = TESTS[name]
    before = sum(targets.RUNS.values())
    test = settings(max_examples=EXAMPLES.get(name, 40), deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))(given(*strategies)(fn))
    test()
    assert sum(targets.RUNS.values()) > before


ATHERIS = importlib.util.find_spec("atheris") is not None


@pytest.mark.skipif(not ATHERIS, reason="atheris is not installed (pip install atheris): an optional fuzzing tool")
@pytest.mark.parametrize("name", ["rules", "csv", "xlsx", "mapping", "pipeline"])  # each of the harness's decoders
def test_atheris_harness(name, tmp_path):
    """The libFuzzer harness runs a few inputs of the target and exits 0 (no crash, no leak of a traceback);
    json, jsonl, yaml, literals and waivers share the decoders of csv and rules."""
    env = {**os.environ, "DIGIONE_RULES_CACHE": "off"}
    ran = subprocess.run([sys.executable, str(ROOT / "fuzz" / "atheris_fuzz.py"), name, "-runs=20", "-seed=1",
                          "-rss_limit_mb=4096", f"-artifact_prefix={tmp_path}/"], capture_output=True, text=True,
                         env=env, cwd=tmp_path, timeout=600)
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert "Done 20 runs" in ran.stderr
