"""Files loaded in two processes give what one process gives: the same tables, digest and diagnostics in the
same order, whatever is wrong with the files; and no process is left behind, whatever goes wrong."""

from __future__ import annotations

import os
import pickle
import shutil
import sys
from pathlib import Path

import pytest
from test_malformed import CASES

from digione_rules.diagnostics import Sink
from digione_rules.facts import parallel
from digione_rules.facts.load import load_facts
from digione_rules.facts.raw import DATA_SUFFIXES

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
FOLDERS = ["clean", "clean-fi", "clean-xlsx", *(f"{kind}/{case.name}" for kind in ("boundaries", "violations")
                                                for case in sorted((FIXTURES / kind).iterdir()) if case.is_dir())]


@pytest.fixture
def forked(monkeypatch):
    """Loads fork whatever the files' sizes; the list tells, for each fork, whether its parts were used."""
    monkeypatch.setattr(parallel, "MIN_SHARE", 0)
    monkeypatch.setattr(parallel, "_cores", lambda: 2)  # (a machine of one core would not fork)
    used: list[bool] = []
    real = parallel._load_forked

    def spy(*args):
        parts = real(*args)
        used.append(parts is not None)
        return parts

    monkeypatch.setattr(parallel, "_load_forked", spy)
    return used


def _load(book, monkeypatch, paths, mappings=(), keep_going=False, cap=1000, apart=True):
    monkeypatch.setattr(parallel, "MIN_BYTES", 0 if apart else 1 << 62)
    monkeypatch.setattr(parallel, "_cores", lambda: 2)
    sink = Sink(cap=cap)
    facts = load_facts(paths, book, sink, mappings, keep_going)
    _no_child_left()
    return _outcome(facts, sink)


def _outcome(facts, sink: Sink) -> dict:
    """All a load gives, comparable: the diagnostics in the sink's order, and every table as built."""
    out = {"diagnostics": list(sink.items), "dropped": sink.dropped}
    if facts is not None:
        out.update(digest=facts.digest, files=facts.files, warnings=facts.warnings, unreadable=facts.unreadable,
                   tables=[(name, t.file, t.sheet, t.sha256, type(t.lines).__name__, list(t.lines), repr(t.columns),
                            t.columns_at, t.distinct, t.values_met, t._in_id_order) for name, t in facts.tables.items()])
    return out


def _no_child_left() -> None:
    try:
        assert os.waitpid(-1, os.WNOHANG) == (0, 0)
    except ChildProcessError:
        pass


def _same_either_way(book, monkeypatch, paths, **kw) -> dict:
    apart = _load(book, monkeypatch, paths, **kw)
    assert apart == _load(book, monkeypatch, paths, apart=False, **kw)
    return apart


@pytest.mark.parametrize("folder", FOLDERS)
def test_fixture_folders(book, monkeypatch, forked, folder):
    outcome = _same_either_way(book, monkeypatch, [FIXTURES / folder])
    assert forked == [True] and "tables" in outcome


@pytest.mark.parametrize("keep_going", [False, True], ids=["stop", "keep-going"])
@pytest.mark.parametrize("files", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_malformed_files_among_clean_ones(book, monkeypatch, tmp_path, forked, files, keep_going):
    """Each malformed case of test_malformed, alone and in place of the clean fixture's file of its table
    (then it is most often the child's: the parent keeps the largest file)."""
    alone, among = tmp_path / "alone", tmp_path / "among"
    shutil.copytree(FIXTURES / "clean", among, ignore=shutil.ignore_patterns("*.md"))
    alone.mkdir()
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (alone / name).write_bytes(data)
        for old in among.glob(name.split(".")[0] + ".*"):
            old.unlink()
        (among / name).write_bytes(data)
    for folder in (alone, among):
        _same_either_way(book, monkeypatch, [folder], keep_going=keep_going)
    assert len(forked) == (2 if all(Path(name).suffix in DATA_SUFFIXES for name in files) else 0)


def test_mapping_files(book, monkeypatch, tmp_path, forked):
    for name in ("ostolaskut_2024.csv", "vantaa_ostolaskut.toml"):
        shutil.copy(FIXTURES / "mappings" / name, tmp_path / name)
    shutil.copy(FIXTURES / "clean" / "invoices.csv", tmp_path / "invoices.csv")
    mapping = [tmp_path / "vantaa_ostolaskut.toml"]
    outcome = _same_either_way(book, monkeypatch, [tmp_path / "ostolaskut_2024.csv", tmp_path / "invoices.csv"],
                               mappings=mapping, keep_going=True)
    assert [d.code for d in outcome["diagnostics"]] == ["F417", "F417"]
    _same_either_way(book, monkeypatch, [tmp_path], mappings=mapping, keep_going=True)  # (the mapping file skipped)
    assert forked == [True, True]


@pytest.mark.parametrize("keep_going", [False, True], ids=["stop", "keep-going"])
def test_bad_rows_in_both_processes_under_the_sinks_cap(book, monkeypatch, tmp_path, forked, keep_going):
    """Row errors of the parent's file and of the child's, more than the sink keeps: the same ones kept."""
    shutil.copytree(FIXTURES / "clean", tmp_path / "facts")
    payments = tmp_path / "facts" / "payments.csv"
    payments.write_text(payments.read_text().replace(",2024-", ",2024-13-"))  # every date of 2024 a bad one
    (tmp_path / "facts" / "votes.csv").write_text("decision,voter,vote\nE9,Espoo,for\nE-2024-001,Oulu,maybe\n")
    for cap in (3, 150, 1000):
        outcome = _same_either_way(book, monkeypatch, [tmp_path / "facts"], keep_going=keep_going, cap=cap)
        assert outcome["dropped"] > 0 or keep_going or cap > 3
    assert forked == [True] * 3


@pytest.mark.parametrize("case", ["twice-in-a-folder", "folder-twice", "file-and-its-folder", "not-utf8",
                                  "a-folder-named-like-a-table", "unsupported", "missing", "empty-folder",
                                  "headerless-after-an-error"])
def test_files_that_cannot_be_read(book, monkeypatch, tmp_path, forked, case):
    """Errors while reading and listing: the load is one process's (or is judged the same after the fork)."""
    facts = tmp_path / "facts"
    shutil.copytree(FIXTURES / "clean", facts, ignore=shutil.ignore_patterns("*.md"))
    paths = [facts]
    if case == "twice-in-a-folder":
        (facts / "votes.json").write_text('[{"decision": "E1", "voter": "Espoo", "vote": "for"}]')
    elif case == "folder-twice":
        paths = [facts, facts]
    elif case == "file-and-its-folder":
        paths = [facts / "invoices.csv", facts]
    elif case == "not-utf8":
        (facts / "costs.csv").write_bytes("id;date\n".encode("utf-16"))
    elif case == "a-folder-named-like-a-table":
        (facts / "votes.csv").unlink()
        (facts / "votes.csv").mkdir()
    elif case == "unsupported":
        (facts / "votes.ods").write_bytes(b"PK")
    elif case == "missing":
        paths = [facts, tmp_path / "nowhere"]
    elif case == "empty-folder":
        (tmp_path / "empty").mkdir()
        paths = [facts, tmp_path / "empty"]
    elif case == "headerless-after-an-error":  # F410 only when no file before it was an error
        (facts / "costs.csv").write_bytes(b"\xff\xfe")
        (facts / "votes.csv").write_text(",,\n,,\n")
    outcome = _same_either_way(book, monkeypatch, paths)
    assert "tables" not in outcome
    if case == "headerless-after-an-error":
        assert [d.code for d in outcome["diagnostics"]] == ["F401"]


@pytest.mark.parametrize("step", ["read_part", "build_part"])
def test_a_failing_child_leaves_its_files_to_the_parent(book, monkeypatch, forked, step):
    parent = os.getpid()
    real, real_receive = getattr(parallel, step), parallel._receive
    received = []

    def fail_in_the_child(*args):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return real(*args)

    def receive(pipe, book):
        parts = real_receive(pipe, book)
        received.append(parts)
        return parts

    monkeypatch.setattr(parallel, step, fail_in_the_child)
    monkeypatch.setattr(parallel, "_receive", receive)
    outcome = _same_either_way(book, monkeypatch, [FIXTURES / "clean"])
    assert received == ([] if step == "read_part" else [None]) and forked == [True] and "tables" in outcome


def test_a_file_the_child_cannot_read_stops_the_parent_before_it_builds(book, monkeypatch, tmp_path, forked):
    shutil.copytree(FIXTURES / "clean", tmp_path / "facts")
    (tmp_path / "facts" / "costs.csv").write_bytes("id;date\n".encode("utf-16"))
    parent = os.getpid()
    real = parallel.build_part
    built = []

    def build_part(part, book):
        if os.getpid() == parent:
            built.append(part)
        real(part, book)

    monkeypatch.setattr(parallel, "build_part", build_part)
    assert "tables" not in _same_either_way(book, monkeypatch, [tmp_path / "facts"])
    assert built == [] and forked == [False]


def test_a_child_sending_what_cannot_be_unpickled(book, monkeypatch, forked):
    monkeypatch.setattr(pickle, "dumps", lambda *args: b"not a pickle")
    outcome = _same_either_way(book, monkeypatch, [FIXTURES / "clean"])
    assert forked == [True] and "tables" in outcome


def test_a_failing_parent_takes_its_child_down(book, monkeypatch, forked):
    parent = os.getpid()
    real = parallel.build_part

    def build_part(part, book):
        if os.getpid() == parent:
            raise KeyboardInterrupt
        real(part, book)

    monkeypatch.setattr(parallel, "build_part", build_part)
    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    with pytest.raises(KeyboardInterrupt):
        load_facts([FIXTURES / "clean"], book, Sink())
    _no_child_left()


@pytest.mark.parametrize("why", ["nothing", "small", "the-others-too-small", "no-fork-on-macos", "other-threads",
                                 "one-core"])
def test_when_it_does_not_fork(book, monkeypatch, why):
    """Each reason not to fork, alone, keeps the load in one process (and with none, it forks)."""
    if why == "small":
        size = sum(f.stat().st_size for f in (FIXTURES / "clean").glob("*.csv"))
        monkeypatch.setattr(parallel, "MIN_BYTES", size + 1)
    else:
        monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    if why == "the-others-too-small":
        monkeypatch.setattr(parallel, "MIN_SHARE", 0.9)
    if why == "no-fork-on-macos":
        monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0} if why == "one-core" else {0, 1})
    if why == "other-threads":
        import threading

        monkeypatch.setattr(threading, "active_count", lambda: 2)

    def fork():
        raise AssertionError("forked")

    monkeypatch.setattr(os, "fork", fork)
    if why == "nothing":
        with pytest.raises(AssertionError, match="forked"):
            load_facts([FIXTURES / "clean"], book, Sink())
    else:
        assert load_facts([FIXTURES / "clean"], book, Sink()) is not None
