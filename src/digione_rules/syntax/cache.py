"""A cache of parsed rule files, so a run does not parse the same unchanged rule book again.

Each parsed file is stored as JSON (never a pickle: decoding builds only the AST's own classes, by a
fixed list of names, so a cache file cannot run code) under a key made of the file's path and text, the
tool's version, and a digest of the grammar, the code that builds the AST and the AST's fields.  The folder is $DIGIONE_RULES_CACHE, else
$XDG_CACHE_HOME/digione-rules, else ~/.cache/digione-rules; `DIGIONE_RULES_CACHE=off` turns caching off.
A cache that cannot be read or written is ignored: it only ever saves time.  So is one that is damaged or
made by hand: a file that does not decode to a module of this path, by the fixed list of classes, is
parsed again (the cache folder is the user's own; what it holds is never run, only decoded).
"""

from __future__ import annotations

import dataclasses
import functools
import datetime as _dt
import hashlib
import json
import os
from decimal import Decimal
from pathlib import Path

from .. import __version__, ast
from ..literals import Duration
from ..source import Span
from .parsed import Comment

_CLASSES = {
    cls.__name__: cls
    for cls in vars(ast).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == ast.__name__
}
_CLASSES.update({"Duration": Duration, "Comment": Comment})
_FIELDS = {name: [f.name for f in dataclasses.fields(cls)] for name, cls in _CLASSES.items()}


def cache_dir() -> Path | None:
    configured = os.environ.get("DIGIONE_RULES_CACHE")
    if configured is not None:
        return None if configured.lower() in ("", "0", "off", "no", "false") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "digione-rules"


@functools.cache
def _grammar() -> str:
    """A digest of what makes a parse: the grammar and the code that builds the AST from it (so a cache
    written by another build of the same version is not read)."""
    from .. import literals
    from .generate import GRAMMAR

    h = hashlib.sha256()
    for file in [GRAMMAR, Path(literals.__file__), Path(ast.__file__), *sorted(Path(__file__).parent.glob("*.py"))]:
        h.update(file.read_bytes())
    return h.hexdigest()


def _key(path: str, text: str) -> str:
    h = hashlib.sha256()
    # the AST's shape is part of the key: a cache written before a node gained a field is not read
    shape = json.dumps(_FIELDS, sort_keys=True)
    for part in (__version__, _grammar(), shape, path, text):
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def load(path: str, text: str):
    """The cached (module, comments) of this file's text, or None."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        data = json.loads((folder / f"{_key(path, text)}.json").read_text(encoding="utf-8"))
        module, comments = _decode(data["module"]), tuple(_decode(c) for c in data["comments"])
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError, ArithmeticError, RecursionError):
        return None  # unreadable, damaged or made by hand: parse the file instead
    if not isinstance(module, ast.Module) or module.path != path or not all(isinstance(c, Comment) for c in comments):
        return None
    return module, comments


def store(path: str, text: str, module, comments) -> None:
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{_key(path, text)}.json"
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"module": _encode(module), "comments": [_encode(c) for c in comments]},
                                  separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        pass


def _encode(obj):
    if obj is None or isinstance(obj, (bool, int, str)):
        return obj
    if isinstance(obj, Span):
        return {"@s": [obj.path, obj.line, obj.column, obj.end_line, obj.end_column]}
    if isinstance(obj, Decimal):
        return {"@d": str(obj)}
    if isinstance(obj, _dt.date):
        return {"@t": obj.isoformat()}
    if isinstance(obj, tuple):
        return [_encode(x) for x in obj]
    name = type(obj).__name__
    if name in _CLASSES:
        return {"@": name, "f": [_encode(getattr(obj, f)) for f in _FIELDS[name]]}
    raise TypeError(f"cannot cache a {name}")


def _decode(data):
    if isinstance(data, list):
        return tuple(_decode(x) for x in data)
    if not isinstance(data, dict):
        return data
    if "@s" in data:
        return Span(*data["@s"])
    if "@d" in data:
        return Decimal(data["@d"])
    if "@t" in data:
        return _dt.date.fromisoformat(data["@t"])
    cls = _CLASSES[data["@"]]  # only the AST's own classes: a KeyError for anything else
    return cls(*(_decode(x) for x in data["f"]))
