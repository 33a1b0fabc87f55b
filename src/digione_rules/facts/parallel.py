"""The facts files loaded in two processes: the largest in this one, the others in a child.

An export is one big table (a ledger's payments) and a few smaller ones (invoices, costs); reading and
building them is most of a large run's time, on one core of a machine that has two or more.  Once the
files are listed and before any is opened, the process forks: the child reads and builds every file but
the largest (which this process reads and builds meanwhile) and sends its tables back pickled through a
pipe, without their schemas (this process has the same rule book).  The tool loads no other pickle
(never one from a file or a cache): this one comes from its own child, through a pipe made for it.

What the load gives is the sequential load's: each file is read and built as it would be, its
diagnostics and bad rows kept apart and added in the files' order (parts.py).  A file that cannot be
read sends the whole load back to the sequential path: what a reader says then may depend on what was
said before it (a header-less CSV file is F410 only when no file before it was an error).  The child
says whether its files could be read as soon as it knows, before this process builds its own file.  A
child that fails, or sends what cannot be unpickled, has its files loaded again here.

Only where `os.fork` is safe to use (not on macOS, whose system libraries are not fork-safe; Windows has
no fork; not in a process running other threads), with two cores or more to run on, and only when it pays: files of `MIN_BYTES` together, the child's at least `MIN_SHARE` of them.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import NoReturn

from ..check.model import CheckedBook
from ..diagnostics import Sink
from .mapping import Mapping
from .parts import Part, build_part, read_part
from .readers import Listed, list_path
from .table import FactTable

MIN_BYTES = 8 << 20  # a 13 MB export (100 000 payments) loads in 0.27 s, 0.05 s less in two processes
MIN_SHARE = 0.1
_READ, _UNREADABLE = b"R", b"U"  # what the child says first: whether its files could be read
_LENGTH = 8  # bytes of the length its message begins with (0: the child failed)


def load_apart(paths: list[Path], book: CheckedBook, mappings: list[Mapping], skip) -> list[Part] | None:
    """Each listed file's part, in order, from two processes; None when the load is left to one."""
    if not hasattr(os, "fork") or sys.platform in ("darwin", "win32") or _threaded() or _cores() < 2:
        return None
    files = _files(paths, book, skip)
    if files is None:
        return None
    try:
        sizes = [f.path.stat().st_size for f in files]
    except OSError:
        return None  # (reading it will say why)
    total = sum(sizes)
    largest = max(range(len(files)), key=sizes.__getitem__)
    if total < MIN_BYTES or total - sizes[largest] < MIN_SHARE * total:
        return None
    parts = _load_forked(files[largest], files[:largest] + files[largest + 1:], book, mappings)
    if parts is None:
        return None
    mine, *theirs = parts
    return theirs[:largest] + [mine] + theirs[largest:]


def _cores() -> int:
    """The cores this process may run on (a container's share, not the machine's): on one, a child would
    only add the cost of sending its tables."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _threaded() -> bool:
    """Whether this process runs other threads (a program that calls the loader): a child forked from it
    would hold copies of locks those threads may have held, never released."""
    threading = sys.modules.get("threading")
    return threading is not None and threading.active_count() > 1


def _files(paths: list[Path], book: CheckedBook, skip) -> list[Listed] | None:
    """The files the paths stand for, when listing them found nothing wrong (else the sequential load
    lists them again and says so in its order); a file listed twice, whose bad rows one load counts
    together, is left to it too."""
    heard = Sink()
    listings = [list_path(p, book, heard, skip) for p in paths]
    files = [f for listing in listings for f in listing.files]
    if not files or heard.items or any(listing.folder and not listing.files for listing in listings):
        return None
    if not all(f.readable for f in files) or len({str(f.path) for f in files}) < len(files):
        return None
    return files


def _load_forked(mine: Listed, theirs: list[Listed], book: CheckedBook, mappings: list[Mapping]
                 ) -> list[Part] | None:
    """[this process's part, then the child's parts], or None when a file cannot be read."""
    r, w = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # (no memory or processes left for a child: one process loads them all)
        os.close(r)
        os.close(w)
        return None
    if pid == 0:
        os.close(r)
        _child(w, theirs, book, mappings)
    os.close(w)
    reaped = False
    try:
        with open(r, "rb", buffering=0) as pipe:
            part = read_part(mine, book, mappings)
            said = _read(pipe, 1)
            if part.unreadable or said == _UNREADABLE:
                return None  # (built nothing: one process stops after reading too)
            build_part(part, book)
            sent = _receive(pipe, book) if said == _READ else None
        _, status = os.waitpid(pid, 0)
        reaped = True
        if sent is None or status != 0:
            sent = [read_part(f, book, mappings) for f in theirs]
            if any(p.unreadable for p in sent):
                return None
            for p in sent:
                build_part(p, book)
        return [part, *sent]
    finally:
        if not reaped:  # this process failed or was interrupted: the child's work is of no use
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _child(w: int, files: list[Listed], book: CheckedBook, mappings: list[Mapping]) -> NoReturn:
    """Load `files` and send their parts.  Ends with `os._exit`: the parent's atexit handlers and
    buffered output are the parent's to run and flush, once."""
    code = 1
    try:
        with open(w, "wb") as pipe:
            try:
                message = _work(pipe, files, book, mappings)
                code = 0
            except BaseException:
                message = b""  # (a length of 0: the child failed)
            pipe.write(len(message).to_bytes(_LENGTH, "little"))
            pipe.write(message)
    finally:
        os._exit(code)


def _work(pipe, files: list[Listed], book: CheckedBook, mappings: list[Mapping]) -> bytes:
    """The child's files read, and at once whether they all could be (the parent, its own file read,
    waits for this before building it: in vain when another file cannot be read); then built, and their
    parts pickled."""
    parts = [read_part(f, book, mappings) for f in files]
    readable = not any(p.unreadable for p in parts)
    pipe.write(_READ if readable else _UNREADABLE)
    pipe.flush()
    if not readable:
        return b""
    for p in parts:
        build_part(p, book)
    import pickle  # (only here and in the parent: a run that does not fork never imports it)

    return pickle.dumps([_sent(p) for p in parts], pickle.HIGHEST_PROTOCOL)


def _sent(part: Part) -> Part:
    """The part as pickled: the tables without their schemas."""
    return Part(part.said_reading, [], part.names, [_state(t) for t in part.tables], part.said_building,
                part.problems)


def _state(table: FactTable | None) -> tuple | None:
    if table is None:
        return None
    return (table.name, table.columns, table.lines, table.file, table.sheet, table.sha256, table.columns_at,
            table.distinct, table.values_met, table._in_id_order)


def _receive(pipe, book: CheckedBook) -> list[Part] | None:
    """The child's parts, or None when it failed or what it sent cannot be read."""
    length = int.from_bytes(_read(pipe, _LENGTH) or b"", "little")
    message = _read(pipe, length) if length else None
    if message is None:
        return None
    import pickle

    try:
        parts = pickle.loads(message)
        for part in parts:
            part.tables = [_table(state, book) for state in part.tables]
    except Exception:
        return None
    return parts


def _read(pipe, n: int) -> bytearray | None:
    """`n` bytes into one buffer (a message of a few hundred thousand rows is tens of MB: read once, not
    gathered in pieces and joined), or None when the pipe ends before."""
    buffer = bytearray(n)
    with memoryview(buffer) as view:
        got = 0
        while got < n:
            k = pipe.readinto(view[got:])
            if not k:
                return None
            got += k
    return buffer


def _table(state: tuple | None, book: CheckedBook) -> FactTable | None:
    if state is None:
        return None
    name, columns, lines, file, sheet, sha256, columns_at, distinct, values_met, in_id_order = state
    table = FactTable(name, book.facts[name], columns, lines, file, sheet, sha256=sha256, columns_at=columns_at)
    table.distinct = distinct
    table.values_met = values_met
    table._in_id_order = in_id_order
    return table
